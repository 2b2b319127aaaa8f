import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadPortalSettings } from '../../apps/portal/src/config';
import { createPortalServer } from '../../apps/portal/src/portal-server';

/** The portal server on its own: the bundle's files, page paths, GraphQL forwarding, run-time config. */
describe('portal server', () => {
  let bundle: string;
  let api: Server;
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  let portal: FastifyInstance;
  let base: string;
  const get = async (url: string, init?: RequestInit) => {
    const response = await fetch(`${base}${url}`, init);
    return {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
    };
  };

  beforeAll(async () => {
    bundle = mkdtempSync(join(tmpdir(), 'sus-portal-'));
    mkdirSync(join(bundle, 'assets'));
    writeFileSync(join(bundle, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(bundle, 'assets', 'index-abc123.js'), 'console.log(1)');
    // A stand-in api that records what reaches it and answers 429 to show statuses pass through.
    api = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += String(chunk)));
      request.on('end', () => {
        seen.push({ headers: request.headers, body });
        response.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': '7',
          'x-internal': 'no',
        });
        response.end('{"errors":[{"message":"slow down","extensions":{"code":"RATE_LIMITED"}}]}');
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const settings = loadPortalSettings({
      PORTAL_API_URL: `http://127.0.0.1:${(api.address() as { port: number }).port}`,
      PORTAL_OIDC_ISSUER: 'http://127.0.0.1:3100/oidc',
      PORTAL_STATIC_DIR: bundle,
    });
    portal = createPortalServer(settings, false);
    // Over a real socket: Fastify's inject() needs an ESM-only package jest cannot load on Node 20.
    await portal.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(portal.server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await portal?.close();
    await new Promise((resolve) => api.close(resolve));
    rmSync(bundle, { recursive: true, force: true });
  });

  it('serves bundle files by exact path, page paths as the app, and nothing else', async () => {
    const asset = await get('/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    const page = await get('/pagamenti-volontari/c_l424/servizio/DONAZIONI?x=1');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:3100");
    for (const url of [
      '/assets/missing.js',
      '/..%2f..%2fpackage.json',
      '/assets/..%2f..%2findex.html.map',
      '/x.json',
    ]) {
      expect({ url, status: (await get(url)).statusCode }).toEqual({ url, status: 404 });
    }
  });

  it('forwards GraphQL as it came, with the bearer token and the caller, and passes the answer back', async () => {
    const query = '{"query":"{ me { kind } }","variables":{}}';
    const answer = await get('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abc', cookie: 'secret=1' },
      body: query,
    });
    expect(answer.statusCode).toBe(429);
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.headers['x-internal']).toBeUndefined();
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('RATE_LIMITED');
    const forwarded = seen.at(-1)!;
    expect(forwarded.body).toBe(query);
    expect(forwarded.headers.authorization).toBe('Bearer abc');
    expect(forwarded.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(forwarded.headers.cookie).toBeUndefined();
  });

  it('tells the browser where to sign in', async () => {
    const config = await get('/config.json');
    expect(JSON.parse(config.body)).toEqual({
      oidcIssuer: 'http://127.0.0.1:3100/oidc',
      oidcClientId: 'sus-dev',
    });
  });
});

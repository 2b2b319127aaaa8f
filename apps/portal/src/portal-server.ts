import { existsSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '@sus/platform';
import type { PortalSettings } from './config';
import { loadStaticFiles } from './static-files';

/** Headers a GraphQL answer may carry back to the browser. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'retry-after'];

/**
 * The portal's server: the single-page app built by Vite, GraphQL forwarded to the api (so the
 * browser talks to one origin and the api needs no CORS), and `/config.json`, the settings the
 * browser needs at run time (the IdP). It holds no state and no secret.
 */
export function createPortalServer(settings: PortalSettings, logger: Logger | false): FastifyInstance {
  if (!existsSync(`${settings.PORTAL_STATIC_DIR}/index.html`)) {
    throw new Error(
      `The portal bundle is missing (${settings.PORTAL_STATIC_DIR}/index.html): run npm run build.`,
    );
  }
  const files = loadStaticFiles(settings.PORTAL_STATIC_DIR);
  const index = files.get('/index.html')!;
  const apiUrl = settings.PORTAL_API_URL.replace(/\/$/, '');
  const issuerOrigin = new URL(settings.PORTAL_OIDC_ISSUER).origin;
  const app = Fastify({
    ...(logger ? { loggerInstance: logger as FastifyBaseLogger } : {}),
    bodyLimit: 1024 * 1024,
  });

  // Nothing from anywhere but here, except the token call to the IdP (and the sign-in page it
  // navigates to): fonts, icons and styles all come from the bundle.
  const contentSecurityPolicy = [
    "default-src 'self'",
    `connect-src 'self' ${issuerOrigin}`,
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });

  app.get('/config.json', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { oidcIssuer: settings.PORTAL_OIDC_ISSUER, oidcClientId: settings.PORTAL_OIDC_CLIENT_ID };
  });

  app.get('/health', async () => ({ status: 'ok' }));

  // GraphQL passes through untouched: the body as text, the bearer token, who the caller is.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  app.post('/graphql', async (request, reply) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (request.headers.authorization) headers.authorization = request.headers.authorization;
    if (request.headers['accept-language']) headers['accept-language'] = request.headers['accept-language'];
    const forwardedFor = request.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = [forwardedFor, request.ip].filter(Boolean).join(', ');
    let answer: Response;
    try {
      answer = await fetch(`${apiUrl}/graphql`, {
        method: 'POST',
        headers,
        body: request.body as string,
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      request.log.warn({ err: error }, 'the api did not answer');
      return reply.code(502).send({
        errors: [
          { message: 'Il servizio non risponde: riprova tra poco.', extensions: { code: 'API_UNREACHABLE' } },
        ],
      });
    }
    reply.code(answer.status);
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = answer.headers.get(name);
      if (value) reply.header(name, value);
    }
    return reply.send(Buffer.from(await answer.arrayBuffer()));
  });

  // Files of the bundle by exact path; every other page path is the app's own route.
  app.get('/*', async (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    const file = files.get(path);
    if (file) {
      reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.type(file.contentType).send(file.body);
    }
    if (path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    reply.header('cache-control', 'no-cache');
    return reply.type(index.contentType).send(index.body);
  });

  return app;
}

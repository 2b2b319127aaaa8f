import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { escapeHtml } from '../pages/html';
import { loginPage } from './login-page';
import { claimsOf, findTestUser, TEST_PASSWORD, TEST_USERS, type TestUser } from './test-users';

/** The api's resource indicator, its audience and the scope that grants access to it. */
export const API_RESOURCE = 'urn:sus:api';
export const API_AUDIENCE = 'sus-api';
export const API_SCOPE = 'sus:api';
/** A public client (PKCE) for portals and tests; as a native client any loopback port is accepted. */
export const DEV_CLIENT_ID = 'sus-dev';
const ACCESS_TOKEN_TTL_SECONDS = 3600;

/** The few members of oidc-provider (ESM-only, loaded at run time) this module uses. */
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  Grant: {
    new (properties: { clientId: string; accountId: string }): GrantLike;
    find(id: string): Promise<GrantLike | undefined>;
  };
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  proxy: boolean;
}
interface InteractionDetails {
  uid: string;
  grantId?: string;
  session?: { accountId: string };
  params: Record<string, unknown>;
  prompt: {
    name: string;
    details: {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
  };
}
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
interface GrantLike {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}

/** A real import() that TypeScript's CommonJS output does not turn into require(). */
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<{ default: ProviderClass }>;

/**
 * A real OpenID Connect provider (npm oidc-provider) with SPID-like test users, mounted at /oidc:
 * discovery at /oidc/.well-known/openid-configuration, authorization code flow with PKCE, JWT
 * access tokens for the api (audience `sus-api`) carrying the SPID claims (fiscalNumber, name,
 * familyName, email, acr) and, for staff, `sus_roles`. Keys live in memory: a restart signs out
 * everyone, as a sandbox should.
 */
export class SandboxIdentityProvider {
  private loading?: Promise<OidcProvider>;

  private constructor(
    readonly issuer: string,
    private readonly signingKey: { privateKey: CryptoKey; kid: string; jwk: JWK },
  ) {}

  static async create(publicUrl: string): Promise<SandboxIdentityProvider> {
    const issuer = `${publicUrl.replace(/\/$/, '')}/oidc`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomBytes(8).toString('hex');
    const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
    return new SandboxIdentityProvider(issuer, { privateKey, kid, jwk });
  }

  /**
   * oidc-provider is ESM-only: loaded on the first /oidc request, so code that never serves OIDC
   * (in-process sandbox tests under jest, which cannot import ESM) never loads it.
   */
  private provider(): Promise<OidcProvider> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<OidcProvider> {
    const { issuer } = this;
    const jwk = this.signingKey.jwk;
    const { default: Provider } = await importEsm('oidc-provider');
    return new Provider(issuer, {
      clients: [
        {
          client_id: DEV_CLIENT_ID,
          application_type: 'native',
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      claims: {
        openid: ['sub'],
        profile: ['name', 'familyName', 'fiscalNumber', 'sus_roles'],
        email: ['email'],
      },
      scopes: ['openid', 'profile', 'email', API_SCOPE],
      acrValues: ['https://www.spid.gov.it/SpidL2', 'https://www.spid.gov.it/SpidL3'],
      pkce: { required: () => true },
      // A browser app on any loopback port (the portal) trades its code at the token endpoint with
      // fetch: the same loopback rule as the redirect URIs of this native client (RFC 8252 §7.3).
      clientBasedCORS: (_ctx: unknown, origin: string, client: { clientId: string }) =>
        client.clientId === DEV_CLIENT_ID && isLoopbackOrigin(origin),
      features: {
        devInteractions: { enabled: false },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => API_RESOURCE,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({
            scope: API_SCOPE,
            audience: API_AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) => `/oidc/interaction/${interaction.uid}`,
      },
      findAccount: (_ctx: unknown, id: string) => {
        const user = findTestUser(id);
        return user ? { accountId: id, claims: () => claimsOf(user) } : undefined;
      },
      // What the api reads from the access token (SPID attribute names).
      extraTokenClaims: (_ctx: unknown, token: { kind: string; accountId?: string }) => {
        const user = token.accountId ? findTestUser(token.accountId) : undefined;
        if (token.kind !== 'AccessToken' || !user) return undefined;
        const { sub: _sub, ...claims } = claimsOf(user);
        return claims;
      },
      renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
        ctx.type = 'html';
        ctx.body = `<!doctype html><html lang="it"><meta charset="utf-8"><title>Errore</title>
<h1>Accesso non riuscito</h1><p>${escapeHtml(out.error ?? '')}: ${escapeHtml(out.error_description ?? '')}</p></html>`;
      },
    });
  }

  /** Routes /oidc/* before Fastify parses anything: oidc-provider reads the raw request itself. */
  install(fastify: FastifyInstance): void {
    let callback: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
    fastify.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (path !== '/oidc' && !path.startsWith('/oidc/')) return;
      reply.hijack();
      const req = request.raw;
      const res = reply.raw;
      try {
        if (path.startsWith('/oidc/interaction/')) {
          await this.interaction(path, req, res);
          return;
        }
        callback ??= (await this.provider()).callback();
        (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
        req.url = (req.url ?? '/').slice('/oidc'.length) || '/';
        await callback(req, res);
      } catch (error) {
        request.log.error({ err: error }, 'sandbox IdP failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Errore del sandbox IdP.');
      }
    });
  }

  /** GET shows the login page; POST …/login checks the password and resumes the authorization. */
  private async interaction(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await (await this.provider()).interactionDetails(req, res);
    if (req.method === 'POST' && path.endsWith('/login')) {
      const form = new URLSearchParams(await readBody(req));
      const user = findTestUser(form.get('username') ?? '');
      if (!user || form.get('password') !== TEST_PASSWORD) {
        return sendHtml(res, 401, loginPage(details.uid, TEST_USERS, 'Utente o password non corretti.'));
      }
      await (
        await this.provider()
      ).interactionFinished(
        req,
        res,
        { login: { accountId: user.username, acr: user.acr, amr: ['pwd'] } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (details.prompt.name === 'consent' && details.session) {
      return this.consent(details, req, res);
    }
    sendHtml(res, 200, loginPage(details.uid, TEST_USERS));
  }

  /** The sandbox stands in for the user's own IdP: no consent screen, what the client asks is granted. */
  private async consent(
    details: InteractionDetails,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
    const grant =
      (details.grantId ? await (await this.provider()).Grant.find(details.grantId) : undefined) ??
      new (await this.provider()).Grant({
        accountId: details.session!.accountId,
        clientId: String(details.params.client_id),
      });
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await (
      await this.provider()
    ).interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /**
   * Development password login, without a browser (curl, scripts, load tests acting as citizens or
   * staff): the same access token the authorization code flow gives, signed with the same key. A
   * citizen's token carries the same SPID claims (fiscalNumber, acr) as after the browser flow.
   */
  async passwordLogin(
    username: string,
    password: string,
  ): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number } | null> {
    const user = findTestUser(username);
    if (!user || password !== TEST_PASSWORD) return null;
    const { sub, ...claims } = claimsOf(user);
    const accessToken = await new SignJWT({
      ...claims,
      client_id: DEV_CLIENT_ID,
      scope: `openid ${API_SCOPE}`,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.signingKey.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(API_AUDIENCE)
      .setSubject(String(sub))
      .setIssuedAt()
      .setJti(randomBytes(16).toString('hex'))
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.signingKey.privateKey);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS };
  }

  static users(): readonly TestUser[] {
    return TEST_USERS;
  }
}

/** http://127.0.0.1:<port> or http://localhost:<port>: where development browsers run the portal. */
export function isLoopbackOrigin(origin: string): boolean {
  const url = URL.parse(origin);
  return url?.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}

function readBody(req: IncomingMessage, limit = 16 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > limit) reject(new Error('login form too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

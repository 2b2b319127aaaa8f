import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyRepository, parseApiKey, secretMatches, type RequestContext } from '@sus/catalog';
import { ApiSettings } from '../config';
import { AuthenticationError } from './authentication-error';
import { TokenVerifier } from './token-verifier';

/** The part of a request the authenticator reads (Fastify's request satisfies it). */
export interface CredentialsSource {
  id: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Builds the request context once per request from its credentials:
 * `authorization: Bearer <OIDC access token>` → citizen or staff;
 * `authorization: ApiKey <key>` or `x-api-key: <key>` → integrator; nothing → anonymous.
 * Credentials that are present but wrong are an error (401), never a silent anonymous.
 */
@Injectable()
export class RequestAuthenticator {
  private readonly tokens: TokenVerifier;

  constructor(
    @Inject(ApiSettings) settings: ApiSettings,
    private readonly apiKeys: ApiKeyRepository,
  ) {
    this.tokens = new TokenVerifier(settings.values.OIDC_ISSUERS);
  }

  async authenticate(request: CredentialsSource): Promise<RequestContext> {
    const requestId = request.id;
    const authorization = single(request.headers.authorization);
    const apiKey = single(request.headers['x-api-key']);
    if (authorization) {
      const [scheme = '', credentials = ''] = authorization.trim().split(/\s+/, 2);
      if (/^bearer$/i.test(scheme)) return { requestId, actor: await this.tokens.verify(credentials) };
      if (/^apikey$/i.test(scheme)) return { requestId, actor: await this.integrator(credentials) };
      throw new AuthenticationError(
        'AUTHORIZATION_SCHEME_UNSUPPORTED',
        'Unsupported authorization header: use "Bearer <token>" or "ApiKey <key>".',
      );
    }
    if (apiKey) return { requestId, actor: await this.integrator(apiKey) };
    return { requestId, actor: { kind: 'anonymous' } };
  }

  private async integrator(presented: string): Promise<RequestContext['actor']> {
    const parsed = parseApiKey(presented.trim());
    const key = parsed ? await this.apiKeys.findForAuthentication(parsed.id) : null;
    // One message for unknown, wrong and revoked keys: a caller learns nothing about which ids exist.
    if (!parsed || !key || key.revokedAt || !secretMatches(parsed.secret, key.secretSha256)) {
      throw new AuthenticationError('API_KEY_INVALID', 'Invalid or revoked API key.');
    }
    // Told apart from an invalid key: only the holder of the whole key gets here.
    if (key.expiresAt.getTime() <= Date.now()) {
      throw new AuthenticationError(
        'API_KEY_EXPIRED',
        `This API key expired on ${key.expiresAt.toISOString()}: ask the ente administrator for a new one.`,
      );
    }
    await this.apiKeys.touch(key.id);
    return { kind: 'integrator', keyId: key.id, enteCode: key.enteCode, scopes: key.scopes };
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

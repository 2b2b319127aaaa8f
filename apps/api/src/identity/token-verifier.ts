import { isValidFiscalCode } from '@sus/domain';
import type { Actor, StaffRole } from '@sus/domain';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import { z } from 'zod';
import { AuthenticationError } from './authentication-error';
import type { OidcIssuer } from './oidc-issuers';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

const SPID_FISCAL_NUMBER = /^TINIT-([A-Z0-9]{16})$/;
/** Asymmetric only: a symmetric `alg` would let anyone holding the key forge tokens. */
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * Access tokens only (RFC 9068 `typ: at+jwt`, or the generic `JWT` many gateways still send): an ID
 * token is meant for the client that asked for it, not as a credential for this api.
 */
const ACCESS_TOKEN_TYPES = ['at+jwt', 'application/at+jwt', 'jwt'];

const staffRoles = z.array(
  z.object({
    ente: z.string().min(1).optional(),
    role: z.enum(['operator', 'modeller', 'enteAdmin', 'finance', 'regionalAdmin', 'templateEditor']),
    units: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  }),
);

/**
 * Validates bearer access tokens (JWT) from the configured issuers (signature by the issuer's
 * JWKS, issuer, audience, expiry) and maps their claims to the citizen or staff actor.
 *
 * Claims: a citizen token carries SPID's `fiscalNumber` (`TINIT-<codice fiscale>`), `name`,
 * `familyName`, optional `email`, and the level of assurance in `acr` (…/SpidL2 or …/SpidL3;
 * CIE gateways use the same values). A staff token carries `sus_roles`: [{ ente?, role, units? }].
 */
export class TokenVerifier {
  private readonly keySets = new Map<string, Promise<KeySet>>();

  constructor(private readonly issuers: readonly OidcIssuer[]) {}

  async verify(token: string): Promise<Actor> {
    let unverified: JWTPayload;
    let type: unknown;
    try {
      unverified = decodeJwt(token);
      type = decodeProtectedHeader(token).typ;
    } catch {
      throw new AuthenticationError('TOKEN_MALFORMED', 'The token is not a valid JWT.');
    }
    if (
      typeof type !== 'string' ||
      !ACCESS_TOKEN_TYPES.includes(type.toLowerCase()) ||
      unverified.nonce !== undefined
    ) {
      throw new AuthenticationError(
        'TOKEN_TYPE_INVALID',
        'Send an OIDC access token (JWT header typ "at+jwt" or "JWT"), not an ID token.',
      );
    }
    const issuer = this.issuers.find((candidate) => candidate.issuer === unverified.iss);
    if (!issuer) {
      throw new AuthenticationError(
        'TOKEN_ISSUER_UNKNOWN',
        'The token was issued by an unknown identity provider.',
      );
    }
    const payload = await this.verifySigned(token, issuer);
    const actor = toActor(payload, issuer.issuer);
    if (!(issuer.actors as string[]).includes(actor.kind)) {
      throw new AuthenticationError(
        'TOKEN_CLAIMS_INVALID',
        `This identity provider may not sign in users of kind ${actor.kind}.`,
      );
    }
    return actor;
  }

  private async verifySigned(token: string, issuer: OidcIssuer): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, await this.keySet(issuer), {
        issuer: issuer.issuer,
        audience: issuer.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 30,
      });
      return payload;
    } catch (error) {
      throw toAuthenticationError(error);
    }
  }

  private keySet(issuer: OidcIssuer): Promise<KeySet> {
    let keySet = this.keySets.get(issuer.issuer);
    if (!keySet) {
      keySet = this.jwksUri(issuer).then((uri) =>
        createRemoteJWKSet(new URL(uri), { timeoutDuration: 5000 }),
      );
      // A failed discovery is retried on the next request rather than cached forever.
      keySet.catch(() => this.keySets.delete(issuer.issuer));
      this.keySets.set(issuer.issuer, keySet);
    }
    return keySet;
  }

  private async jwksUri(issuer: OidcIssuer): Promise<string> {
    if (issuer.jwksUri) return issuer.jwksUri;
    try {
      const response = await fetch(`${issuer.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5000),
      });
      const { jwks_uri: uri } = (await response.json()) as { jwks_uri?: string };
      if (!response.ok || typeof uri !== 'string') throw new Error(`discovery answered ${response.status}`);
      return uri;
    } catch {
      throw new AuthenticationError(
        'ISSUER_UNAVAILABLE',
        "L'identity provider non risponde: riprovare tra poco.",
        503,
      );
    }
  }
}

function toAuthenticationError(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWTExpired) {
    return new AuthenticationError('TOKEN_EXPIRED', 'The token has expired: sign in again.');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') {
      return new AuthenticationError(
        'TOKEN_AUDIENCE_INVALID',
        'The token is not meant for this API (audience).',
      );
    }
    if (error.claim === 'iss') {
      return new AuthenticationError('TOKEN_ISSUER_UNKNOWN', 'Unknown token issuer.');
    }
    return new AuthenticationError('TOKEN_INVALID', `The token is invalid (${error.claim}).`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new AuthenticationError('TOKEN_SIGNATURE_INVALID', 'The token signature is invalid.');
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AuthenticationError(
      'ISSUER_UNAVAILABLE',
      "Le chiavi dell'identity provider non sono disponibili: riprovare tra poco.",
      503,
    );
  }
  if (error instanceof TypeError) {
    // fetch() of the JWKS failed (connection refused, DNS).
    return new AuthenticationError(
      'ISSUER_UNAVAILABLE',
      "L'identity provider non risponde: riprovare tra poco.",
      503,
    );
  }
  return new AuthenticationError('TOKEN_INVALID', 'The token is invalid.');
}

function text(payload: JWTPayload, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = payload[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/**
 * A staff member's user id: the issuer (without scheme) and the subject, since `sub` is unique only
 * within its issuer, e.g. `idp.example/oidc/admin.regione`.
 */
export function staffUserId(issuer: string, sub: string): string {
  return `${issuer.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')}/${sub}`;
}

/** Exported for unit tests: the claim mapping without signatures. */
export function toActor(payload: JWTPayload, issuer: string): Actor {
  const sub = payload.sub as string;
  if (payload.sus_roles !== undefined) {
    const roles = staffRoles.safeParse(payload.sus_roles);
    if (!roles.success || roles.data.length === 0) {
      throw new AuthenticationError('TOKEN_CLAIMS_INVALID', "The token's sus_roles claim is invalid.");
    }
    const name = [text(payload, 'name', 'given_name'), text(payload, 'familyName', 'family_name')]
      .filter(Boolean)
      .join(' ');
    return {
      kind: 'staff',
      userId: staffUserId(issuer, sub),
      name: name || sub,
      roles: roles.data.map((grant) => ({
        role: grant.role as StaffRole,
        ...(grant.ente ? { enteCode: grant.ente } : {}),
        ...(grant.units?.length ? { units: grant.units } : {}),
      })),
    };
  }
  const fiscalNumber = text(payload, 'fiscalNumber');
  if (!fiscalNumber) {
    throw new AuthenticationError(
      'FISCAL_NUMBER_MISSING',
      'The token carries no fiscal code (claim fiscalNumber).',
    );
  }
  const match = SPID_FISCAL_NUMBER.exec(fiscalNumber.toUpperCase());
  if (!match || !isValidFiscalCode(match[1]!)) {
    throw new AuthenticationError(
      'TOKEN_CLAIMS_INVALID',
      'Il claim fiscalNumber deve essere TINIT- seguito da un codice fiscale valido.',
    );
  }
  const acr = text(payload, 'acr') ?? '';
  const loa = /L3$/.test(acr) ? 'L3' : /L2$/.test(acr) ? 'L2' : undefined;
  if (!loa) {
    throw new AuthenticationError(
      'TOKEN_CLAIMS_INVALID',
      'Livello di autenticazione insufficiente: servono SPID/CIE di livello 2 o 3.',
    );
  }
  const email = text(payload, 'email');
  return {
    kind: 'citizen',
    fiscalCode: match[1]!,
    name: text(payload, 'name', 'given_name') ?? '',
    familyName: text(payload, 'familyName', 'family_name') ?? '',
    loa,
    ...(email ? { email } : {}),
  };
}

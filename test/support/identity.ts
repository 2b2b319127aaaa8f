import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

/** Enti used by identity tests: X = Comune di Trieste, Y = Comune di Medea (IPA codes). */
export const ENTE_X = 'c_l424';
export const ENTE_Y = 'c_f081';

export interface TestIssuer {
  issuer: string;
  audience: string;
  /** The api's OIDC_ISSUERS value for this issuer. */
  oidcIssuers: string;
  /** Signs an access token as the issuer would; `options` bends it for negative tests. */
  mint(
    claims: JWTPayload,
    options?: {
      expiresIn?: string | number;
      audience?: string;
      issuer?: string;
      signWithOtherKey?: boolean;
      /** The JWT header `typ`; default `at+jwt` (RFC 9068), as the sandbox IdP issues. */
      typ?: string;
    },
  ): Promise<string>;
  close(): Promise<void>;
}

/** A minimal OIDC issuer for tests: discovery + JWKS over HTTP, tokens signed with jose. */
export async function startTestIssuer(
  audience = 'sus-api',
  actors: ('citizen' | 'staff')[] = ['citizen', 'staff'],
): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  let base = '';
  const server: Server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/.well-known/openid-configuration') {
      response.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
    } else if (request.url === '/jwks') {
      response.end(JSON.stringify({ keys: [jwk] }));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    issuer: base,
    audience,
    oidcIssuers: JSON.stringify([{ issuer: base, audience, actors }]),
    mint: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid, typ: options.typ ?? 'at+jwt' })
        .setIssuer(options.issuer ?? base)
        .setAudience(options.audience ?? audience)
        .setSubject(typeof claims.sub === 'string' ? claims.sub : randomUUID())
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '10m')
        .sign(options.signWithOtherKey ? other.privateKey : privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Claims of the personas of the permission matrix (fiscal codes are valid, people are invented). */
export const PERSONA_CLAIMS = {
  citizenA: {
    sub: 'citizen-a',
    fiscalNumber: 'TINIT-RSSMRA80A01L424F',
    name: 'Mario',
    familyName: 'Rossi',
    email: 'mario.rossi@example.it',
    acr: 'https://www.spid.gov.it/SpidL2',
  },
  citizenB: {
    sub: 'citizen-b',
    fiscalNumber: 'TINIT-BNCGLI85C55L424K',
    name: 'Giulia',
    familyName: 'Bianchi',
    acr: 'https://www.spid.gov.it/SpidL3',
  },
  operatorX: {
    sub: 'operatore.trieste',
    name: 'Paolo',
    familyName: 'Costa',
    sus_roles: [{ ente: ENTE_X, role: 'operator', units: ['UFF-STC'] }],
  },
  operatorY: {
    sub: 'operatore.medea',
    name: 'Laura',
    familyName: 'Zanetti',
    sus_roles: [{ ente: ENTE_Y, role: 'operator' }],
  },
  modellerX: {
    sub: 'modellatore.trieste',
    name: 'Giorgio',
    familyName: 'Di Lisi',
    sus_roles: [{ ente: ENTE_X, role: 'modeller' }],
  },
  enteAdminX: {
    sub: 'admin.trieste',
    name: 'Stefano',
    familyName: 'Marini',
    sus_roles: [{ ente: ENTE_X, role: 'enteAdmin' }],
  },
  /** The ragioneria (issue 19): issues notices and reconciles income, no cases or messages. */
  financeX: {
    sub: 'ragioneria.trieste',
    name: 'Franca',
    familyName: 'Degrassi',
    sus_roles: [{ ente: ENTE_X, role: 'finance' }],
  },
  regionalAdmin: {
    sub: 'admin.regione',
    name: 'Elena',
    familyName: 'Fabbro',
    sus_roles: [{ role: 'regionalAdmin' }],
  },
  /** Regional: edits the region's concepts and templates, sees no ente's data (issue 11). */
  templateEditor: {
    sub: 'modelli.regione',
    name: 'Anna',
    familyName: 'Sbaizero',
    sus_roles: [{ role: 'templateEditor' }],
  },
  /** A malformed grant: a per-ente role without its ente. Ignored, never region-wide (issue 11). */
  operatorNoEnte: {
    sub: 'operatore.senza.ente',
    name: 'Marco',
    familyName: 'Furlan',
    sus_roles: [{ role: 'operator' }],
  },
} satisfies Record<string, JWTPayload>;

export async function bearer(issuer: TestIssuer, persona: keyof typeof PERSONA_CLAIMS) {
  return { authorization: `Bearer ${await issuer.mint(PERSONA_CLAIMS[persona])}` };
}

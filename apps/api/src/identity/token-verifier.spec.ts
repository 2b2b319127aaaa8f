import { AuthenticationError } from './authentication-error';
import { generateKeyPair, SignJWT } from 'jose';
import { TokenVerifier, toActor as mapClaims } from './token-verifier';

const ISSUER = 'https://idp.example/oidc';
const toActor = (claims: Parameters<typeof mapClaims>[0]) => mapClaims(claims, ISSUER);

describe('toActor (claims → actor)', () => {
  const spid = {
    sub: 's',
    fiscalNumber: 'TINIT-RSSMRA80A01L424F',
    name: 'Mario',
    familyName: 'Rossi',
    acr: 'https://www.spid.gov.it/SpidL2',
  };
  const reason = (claims: Record<string, unknown>) => {
    try {
      toActor(claims);
      return 'accepted';
    } catch (error) {
      return (error as AuthenticationError).code;
    }
  };

  it('maps SPID claims to a citizen, CIE/standard names too', () => {
    expect(toActor(spid)).toEqual({
      kind: 'citizen',
      fiscalCode: 'RSSMRA80A01L424F',
      name: 'Mario',
      familyName: 'Rossi',
      loa: 'L2',
    });
    expect(
      toActor({
        sub: 's',
        fiscalNumber: 'tinit-rssmra80a01l424f',
        given_name: 'Mario',
        family_name: 'Rossi',
        acr: 'x/SpidL3',
      }),
    ).toMatchObject({ fiscalCode: 'RSSMRA80A01L424F', name: 'Mario', familyName: 'Rossi', loa: 'L3' });
  });

  it('maps sus_roles to staff, a role without ente being regional', () => {
    expect(
      toActor({
        sub: 'u',
        name: 'Elena',
        sus_roles: [{ role: 'regionalAdmin' }, { ente: 'c_l424', role: 'operator' }],
      }),
    ).toEqual({
      kind: 'staff',
      userId: 'idp.example/oidc/u',
      name: 'Elena',
      roles: [{ role: 'regionalAdmin' }, { enteCode: 'c_l424', role: 'operator' }],
    });
  });

  it('keeps the org units a staff member works in, per grant', () => {
    expect(
      toActor({ sub: 'u', sus_roles: [{ ente: 'c_l424', role: 'operator', units: ['UFF-STC'] }] }),
    ).toMatchObject({ roles: [{ enteCode: 'c_l424', role: 'operator', units: ['UFF-STC'] }] });
    expect(reason({ sub: 'u', sus_roles: [{ ente: 'c_l424', role: 'operator', units: [''] }] })).toBe(
      'TOKEN_CLAIMS_INVALID',
    );
  });

  it('refuses missing or malformed identity claims with a precise reason', () => {
    expect(reason({ ...spid, fiscalNumber: undefined })).toBe('FISCAL_NUMBER_MISSING');
    expect(reason({ ...spid, fiscalNumber: 'RSSMRA80A01L424F' })).toBe('TOKEN_CLAIMS_INVALID');
    expect(reason({ ...spid, acr: undefined })).toBe('TOKEN_CLAIMS_INVALID');
    expect(reason({ sub: 'u', sus_roles: [{ role: 'king' }] })).toBe('TOKEN_CLAIMS_INVALID');
    expect(reason({ sub: 'u', sus_roles: [] })).toBe('TOKEN_CLAIMS_INVALID');
  });
});

describe('staff user id', () => {
  it('is the issuer and the subject, so the same sub from two issuers is two users', () => {
    const claims = { sub: 'admin', sus_roles: [{ role: 'regionalAdmin' }] };
    const first = mapClaims(claims, 'https://idp.example/oidc');
    const second = mapClaims(claims, 'https://other.example/');
    expect(first).toMatchObject({ kind: 'staff', userId: 'idp.example/oidc/admin' });
    expect(second).toMatchObject({ kind: 'staff', userId: 'other.example/admin' });
  });
});

describe('TokenVerifier token type', () => {
  // jwksUri points nowhere: the type check comes before any key is fetched.
  const verifier = new TokenVerifier([
    { issuer: ISSUER, audience: 'sus-api', jwksUri: 'https://127.0.0.1:1/jwks', actors: ['citizen'] },
  ]);
  // One key for every token: RSA key generation takes seconds on a loaded machine, and the key is not what is tested.
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  beforeAll(async () => {
    ({ privateKey } = await generateKeyPair('RS256'));
  }, 30_000);
  const mint = async (typ: string | undefined, claims: Record<string, unknown> = {}) => {
    return new SignJWT({ sub: 's', ...claims })
      .setProtectedHeader(typ ? { alg: 'RS256', typ } : { alg: 'RS256' })
      .setIssuer(ISSUER)
      .setAudience('sus-api')
      .setExpirationTime('5m')
      .sign(privateKey);
  };
  const reason = async (token: string) => {
    try {
      await verifier.verify(token);
      return 'accepted';
    } catch (error) {
      return (error as AuthenticationError).code;
    }
  };

  it('refuses ID tokens and tokens without an access-token typ', async () => {
    expect(await reason(await mint(undefined))).toBe('TOKEN_TYPE_INVALID');
    expect(await reason(await mint('id_token+jwt'))).toBe('TOKEN_TYPE_INVALID');
    expect(await reason(await mint('JWT', { nonce: 'n-0S6_WzA2Mj' }))).toBe('TOKEN_TYPE_INVALID');
  });

  it('lets at+jwt and JWT through to the signature check', async () => {
    expect(await reason(await mint('at+jwt'))).not.toBe('TOKEN_TYPE_INVALID');
    expect(await reason(await mint('JWT'))).not.toBe('TOKEN_TYPE_INVALID');
  });
});

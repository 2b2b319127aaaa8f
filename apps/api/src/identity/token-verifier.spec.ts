import { AuthenticationError } from './authentication-error';
import { toActor } from './token-verifier';

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
      userId: 'u',
      name: 'Elena',
      roles: [{ role: 'regionalAdmin' }, { enteCode: 'c_l424', role: 'operator' }],
    });
  });

  it('refuses missing or malformed identity claims with a precise reason', () => {
    expect(reason({ ...spid, fiscalNumber: undefined })).toBe('FISCAL_NUMBER_MISSING');
    expect(reason({ ...spid, fiscalNumber: 'RSSMRA80A01L424F' })).toBe('TOKEN_CLAIMS_INVALID');
    expect(reason({ ...spid, acr: undefined })).toBe('TOKEN_CLAIMS_INVALID');
    expect(reason({ sub: 'u', sus_roles: [{ role: 'king' }] })).toBe('TOKEN_CLAIMS_INVALID');
    expect(reason({ sub: 'u', sus_roles: [] })).toBe('TOKEN_CLAIMS_INVALID');
  });
});

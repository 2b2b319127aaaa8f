import { actsFor, assertActsFor, type Actor } from './actor';

describe('actsFor', () => {
  const ctx = (actor: Actor) => ({ requestId: 'r', actor });

  it('lets staff act in their own enti, regional staff and the platform everywhere', () => {
    const operator = ctx({
      kind: 'staff',
      userId: 'u',
      name: 'P',
      roles: [{ enteCode: 'c_l424', role: 'operator' }],
    });
    expect(actsFor(operator, 'c_l424')).toBe(true);
    expect(actsFor(operator, 'c_f081')).toBe(false);
    expect(
      actsFor(ctx({ kind: 'staff', userId: 'r', name: 'E', roles: [{ role: 'regionalAdmin' }] }), 'c_f081'),
    ).toBe(true);
    expect(actsFor(ctx({ kind: 'system' }), 'c_f081')).toBe(true);
  });

  it('keeps integrator keys in their ente and citizens and anonymous callers out', () => {
    expect(actsFor(ctx({ kind: 'integrator', keyId: 'k', enteCode: 'c_l424', scopes: [] }), 'c_l424')).toBe(
      true,
    );
    expect(actsFor(ctx({ kind: 'integrator', keyId: 'k', enteCode: 'c_l424', scopes: [] }), 'c_f081')).toBe(
      false,
    );
    expect(() => assertActsFor(ctx({ kind: 'anonymous' }), 'c_l424')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(
      actsFor(ctx({ kind: 'citizen', fiscalCode: 'X', name: 'M', familyName: 'R', loa: 'L2' }), 'c_l424'),
    ).toBe(false);
  });
});

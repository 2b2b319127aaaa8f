import fc from 'fast-check';
import { actsFor, type Actor, type StaffRole, type StaffRoleGrant } from './actor';
import {
  assertCan,
  can,
  canSomewhere,
  ENTE_ROLES,
  PERMISSIONS,
  REGIONAL_PERMISSIONS,
  REGIONAL_ROLES,
  ROLE_PERMISSIONS,
  SCOPE_PERMISSIONS,
  type Permission,
} from './permissions';

const TRIESTE = 'c_l424';
const MEDEA = 'c_f081';
const staff = (...roles: StaffRoleGrant[]): Actor => ({ kind: 'staff', userId: 'u', name: 'N', roles });
const key = (enteCode: string, ...scopes: string[]): Actor => ({
  kind: 'integrator',
  keyId: 'k',
  enteCode,
  scopes,
});

const ente = fc.constantFrom(TRIESTE, MEDEA, 'c_a001');
const permission = fc.constantFrom(...PERMISSIONS);
const entePermission = fc.constantFrom(...PERMISSIONS.filter((p) => !REGIONAL_PERMISSIONS.includes(p)));
const roleArb = fc.constantFrom<StaffRole>(...ENTE_ROLES, ...REGIONAL_ROLES);
const grant = fc
  .record({ role: roleArb, enteCode: fc.option(ente, { nil: undefined }) })
  .map(({ role, enteCode }): StaffRoleGrant => (enteCode === undefined ? { role } : { role, enteCode }));
const staffActor = fc.array(grant, { maxLength: 4 }).map((roles) => staff(...roles));
const scopeArb = fc.constantFrom(...Object.keys(SCOPE_PERMISSIONS), 'catalog:read', 'cases:read');
const keyActor = fc
  .record({ enteCode: ente, scopes: fc.array(scopeArb, { maxLength: 4 }) })
  .map(({ enteCode, scopes }) => key(enteCode, ...scopes));

describe('can (the role matrix, docs/roles.md)', () => {
  it('issue 11: a template editor reads, moves and administers nothing of an ente', () => {
    const editor = staff({ role: 'templateEditor' });
    for (const p of PERMISSIONS.filter((p) => p !== 'model:write')) {
      expect(can(editor, p, TRIESTE)).toBe(false);
      expect(canSomewhere(editor, p)).toBe(false);
    }
    expect(can(editor, 'model:write')).toBe(true);
    expect(actsFor({ actor: editor }, TRIESTE)).toBe(false);
  });

  it('issue 11: a modeller of Trieste models Trieste, and neither reads nor cancels its payments', () => {
    const modeller = staff({ role: 'modeller', enteCode: TRIESTE });
    expect(can(modeller, 'catalog:write', TRIESTE)).toBe(true);
    expect(can(modeller, 'catalog:write', MEDEA)).toBe(false);
    expect(can(modeller, 'payments:read', TRIESTE)).toBe(false);
    expect(can(modeller, 'payments:write', TRIESTE)).toBe(false);
    expect(canSomewhere(modeller, 'payments:write')).toBe(false);
    expect(can(modeller, 'model:write')).toBe(false);
  });

  it('issue 11: an ente role granted without an ente is ignored, never region-wide', () => {
    const operator = staff({ role: 'operator' });
    for (const p of PERMISSIONS) expect(canSomewhere(operator, p)).toBe(false);
    expect(can(operator, 'payments:write', TRIESTE)).toBe(false);
    expect(actsFor({ actor: operator }, TRIESTE)).toBe(false);
  });

  it('operators and ente administrators move money in their own ente; the region only reads', () => {
    const operator = staff({ role: 'operator', enteCode: TRIESTE });
    expect(can(operator, 'payments:read', TRIESTE)).toBe(true);
    expect(can(operator, 'payments:write', TRIESTE)).toBe(true);
    expect(can(operator, 'payments:write', MEDEA)).toBe(false);
    expect(can(operator, 'audit:read', TRIESTE)).toBe(false);
    const admin = staff({ role: 'enteAdmin', enteCode: TRIESTE });
    expect(can(admin, 'payments:write', TRIESTE)).toBe(true);
    expect(can(admin, 'ente:admin', TRIESTE)).toBe(true);
    expect(can(admin, 'ente:admin', MEDEA)).toBe(false);
    const region = staff({ role: 'regionalAdmin' });
    expect(can(region, 'payments:read', MEDEA)).toBe(true);
    expect(can(region, 'payments:write', MEDEA)).toBe(false);
    expect(can(region, 'platform:admin')).toBe(true);
    expect(can(staff({ role: 'regionalAdmin', enteCode: TRIESTE }), 'payments:read', TRIESTE)).toBe(false);
  });

  it('integrator keys act in their own ente, by scope', () => {
    expect(can(key(TRIESTE, 'payments:read'), 'payments:read', TRIESTE)).toBe(true);
    expect(can(key(TRIESTE, 'payments:read'), 'payments:write', TRIESTE)).toBe(false);
    expect(can(key(TRIESTE, 'payments:write'), 'payments:write', MEDEA)).toBe(false);
    expect(can(key(TRIESTE, 'catalog:read', 'cases:write'), 'catalog:write', TRIESTE)).toBe(false);
    expect(canSomewhere(key(TRIESTE, 'payments:write'), 'payments:write')).toBe(true);
    expect(() => assertCan({ actor: key(TRIESTE) }, 'audit:read', TRIESTE)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });

  it('citizens and anonymous callers hold no permission; the platform holds all', () => {
    const mario: Actor = { kind: 'citizen', fiscalCode: 'X', name: 'M', familyName: 'R', loa: 'L3' };
    fc.assert(
      fc.property(permission, ente, (p, e) => {
        expect(can(mario, p, e)).toBe(false);
        expect(can({ kind: 'anonymous' }, p, e)).toBe(false);
        expect(can({ kind: 'system' }, p, e)).toBe(true);
      }),
    );
  });

  it('property: staff hold a permission in an ente only through a grant that carries it there', () => {
    fc.assert(
      fc.property(staffActor, entePermission, ente, (actor, p, e) => {
        if (actor.kind !== 'staff' || !can(actor, p, e)) return;
        const via = actor.roles.filter((g) => ROLE_PERMISSIONS[g.role].includes(p));
        expect(
          via.some((g) =>
            ENTE_ROLES.includes(g.role) ? g.enteCode === e : g.role === 'regionalAdmin' && !g.enteCode,
          ),
        ).toBe(true);
      }),
    );
  });

  it('property: only the regional admin and template editor, without an ente, hold regional permissions', () => {
    fc.assert(
      fc.property(staffActor, fc.constantFrom<Permission>(...REGIONAL_PERMISSIONS), ente, (actor, p, e) => {
        expect(can(actor, p, e)).toBe(can(actor, p));
        if (actor.kind !== 'staff' || !can(actor, p)) return;
        expect(actor.roles.some((g) => REGIONAL_ROLES.includes(g.role) && !g.enteCode)).toBe(true);
      }),
    );
  });

  it('property: a key never acts outside its ente, nor beyond its scopes', () => {
    fc.assert(
      fc.property(keyActor, permission, ente, (actor, p, e) => {
        if (actor.kind !== 'integrator' || !can(actor, p, e)) return;
        expect(e).toBe(actor.enteCode);
        expect(actor.scopes.some((s) => SCOPE_PERMISSIONS[s]?.includes(p))).toBe(true);
      }),
    );
  });

  it('property: can somewhere ⇐ can in an ente; more grants never take a permission away', () => {
    fc.assert(
      fc.property(fc.oneof(staffActor, keyActor), grant, permission, ente, (actor, extra, p, e) => {
        if (can(actor, p, e)) expect(canSomewhere(actor, p)).toBe(true);
        if (actor.kind === 'staff' && can(actor, p, e))
          expect(can({ ...actor, roles: [...actor.roles, extra] }, p, e)).toBe(true);
      }),
    );
  });

  it('property: whoever may read or move an ente’s money also acts for it (actsFor is never narrower)', () => {
    fc.assert(
      fc.property(fc.oneof(staffActor, keyActor), ente, (actor, e) => {
        if (can(actor, 'payments:read', e) || can(actor, 'payments:write', e))
          expect(actsFor({ actor }, e)).toBe(true);
      }),
    );
  });
});

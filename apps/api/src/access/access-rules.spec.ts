import type { Actor } from '@sus/domain';
import {
  anonymous,
  authenticated,
  citizen,
  permitted,
  permittedSomewhere,
  procedureModellers,
  role,
  scope,
  staffOf,
} from './access-rules';

describe('access rules', () => {
  const trieste = { enteCode: 'c_l424' };
  const medea = { enteCode: 'c_f081' };
  const operatorOfTrieste: Actor = {
    kind: 'staff',
    userId: 'u1',
    name: 'Paolo Costa',
    roles: [{ enteCode: 'c_l424', role: 'operator' }],
  };
  const regionalAdmin: Actor = {
    kind: 'staff',
    userId: 'u2',
    name: 'Elena',
    roles: [{ role: 'regionalAdmin' }],
  };
  const key: Actor = { kind: 'integrator', keyId: 'k', enteCode: 'c_l424', scopes: ['cases:read'] };
  const mario: Actor = {
    kind: 'citizen',
    fiscalCode: 'RSSMRA80A01L424F',
    name: 'Mario',
    familyName: 'Rossi',
    loa: 'L2',
  };

  it('staffOf and per-ente roles hold only in the ente named by the argument', () => {
    expect(staffOf().allows(operatorOfTrieste, trieste)).toBe(true);
    expect(staffOf().allows(operatorOfTrieste, medea)).toBe(false);
    expect(role('operator', { ente: 'input.enteCode' }).allows(operatorOfTrieste, { input: trieste })).toBe(
      true,
    );
    expect(role('enteAdmin', { ente: 'enteCode' }).allows(operatorOfTrieste, trieste)).toBe(false);
    expect(staffOf().allows(operatorOfTrieste, {})).toBe(false);
  });

  it('regional roles are held without an ente; per-ente roles must say which argument names it', () => {
    expect(role('regionalAdmin').allows(regionalAdmin, {})).toBe(true);
    expect(role('regionalAdmin').allows(operatorOfTrieste, {})).toBe(false);
    expect(() => role('operator')).toThrow(/per ente/);
  });

  it('scopes hold for the key of the ente only', () => {
    expect(scope('cases:read', { ente: 'enteCode' }).allows(key, trieste)).toBe(true);
    expect(scope('cases:read', { ente: 'enteCode' }).allows(key, medea)).toBe(false);
    expect(scope('cases:write').allows(key, {})).toBe(false);
  });

  it('anonymous, authenticated and citizen', () => {
    expect(anonymous.allows({ kind: 'anonymous' }, {})).toBe(true);
    expect(authenticated.allows({ kind: 'anonymous' }, {})).toBe(false);
    expect(authenticated.allows(key, {})).toBe(true);
    expect(citizen.allows(mario, {})).toBe(true);
    expect(citizen.allows(operatorOfTrieste, {})).toBe(false);
  });

  it('permitted asks the role-aware matrix in the ente named by the argument (issue 11)', () => {
    const editor: Actor = { kind: 'staff', userId: 'u3', name: 'A', roles: [{ role: 'templateEditor' }] };
    const rolelessOperator: Actor = { kind: 'staff', userId: 'u4', name: 'M', roles: [{ role: 'operator' }] };
    const modeller: Actor = {
      kind: 'staff',
      userId: 'u5',
      name: 'G',
      roles: [{ enteCode: 'c_l424', role: 'modeller' }],
    };
    const readPayments = permitted('payments:read', { ente: 'enteCode' });
    expect(readPayments.allows(operatorOfTrieste, trieste)).toBe(true);
    expect(readPayments.allows(operatorOfTrieste, medea)).toBe(false);
    expect(readPayments.allows(regionalAdmin, medea)).toBe(true);
    expect(readPayments.allows(editor, trieste)).toBe(false);
    expect(readPayments.allows(modeller, trieste)).toBe(false);
    expect(readPayments.allows(rolelessOperator, trieste)).toBe(false);
    expect(readPayments.allows(operatorOfTrieste, {})).toBe(false);
    expect(permittedSomewhere('payments:write').allows(operatorOfTrieste, {})).toBe(true);
    for (const actor of [editor, rolelessOperator, modeller, regionalAdmin, key, mario])
      expect(permittedSomewhere('payments:write').allows(actor, {})).toBe(false);
    expect(permitted('model:write').allows(editor, {})).toBe(true);
    expect(permitted('model:write').allows(modeller, {})).toBe(false);
  });

  it("procedureModellers: an ente's modellers for its drafts, template editors for the region's (issue 13)", () => {
    const editor: Actor = { kind: 'staff', userId: 'u3', name: 'A', roles: [{ role: 'templateEditor' }] };
    const modeller: Actor = {
      kind: 'staff',
      userId: 'u5',
      name: 'G',
      roles: [{ enteCode: 'c_l424', role: 'modeller' }],
    };
    const create = procedureModellers('input.enteCode');
    expect(create.allows(modeller, { input: trieste })).toBe(true);
    expect(create.allows(modeller, { input: medea })).toBe(false);
    expect(create.allows(editor, { input: trieste })).toBe(false);
    // No ente: a regional template's draft, the template editors' (and the regional administrator's).
    expect(create.allows(editor, { input: { enteCode: null } })).toBe(true);
    expect(create.allows(regionalAdmin, { input: {} })).toBe(true);
    expect(create.allows(modeller, { input: {} })).toBe(false);
    // Naming only a draft: whoever models somewhere; the service checks the draft's ente.
    for (const actor of [modeller, editor, regionalAdmin])
      expect(procedureModellers().allows(actor, {})).toBe(true);
    for (const actor of [operatorOfTrieste, key, mario])
      expect(procedureModellers().allows(actor, {})).toBe(false);
  });
});

import { AccessDeniedError, type StaffRole } from '@sus/domain';
import {
  AuditLog,
  catalogDataSourceOptions,
  EntiService,
  OrgUnitsService,
  seedCatalog,
  systemContext,
  type RequestContext,
} from '@sus/catalog';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The second wall: services refuse to act for another ente whatever called them (a resolver with
 * a wrong rule, a worker activity), not only the api's @Allow rules.
 */
describe('tenant checks inside catalog services', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let orgUnits: OrgUnitsService;
  let audit: AuditLog;
  const operatorOfMedea: RequestContext = {
    requestId: 'r',
    actor: {
      kind: 'staff',
      userId: 'operatore.medea',
      name: 'Laura',
      roles: [{ enteCode: 'c_f081', role: 'operator' }],
    },
  };
  const keyOfTrieste: RequestContext = {
    requestId: 'r',
    actor: { kind: 'integrator', keyId: 'k', enteCode: 'c_l424', scopes: ['catalog:write'] },
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 2)).initialize();
    await seedCatalog(dataSource);
    orgUnits = new OrgUnitsService(dataSource, new EntiService(dataSource));
    audit = new AuditLog(dataSource, 'a-test-key-of-at-least-thirty-two-characters');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('refuses writes for another ente, and allows them for the own ente and the platform', async () => {
    const input = { enteCode: 'c_l424', code: 'X-WALL', name: 'Ufficio di prova' };
    await expect(orgUnits.create(operatorOfMedea, input)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(orgUnits.create(keyOfTrieste, input)).resolves.toMatchObject({ code: 'X-WALL' });
    await expect(orgUnits.create(systemContext(), { ...input, code: 'X-WALL-2' })).resolves.toBeDefined();
  });

  it("refuses to read another ente's audit log", async () => {
    await expect(audit.list(operatorOfMedea, 'c_l424', { first: 10 })).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
    const auditKeyOfTrieste: RequestContext = {
      requestId: 'r',
      actor: { kind: 'integrator', keyId: 'k', enteCode: 'c_l424', scopes: ['audit:read'] },
    };
    const own = await audit.list(auditKeyOfTrieste, 'c_l424', { first: 10 });
    expect(own.entries.every((entry) => entry.enteCode === 'c_l424')).toBe(true);
  });

  it('issue 11: reads the audit log only with audit:read, whatever the role or scope', async () => {
    const staffWith = (...roles: { role: StaffRole; enteCode?: string }[]): RequestContext => ({
      requestId: 'r',
      actor: { kind: 'staff', userId: 'u', name: 'N', roles },
    });
    for (const ctx of [
      keyOfTrieste, // catalog:write only
      staffWith({ role: 'templateEditor' }),
      staffWith({ role: 'operator' }), // an ente role without its ente
      staffWith({ role: 'operator', enteCode: 'c_l424' }),
      staffWith({ role: 'modeller', enteCode: 'c_l424' }),
    ]) {
      await expect(audit.list(ctx, 'c_l424', { first: 10 })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    await expect(
      audit.list(staffWith({ role: 'enteAdmin', enteCode: 'c_l424' }), 'c_l424', { first: 10 }),
    ).resolves.toBeDefined();
    await expect(
      audit.list(staffWith({ role: 'regionalAdmin' }), 'c_l424', { first: 10 }),
    ).resolves.toBeDefined();
  });
});

import { randomUUID } from 'node:crypto';
import {
  catalogDataSourceOptions,
  EntiService,
  OrgUnitsService,
  RoleHoldersService,
  seedCatalog,
  systemContext,
  type SaveEnteInput,
} from '@sus/catalog';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** The organisations services and the seed against a real, freshly migrated Postgres. */
describe('organisations catalog (Postgres)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let enti: EntiService;
  let orgUnits: OrgUnitsService;
  let roleHolders: RoleHoldersService;
  const ctx = systemContext('test');

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 4)).initialize();
    enti = new EntiService(dataSource);
    orgUnits = new OrgUnitsService(dataSource, enti);
    roleHolders = new RoleHoldersService(dataSource, enti);
    await seedCatalog(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const NOTHING_NEW = {
    enti: 0,
    orgUnits: 0,
    roleHolders: 0,
    procedureTemplates: 0,
    serviceTypes: 0,
    procedures: 0,
    services: 0,
    bookingResources: 0,
    concepts: 0,
    procedureVersions: 0,
    skipped: [],
  };

  const tableDump = async () => ({
    ente: await dataSource.query('SELECT * FROM ente ORDER BY id'),
    iban: await dataSource.query('SELECT * FROM iban_account ORDER BY id'),
    units: await dataSource.query('SELECT * FROM org_unit ORDER BY id'),
    roles: await dataSource.query('SELECT * FROM role_holder ORDER BY id'),
  });

  /** A throwaway comune per test, so tests do not see each other's rows. */
  const newComune = async (overrides: Partial<SaveEnteInput> = {}) => {
    const suffix = randomUUID().slice(0, 8);
    const tenDigits = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
    let sum = 0;
    for (let i = 0; i < 10; i++) {
      const digit = Number(tenDigits[i]);
      sum += i % 2 === 0 ? digit : digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    }
    return enti.save(ctx, {
      ipaCode: `c_t${suffix}`,
      type: 'comune',
      name: `Comune di Prova ${suffix}`,
      fiscalCode: `${tenDigits}${(10 - (sum % 10)) % 10}`,
      regionCode: 'r_friuve',
      ...overrides,
    });
  };

  describe('seed', () => {
    it('loads the FVG example: region, Trieste, Medea, their units and role holders', async () => {
      const trieste = await enti.getByCode(ctx, 'c_l424');
      const region = await enti.getByCode(ctx, 'r_friuve');
      expect(trieste).toMatchObject({
        name: 'Comune di Trieste',
        fiscalCode: '00210240321',
        type: 'comune',
        regionId: region.id,
      });
      expect(await enti.getByCode(ctx, 'c_f081')).toMatchObject({
        name: 'Comune di Medea',
        regionId: region.id,
      });

      const ibans = await enti.ibanAccountsOf(ctx, [trieste.id]);
      expect(ibans.filter((account) => account.isDefault)).toHaveLength(1);
      expect(ibans.find((account) => account.serviceCode === 'TARI')).toBeDefined();

      const roots = await orgUnits.roots(ctx, 'c_l424');
      const area = roots.find((unit) => unit.code === 'AREA-SD')!;
      expect((await orgUnits.childrenOf(ctx, [area.id])).map((unit) => unit.name)).toContain(
        'Ufficio Stato Civile',
      );

      const medea = await enti.getByCode(ctx, 'c_f081');
      expect(await roleHolders.ofEnti(ctx, [medea.id])).toEqual([
        expect.objectContaining({ role: 'substitutePowerHolder', title: 'Segretario comunale' }),
      ]);
    });

    it('is idempotent: a second and third run create nothing and change no row', async () => {
      const before = await tableDump();
      expect(await seedCatalog(dataSource)).toEqual(NOTHING_NEW);
      await Promise.all([seedCatalog(dataSource), seedCatalog(dataSource)]);
      expect(await tableDump()).toEqual(before);
    });

    it('runs on a data source with a pool of one connection (the lock is held outside the pool)', async () => {
      const single = await new DataSource(catalogDataSourceOptions(db.url, 1)).initialize();
      try {
        expect(await seedCatalog(single)).toEqual(NOTHING_NEW);
      } finally {
        await single.destroy();
      }
    });

    it('leaves staff edits alone and puts back only what is missing', async () => {
      const medea = await enti.getByCode(ctx, 'c_f081');
      await dataSource.query(
        `UPDATE org_unit SET name = 'Ufficio Demografico' WHERE ente_id = $1 AND external_id = 'MD-11'`,
        [medea.id],
      );
      await dataSource.query(`DELETE FROM org_unit WHERE ente_id = $1 AND external_id = 'MD-21'`, [medea.id]);
      expect(await seedCatalog(dataSource)).toMatchObject({ enti: 0, orgUnits: 1, roleHolders: 0 });
      const names = await dataSource.query(
        `SELECT external_id, name FROM org_unit WHERE ente_id = $1 ORDER BY external_id`,
        [medea.id],
      );
      expect(names).toEqual(
        expect.arrayContaining([
          { external_id: 'MD-11', name: 'Ufficio Demografico' },
          { external_id: 'MD-21', name: 'Ufficio Ragioneria e Tributi' },
        ]),
      );
    });
  });

  describe('enti', () => {
    it('rejects an invalid fiscal code or IBAN naming the field, writing nothing', async () => {
      const count = async () =>
        (await dataSource.query('SELECT count(*)::int AS n FROM ente'))[0].n as number;
      const before = await count();
      await expect(newComune({ fiscalCode: '00210240322' })).rejects.toMatchObject({
        code: 'INVALID_ORG_FISCAL_CODE',
        field: 'fiscalCode',
      });
      await expect(
        newComune({ ibanAccounts: [{ iban: 'IT31X0200802230000104500002', isDefault: true }] }),
      ).rejects.toMatchObject({ code: 'INVALID_IBAN', field: 'ibanAccounts.0.iban' });
      await expect(
        newComune({
          ibanAccounts: [
            { iban: 'IT31X0200802230000104500001', isDefault: true },
            { iban: 'IT04X0200802230000104500002', isDefault: true },
          ],
        }),
      ).rejects.toMatchObject({ code: 'INVALID_DEFAULT_IBAN', field: 'ibanAccounts' });
      await expect(newComune({ segregationCode: '1' })).rejects.toMatchObject({
        code: 'INVALID_PAGOPA_CODE',
        field: 'segregationCode',
      });
      await expect(newComune({ cbillCode: 'AB-12' })).rejects.toMatchObject({
        code: 'INVALID_CBILL_CODE',
        field: 'cbillCode',
      });
      await expect(newComune({ regionCode: 'c_l424' })).rejects.toMatchObject({
        code: 'INVALID_REGION',
        field: 'regionCode',
      });
      await expect(newComune({ fiscalCode: '00210240321' })).rejects.toMatchObject({
        code: 'DUPLICATE_CODE',
        field: 'fiscalCode',
      });
      expect(await count()).toBe(before);
    });

    it('moves the default IBAN between accounts without breaking the one-default rule', async () => {
      const ente = await newComune({
        ibanAccounts: [
          { iban: 'IT31X0200802230000104500001', isDefault: true },
          { iban: 'IT04X0200802230000104500002', isDefault: false },
        ],
      });
      await enti.save(ctx, {
        ...{
          ipaCode: ente.ipaCode,
          type: 'comune',
          name: ente.name,
          fiscalCode: ente.fiscalCode,
          regionCode: 'r_friuve',
        },
        ibanAccounts: [
          { iban: 'IT31X0200802230000104500001', isDefault: false },
          { iban: 'IT04 X020 0802 2300 0010 4500 002', isDefault: true },
        ],
      });
      const accounts = await enti.ibanAccountsOf(ctx, [ente.id]);
      expect(accounts.map((account) => [account.iban, account.isDefault])).toEqual([
        ['IT04X0200802230000104500002', true],
        ['IT31X0200802230000104500001', false],
      ]);
    });
  });

  describe('org units', () => {
    it('imports a CSV export, and the same file again reports everything unchanged', async () => {
      const ente = await newComune();
      const csv = [
        'externalId;code;name;parentExternalId;validFrom;validTo',
        'A;AREA;Area Servizi Demografici;;2024-01-01;',
        'B;STC;Ufficio Stato Civile;A;;',
        'C;ANA;Ufficio Anagrafe;A;;',
      ].join('\n');
      const first = await orgUnits.import(ctx, { enteCode: ente.ipaCode, format: 'csv', content: csv });
      expect(first).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: [] });
      const before = await dataSource.query('SELECT * FROM org_unit WHERE ente_id = $1 ORDER BY id', [
        ente.id,
      ]);
      const second = await orgUnits.import(ctx, { enteCode: ente.ipaCode, format: 'csv', content: csv });
      expect(second).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: [] });
      expect(
        await dataSource.query('SELECT * FROM org_unit WHERE ente_id = $1 ORDER BY id', [ente.id]),
      ).toEqual(before);

      const renamed = await orgUnits.import(ctx, {
        enteCode: ente.ipaCode,
        format: 'json',
        content: JSON.stringify([
          { externalId: 'C', code: 'ANA', name: 'Ufficio Anagrafe e AIRE', parentExternalId: null },
        ]),
      });
      expect(renamed).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: [] });
    });

    it('reports rejected lines with line number and field, and writes only the valid ones', async () => {
      const ente = await newComune();
      const csv = [
        'externalId,code,name,parentExternalId,validFrom,validTo',
        'A,AREA,Area,,,',
        'B,STC,Ufficio Stato Civile,GHOST,,',
        'C,,Senza codice,A,,',
        'D,AREA,Stesso codice,A,,',
        'E,UFF-E,Date al contrario,A,2024-05-01,2024-01-01',
        'F,UFF-F,Valido,A,,',
      ].join('\n');
      const report = await orgUnits.import(ctx, { enteCode: ente.ipaCode, format: 'csv', content: csv });
      expect(report.created).toBe(2);
      expect(report.rejected.map(({ line, field, code }) => ({ line, field, code }))).toEqual([
        { line: 3, field: 'parentExternalId', code: 'UNKNOWN_PARENT' },
        { line: 4, field: 'code', code: 'BAD_USER_INPUT' },
        { line: 5, field: 'code', code: 'DUPLICATE_CODE' },
        { line: 6, field: 'validTo', code: 'INVALID_DATE' },
      ]);
      const written = await dataSource.query(
        'SELECT external_id FROM org_unit WHERE ente_id = $1 ORDER BY external_id',
        [ente.id],
      );
      expect(written).toEqual([{ external_id: 'A' }, { external_id: 'F' }]);
    });

    it('rejects an import line that closes a cycle with the existing tree, changing nothing', async () => {
      const ente = await newComune();
      await orgUnits.import(ctx, {
        enteCode: ente.ipaCode,
        format: 'json',
        content: JSON.stringify([
          { externalId: 'R', code: 'R', name: 'Root' },
          { externalId: 'K', code: 'K', name: 'Child', parentExternalId: 'R' },
        ]),
      });
      const report = await orgUnits.import(ctx, {
        enteCode: ente.ipaCode,
        format: 'json',
        content: JSON.stringify([{ externalId: 'R', code: 'R', name: 'Root', parentExternalId: 'K' }]),
      });
      expect(report).toMatchObject({
        created: 0,
        updated: 0,
        rejected: [{ line: 1, field: 'parentExternalId', code: 'ORG_UNIT_CYCLE' }],
      });
      const root = (await orgUnits.roots(ctx, ente.ipaCode)).map((unit) => unit.code);
      expect(root).toEqual(['R']);
    });

    it('creates, edits and moves units by hand, refusing cycles, duplicates and other enti', async () => {
      const ente = await newComune();
      const other = await newComune();
      const area = await orgUnits.create(ctx, { enteCode: ente.ipaCode, code: 'AREA', name: 'Area' });
      const office = await orgUnits.create(ctx, {
        enteCode: ente.ipaCode,
        code: 'UFF',
        name: 'Ufficio',
        parentId: area.id,
      });
      const elsewhere = await orgUnits.create(ctx, {
        enteCode: other.ipaCode,
        code: 'X',
        name: 'Altro ente',
      });

      await expect(
        orgUnits.update(ctx, { enteCode: ente.ipaCode, id: area.id, parentId: office.id }),
      ).rejects.toMatchObject({
        code: 'ORG_UNIT_CYCLE',
        field: 'parentId',
        message: expect.stringContaining('AREA → UFF → AREA'),
      });
      await expect(
        orgUnits.create(ctx, { enteCode: ente.ipaCode, code: 'UFF', name: 'Doppio' }),
      ).rejects.toMatchObject({
        code: 'DUPLICATE_CODE',
        field: 'code',
      });
      await expect(
        orgUnits.update(ctx, { enteCode: ente.ipaCode, id: office.id, parentId: elsewhere.id }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'parentId',
      });
      await expect(
        orgUnits.update(ctx, { enteCode: other.ipaCode, id: office.id, name: 'x' }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'id',
      });

      const moved = await orgUnits.update(ctx, {
        enteCode: ente.ipaCode,
        id: office.id,
        parentId: null,
        name: 'Ufficio autonomo',
      });
      expect(moved).toMatchObject({ parentId: null, name: 'Ufficio autonomo', code: 'UFF' });
      const swapped = await orgUnits.update(ctx, {
        enteCode: ente.ipaCode,
        id: area.id,
        parentId: office.id,
      });
      expect(swapped.parentId).toBe(office.id);
    });

    it('refuses concurrent moves that would together close a loop', async () => {
      const ente = await newComune();
      const a = await orgUnits.create(ctx, { enteCode: ente.ipaCode, code: 'A', name: 'A' });
      const b = await orgUnits.create(ctx, { enteCode: ente.ipaCode, code: 'B', name: 'B' });
      const results = await Promise.allSettled([
        orgUnits.update(ctx, { enteCode: ente.ipaCode, id: a.id, parentId: b.id }),
        orgUnits.update(ctx, { enteCode: ente.ipaCode, id: b.id, parentId: a.id }),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    });
  });

  describe('role holders', () => {
    it('sets and replaces the holder of a role, validating the fiscal code', async () => {
      const ente = await newComune();
      const unit = await orgUnits.create(ctx, { enteCode: ente.ipaCode, code: 'STC', name: 'Stato Civile' });
      const input = {
        enteCode: ente.ipaCode,
        orgUnitId: unit.id,
        role: 'responsabileProcedimento' as const,
        personName: 'Anna Ferrari',
        fiscalCode: 'frrnna79e45l424y',
      };
      const first = await roleHolders.set(ctx, input);
      expect(first).toMatchObject({ fiscalCode: 'FRRNNA79E45L424Y', orgUnitId: unit.id });
      const replaced = await roleHolders.set(ctx, {
        ...input,
        personName: 'Maria Rossi',
        fiscalCode: 'RSSMRA75C52L424W',
      });
      expect(replaced.id).toBe(first.id);
      expect(await roleHolders.ofUnits(ctx, [unit.id])).toEqual([
        expect.objectContaining({ personName: 'Maria Rossi' }),
      ]);

      await expect(roleHolders.set(ctx, { ...input, fiscalCode: 'RSSMRA75C52L424X' })).rejects.toMatchObject({
        code: 'INVALID_FISCAL_CODE',
        field: 'fiscalCode',
      });
      await expect(roleHolders.set(ctx, { ...input, fiscalCode: '00210240321' })).rejects.toMatchObject({
        code: 'INVALID_FISCAL_CODE',
      });
    });
  });
});

import { randomUUID } from 'node:crypto';
import { EntiService, OrgUnitsService, systemContext } from '@sus/catalog';
import { orgFiscalCodeCheckDigit } from '@sus/domain';
import type { DataSource } from 'typeorm';
import { firstError } from '../support/graphql';
import { SeededApi } from '../support/seeded-api';

/** Enti, org units and role holders through the real api and GraphQL, on a seeded Postgres. */
describe('organisations GraphQL', () => {
  const fixture = new SeededApi();
  const ctx = systemContext('test');
  let dataSource: DataSource;
  let queries: SeededApi['queries'];
  const gql = fixture.gql.bind(fixture);
  const newComune = () =>
    fixture.newComune({ ibanAccounts: [{ iban: 'IT31X0200802230000104500001', isDefault: true }] });

  beforeAll(async () => {
    await fixture.start('org');
    ({ dataSource, queries } = fixture);
  });
  afterAll(() => fixture.stop());

  describe('enti', () => {
    const ENTI = `query Enti($first: Int, $after: String, $type: EnteType, $regionCode: String) {
      enti(first: $first, after: $after, type: $type, regionCode: $regionCode) {
        edges { cursor node { ipaCode name type } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
    type EntiPage = {
      enti: {
        edges: { cursor: string; node: { ipaCode: string; name: string; type: string } }[];
        pageInfo: {
          hasNextPage: boolean;
          hasPreviousPage: boolean;
          startCursor: string | null;
          endCursor: string | null;
        };
      };
    };

    it('pages through the enti by name with Relay cursors, without gaps or repeats', async () => {
      const all = await gql<EntiPage>(ENTI, { first: 100 });
      expect(all.errors).toBeUndefined();
      const names = all.data!.enti.edges.map((edge) => edge.node.name);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(
        expect.arrayContaining([
          'Comune di Medea',
          'Comune di Trieste',
          'Regione Autonoma Friuli Venezia Giulia',
        ]),
      );

      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const page: { data?: EntiPage | null } = await gql<EntiPage>(ENTI, { first: 2, after });
        const { edges, pageInfo } = page.data!.enti;
        expect(edges.length).toBeLessThanOrEqual(2);
        expect(pageInfo.hasPreviousPage).toBe(after !== null);
        expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
        seen.push(...edges.map((edge) => edge.node.name));
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen).toEqual(names);
    });

    it('filters by type and region', async () => {
      const comuni = await gql<EntiPage>(ENTI, { type: 'COMUNE', regionCode: 'r_friuve', first: 100 });
      const codes = comuni.data!.enti.edges.map((edge) => edge.node.ipaCode);
      expect(codes).toEqual(expect.arrayContaining(['c_f081', 'c_l424']));
      expect(comuni.data!.enti.edges.every((edge) => edge.node.type === 'COMUNE')).toBe(true);
      const regions = await gql<EntiPage>(ENTI, { type: 'REGIONE' });
      expect(regions.data!.enti.edges.map((edge) => edge.node.ipaCode)).toEqual(['r_friuve']);
    });

    it('refuses a page larger than 100 and a cursor it did not issue', async () => {
      expect(firstError((await gql(ENTI, { first: 101 })).errors)).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'first',
      });
      expect(firstError((await gql(ENTI, { after: 'bm90LWEtY3Vyc29y' })).errors)).toEqual({
        code: 'INVALID_CURSOR',
        field: 'after',
      });
    });

    it('reads one ente by IPA code with its region, accounts and role holders', async () => {
      const result = await gql<{ ente: Record<string, unknown> }>(`{
        ente(code: "c_l424") {
          ipaCode name fiscalCode type segregationCode cbillCode appIoServiceIds
          region { ipaCode name }
          ibanAccounts { iban isDefault serviceCode }
          roleHolders { role personName title }
        }
      }`);
      expect(result.errors).toBeUndefined();
      expect(result.data!.ente).toMatchObject({
        ipaCode: 'c_l424',
        name: 'Comune di Trieste',
        fiscalCode: '00210240321',
        type: 'COMUNE',
        region: { ipaCode: 'r_friuve' },
        ibanAccounts: [
          { iban: 'IT31X0200802230000104500001', isDefault: true, serviceCode: null },
          { iban: 'IT04X0200802230000104500002', isDefault: false, serviceCode: 'TARI' },
        ],
        roleHolders: [
          { role: 'SUBSTITUTE_POWER_HOLDER', personName: 'Paolo Bianchi', title: 'Segretario generale' },
        ],
      });
      expect((await gql<{ ente: null }>('{ ente(code: "c_nowhere") { name } }')).data).toEqual({
        ente: null,
      });
    });

    it('saves an ente with its IBAN accounts; omitted fields keep their value', async () => {
      const SAVE = `mutation Save($input: SaveEnteInput!) {
        saveEnte(input: $input) { ipaCode name fiscalCode segregationCode region { ipaCode } ibanAccounts { iban isDefault serviceCode } }
      }`;
      const ipaCode = `c_s${randomUUID().slice(0, 8)}`;
      const tenDigits = '8001407031';
      const input = {
        ipaCode,
        type: 'COMUNE',
        name: 'Comune di Esempio',
        fiscalCode: `${tenDigits}${orgFiscalCodeCheckDigit(tenDigits)}`,
        regionCode: 'r_friuve',
        segregationCode: '07',
        ibanAccounts: [
          { iban: 'IT20 X076 0102 2000 0001 2345 678', isDefault: true },
          { iban: 'IT86X0892864590000000010101', isDefault: false, serviceCode: 'MENSA' },
        ],
      };
      const wrongCheckDigit = `${tenDigits}${(orgFiscalCodeCheckDigit(tenDigits) + 1) % 10}`;
      const badFiscalCode = await gql(SAVE, { input: { ...input, fiscalCode: wrongCheckDigit } });
      expect(firstError(badFiscalCode.errors)).toEqual({
        code: 'INVALID_ORG_FISCAL_CODE',
        field: 'fiscalCode',
      });
      const badIban = await gql(SAVE, {
        input: { ...input, ibanAccounts: [{ iban: 'IT20X0760102200000012345679', isDefault: true }] },
      });
      expect(firstError(badIban.errors)).toEqual({ code: 'INVALID_IBAN', field: 'ibanAccounts.0.iban' });
      const twoDefaults = await gql(SAVE, {
        input: {
          ...input,
          ibanAccounts: input.ibanAccounts.map((account) => ({
            ...account,
            isDefault: true,
            serviceCode: null,
          })),
        },
      });
      expect(firstError(twoDefaults.errors)).toEqual({ code: 'INVALID_DEFAULT_IBAN', field: 'ibanAccounts' });
      expect((await gql<{ ente: null }>(`{ ente(code: "${ipaCode}") { name } }`)).data).toEqual({
        ente: null,
      });

      const saved = await gql<{ saveEnte: Record<string, unknown> }>(SAVE, { input });
      expect(saved.errors).toBeUndefined();
      expect(saved.data!.saveEnte).toEqual({
        ipaCode,
        name: 'Comune di Esempio',
        fiscalCode: input.fiscalCode,
        segregationCode: '07',
        region: { ipaCode: 'r_friuve' },
        ibanAccounts: [
          { iban: 'IT20X0760102200000012345678', isDefault: true, serviceCode: null },
          { iban: 'IT86X0892864590000000010101', isDefault: false, serviceCode: 'MENSA' },
        ],
      });

      const renamed = await gql<{ saveEnte: Record<string, unknown> }>(SAVE, {
        input: { ipaCode, type: 'COMUNE', name: 'Comune di Esempio Nuovo', fiscalCode: input.fiscalCode },
      });
      expect(renamed.data!.saveEnte).toEqual({ ...saved.data!.saveEnte, name: 'Comune di Esempio Nuovo' });
    });

    it('costs the same number of SQL statements for 3 enti as for 15 (DataLoader)', async () => {
      const NESTED = `{ enti(first: 100) { edges { node {
        name region { name region { name } } ibanAccounts { iban } roleHolders { personName }
        orgUnits { code children { code roleHolders { personName } } }
      } } } }`;
      const measure = async () => {
        queries.reset();
        const result = await gql<{ enti: { edges: unknown[] } }>(NESTED);
        expect(result.errors).toBeUndefined();
        return { statements: queries.count(), rows: result.data!.enti.edges.length };
      };
      const small = await measure();
      for (let i = 0; i < 12; i++) await newComune();
      const large = await measure();
      expect(large.rows).toBeGreaterThanOrEqual(small.rows + 12);
      expect(large.statements).toBe(small.statements);
      expect(large.statements).toBeLessThanOrEqual(7);
    });
  });

  describe('org units', () => {
    const TREE = `query Tree($enteCode: String!) {
      orgUnits(enteCode: $enteCode) {
        id code name
        children { id code name parent { code } roleHolders { role personName } children { code } }
      }
    }`;
    type Unit = {
      id: string;
      code: string;
      name: string;
      children: Unit[];
      roleHolders?: { role: string; personName: string }[];
    };

    it('returns the seeded tree of Medea with children and role holders', async () => {
      const result = await gql<{ orgUnits: Unit[] }>(TREE, { enteCode: 'c_f081' });
      expect(result.errors).toBeUndefined();
      const admin = result.data!.orgUnits.find((unit) => unit.code === 'AREA-AMM')!;
      expect(admin.children.map((unit) => unit.name)).toEqual([
        'Ufficio Anagrafe e Stato Civile',
        'Ufficio Segreteria e Protocollo',
      ]);
      expect(admin.children[0]).toMatchObject({
        parent: { code: 'AREA-AMM' },
        roleHolders: [{ role: 'RESPONSABILE_PROCEDIMENTO', personName: 'Giorgio Neri' }],
      });
    });

    it('finds one unit by code, and walks the tree from the ente too', async () => {
      const unit = await gql<{ orgUnit: unknown }>(`{
        orgUnit(enteCode: "c_l424", code: "UFF-STC") { name externalId parent { code } ente { ipaCode } roleHolders { personName } }
      }`);
      expect(unit.data!.orgUnit).toEqual({
        name: 'Ufficio Stato Civile',
        externalId: 'TS-110',
        parent: { code: 'AREA-SD' },
        ente: { ipaCode: 'c_l424' },
        roleHolders: [{ personName: 'Anna Ferrari' }],
      });
      expect((await gql('{ orgUnit(enteCode: "c_l424", code: "NOPE") { id } }')).data).toEqual({
        orgUnit: null,
      });

      const fromEnte = await gql<{
        enti: { edges: { node: { ipaCode: string; orgUnits: { code: string }[] } }[] };
      }>(
        '{ enti(type: COMUNE, first: 100) { edges { node { ipaCode orgUnits { code children { code } } } } } }',
      );
      const medea = fromEnte.data!.enti.edges.find((edge) => edge.node.ipaCode === 'c_f081')!;
      expect(medea.node.orgUnits).toEqual([
        { code: 'AREA-AMM', children: [{ code: 'UFF-ASC' }, { code: 'UFF-SEG' }] },
        { code: 'AREA-FIN', children: [{ code: 'UFF-RAG' }] },
      ]);
    });

    it('answers NOT_FOUND naming enteCode for an unknown ente', async () => {
      expect(firstError((await gql(TREE, { enteCode: 'c_nowhere' })).errors)).toEqual({
        code: 'NOT_FOUND',
        field: 'enteCode',
      });
    });

    it('costs the same number of SQL statements for a tree of 6 units as for one of 60 (DataLoader)', async () => {
      const ente = await newComune();
      const service = new OrgUnitsService(dataSource, new EntiService(dataSource));
      const grow = async (roots: number, childrenEach: number, prefix: string) => {
        const units = [];
        for (let r = 0; r < roots; r++) {
          units.push({ externalId: `${prefix}${r}`, code: `${prefix}${r}`, name: `Area ${r}` });
          for (let c = 0; c < childrenEach; c++) {
            units.push({
              externalId: `${prefix}${r}-${c}`,
              code: `${prefix}${r}-${c}`,
              name: `Ufficio ${c}`,
              parentExternalId: `${prefix}${r}`,
            });
          }
        }
        const report = await service.import(ctx, {
          enteCode: ente.ipaCode,
          format: 'json',
          content: JSON.stringify(units),
        });
        expect(report.rejected).toEqual([]);
      };
      const measure = async () => {
        queries.reset();
        const result = await gql<{ orgUnits: Unit[] }>(TREE, { enteCode: ente.ipaCode });
        expect(result.errors).toBeUndefined();
        return queries.count();
      };
      await grow(2, 2, 'A');
      const small = await measure();
      await grow(18, 2, 'B');
      const large = await measure();
      expect(large).toBe(small);
    });

    it('imports an HR export: reports rejected lines, writes the valid ones, and is idempotent', async () => {
      const ente = await newComune();
      const IMPORT = `mutation Import($enteCode: String!, $content: String!) {
        importOrgUnits(enteCode: $enteCode, format: CSV, content: $content) {
          created updated unchanged rejected { line field code message }
        }
      }`;
      const content = [
        'externalId,code,name,parentExternalId',
        'HR-1,AREA-SD,Area Servizi Demografici,',
        'HR-2,UFF-STC,Ufficio Stato Civile,HR-1',
        'HR-3,UFF-X,Ufficio orfano,HR-99',
        'HR-4,UFF-STC,Codice doppio,HR-1',
      ].join('\n');
      type Report = {
        importOrgUnits: {
          created: number;
          updated: number;
          unchanged: number;
          rejected: { line: number; field: string; code: string }[];
        };
      };
      const first = await gql<Report>(IMPORT, { enteCode: ente.ipaCode, content });
      expect(first.errors).toBeUndefined();
      expect(first.data!.importOrgUnits).toMatchObject({
        created: 2,
        updated: 0,
        unchanged: 0,
        rejected: [
          { line: 4, field: 'parentExternalId', code: 'UNKNOWN_PARENT' },
          { line: 5, field: 'code', code: 'DUPLICATE_CODE' },
        ],
      });
      const second = await gql<Report>(IMPORT, { enteCode: ente.ipaCode, content });
      expect(second.data!.importOrgUnits).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
      const tree = await gql<{ orgUnits: Unit[] }>(TREE, { enteCode: ente.ipaCode });
      expect(
        tree.data!.orgUnits.map((unit) => [unit.code, unit.children.map((child) => child.code)]),
      ).toEqual([['AREA-SD', ['UFF-STC']]]);

      const xml = await gql(
        'mutation I($enteCode: String!, $format: OrgUnitImportFormat!) { importOrgUnits(enteCode: $enteCode, format: $format, content: "") { created } }',
        { enteCode: ente.ipaCode, format: 'XML' },
      );
      expect(firstError(xml.errors)).toEqual({ code: 'BAD_USER_INPUT', field: 'format' });
      expect(xml.errors?.[0]?.message).toContain('XML');
      const unknownField = await gql('{ orgUnits(enteCode: "c_l424") { nope } }');
      expect(unknownField.errors?.[0]).toMatchObject({
        message: expect.stringContaining('nope'),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });

      const unreadable = await gql(IMPORT, { enteCode: ente.ipaCode, content: 'name\nx' });
      expect(firstError(unreadable.errors)).toEqual({ code: 'INVALID_IMPORT_FILE', field: 'content' });
    });

    it('creates, edits and moves units by hand; a cycle or a duplicate code is refused and nothing changes', async () => {
      const ente = await newComune();
      const CREATE = `mutation Create($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id code parent { code } } }`;
      const UPDATE = `mutation Update($input: UpdateOrgUnitInput!) { updateOrgUnit(input: $input) { id code name parent { code } } }`;
      type Created = { createOrgUnit: { id: string; code: string } };
      const area = (
        await gql<Created>(CREATE, { input: { enteCode: ente.ipaCode, code: 'AREA', name: 'Area' } })
      ).data!.createOrgUnit;
      const office = (
        await gql<Created>(CREATE, {
          input: { enteCode: ente.ipaCode, code: 'UFF', name: 'Ufficio', parentId: area.id },
        })
      ).data!.createOrgUnit;

      const cycle = await gql(UPDATE, {
        input: { enteCode: ente.ipaCode, id: area.id, parentId: office.id },
      });
      expect(firstError(cycle.errors)).toEqual({ code: 'ORG_UNIT_CYCLE', field: 'parentId' });
      const duplicate = await gql(CREATE, { input: { enteCode: ente.ipaCode, code: 'UFF', name: 'Altro' } });
      expect(firstError(duplicate.errors)).toEqual({ code: 'DUPLICATE_CODE', field: 'code' });
      const badDate = await gql(CREATE, {
        input: { enteCode: ente.ipaCode, code: 'NEW', name: 'x', validFrom: '1 gennaio' },
      });
      expect(firstError(badDate.errors)).toEqual({ code: 'BAD_USER_INPUT', field: 'validFrom' });
      const wrongEnte = await gql(UPDATE, { input: { enteCode: 'c_l424', id: office.id, name: 'x' } });
      expect(firstError(wrongEnte.errors)).toEqual({ code: 'NOT_FOUND', field: 'id' });

      const unchanged = await gql<{ orgUnits: Unit[] }>(TREE, { enteCode: ente.ipaCode });
      expect(
        unchanged.data!.orgUnits.map((unit) => [unit.code, unit.children.map((child) => child.code)]),
      ).toEqual([['AREA', ['UFF']]]);

      const moved = await gql<{ updateOrgUnit: unknown }>(UPDATE, {
        input: { enteCode: ente.ipaCode, id: office.id, parentId: null, name: 'Ufficio autonomo' },
      });
      expect(moved.data!.updateOrgUnit).toEqual({
        id: office.id,
        code: 'UFF',
        name: 'Ufficio autonomo',
        parent: null,
      });
      const under = await gql<{ updateOrgUnit: unknown }>(UPDATE, {
        input: { enteCode: ente.ipaCode, id: area.id, parentId: office.id },
      });
      expect(under.data!.updateOrgUnit).toMatchObject({ code: 'AREA', parent: { code: 'UFF' } });
    });
  });

  describe('role holders', () => {
    const SET = `mutation Set($input: SetRoleHolderInput!) {
      setRoleHolder(input: $input) { role personName title email orgUnit { code } ente { ipaCode } }
    }`;

    it('sets the potere sostitutivo of an ente and the responsabile of a unit', async () => {
      const ente = await newComune();
      const holder = await gql<{ setRoleHolder: unknown }>(SET, {
        input: {
          enteCode: ente.ipaCode,
          role: 'SUBSTITUTE_POWER_HOLDER',
          personName: 'Lucia Verdi',
          fiscalCode: 'VRDLCU80S60E098L',
          title: 'Segretario comunale',
        },
      });
      expect(holder.errors).toBeUndefined();
      expect(holder.data!.setRoleHolder).toEqual({
        role: 'SUBSTITUTE_POWER_HOLDER',
        personName: 'Lucia Verdi',
        title: 'Segretario comunale',
        email: null,
        orgUnit: null,
        ente: { ipaCode: ente.ipaCode },
      });
    });

    it('refuses an invalid fiscal code naming the field, writing nothing', async () => {
      const ente = await newComune();
      const result = await gql(SET, {
        input: {
          enteCode: ente.ipaCode,
          role: 'SUBSTITUTE_POWER_HOLDER',
          personName: 'Lucia Verdi',
          fiscalCode: 'VRDLCU80S60E098X',
        },
      });
      expect(firstError(result.errors)).toEqual({ code: 'INVALID_FISCAL_CODE', field: 'fiscalCode' });
      const holders = await gql<{ ente: { roleHolders: unknown[] } }>(
        `{ ente(code: "${ente.ipaCode}") { roleHolders { personName } } }`,
      );
      expect(holders.data!.ente.roleHolders).toEqual([]);

      const unknownUnit = await gql(SET, {
        input: {
          enteCode: ente.ipaCode,
          orgUnitId: randomUUID(),
          role: 'RESPONSABILE_PROCEDIMENTO',
          personName: 'X',
          fiscalCode: 'VRDLCU80S60E098L',
        },
      });
      expect(firstError(unknownUnit.errors)).toEqual({ code: 'NOT_FOUND', field: 'orgUnitId' });
    });
  });
});

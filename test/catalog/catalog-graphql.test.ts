import { randomUUID } from 'node:crypto';
import { EntiService, ProceduresService, ServicesService, systemContext } from '@sus/catalog';
import type { DataSource } from 'typeorm';
import { firstError } from '../support/graphql';
import { SeededApi } from '../support/seeded-api';

/** Procedures, services, concepts, node(id) and monitoring through the real api, on a seeded Postgres. */
describe('catalog GraphQL', () => {
  const fixture = new SeededApi();
  const ctx = systemContext('test');
  let dataSource: DataSource;
  let queries: SeededApi['queries'];
  let enti: EntiService;
  let procedures: ProceduresService;
  let services: ServicesService;
  const gql = fixture.gql.bind(fixture);
  const newComune = () => fixture.newComune();

  beforeAll(async () => {
    await fixture.start('catalog');
    ({ dataSource, queries } = fixture);
    enti = new EntiService(dataSource);
    procedures = new ProceduresService(dataSource, enti);
    services = new ServicesService(dataSource, enti, procedures);
  });
  afterAll(() => fixture.stop());

  const serviceRows = async () =>
    dataSource.query(`SELECT md5(string_agg(s::text, ',' ORDER BY id)) AS rows FROM service s`);

  describe('services', () => {
    const SERVICES = `query Services($enteCode: String!, $first: Int, $after: String, $channel: Channel,
        $interactivity: InteractivityLevel, $taxonomy: String, $voluntary: Boolean, $search: String) {
      services(enteCode: $enteCode, first: $first, after: $after, channel: $channel, interactivity: $interactivity,
          taxonomy: $taxonomy, voluntary: $voluntary, search: $search) {
        edges { cursor node { id code name channels interactivityLevel voluntary } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      services: {
        edges: { node: { id: string; code: string; channels: string[]; interactivityLevel: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const codes = async (variables: Record<string, unknown>) => {
      const result = await gql<Page>(SERVICES, { enteCode: 'c_l424', first: 50, ...variables });
      expect(result.errors).toBeUndefined();
      return result.data!.services.edges.map((edge) => edge.node.code);
    };

    it('shows the Trieste and Medea specialisations of the marriage service with procedure and taxonomy', async () => {
      const ONE = `query One($enteCode: String!) { service(enteCode: $enteCode, code: "MATRIMONIO-CIVILE") {
        channels interactivityLevel voluntary pagopaActive fees { description amountCents }
        taxonomy { code serviceTypeName version }
        contactPoints { kind value }
        procedure { name termDays termKind startType legislation overriddenFields
          responsibleUnit { code } substitutePowerHolder { title } }
      } }`;
      const trieste = await gql<{ service: Record<string, unknown> }>(ONE, { enteCode: 'c_l424' });
      expect(trieste.errors).toBeUndefined();
      expect(trieste.data!.service).toMatchObject({
        channels: ['WEB', 'APP'],
        interactivityLevel: 'TRANSATTIVO',
        voluntary: false,
        pagopaActive: true,
        fees: [{ amountCents: 15000 }],
        taxonomy: [
          { code: '9/0104102TS/', serviceTypeName: 'Servizio celebrazione matrimoni civili', version: '33' },
        ],
        procedure: {
          name: 'Celebrazione matrimonio',
          termDays: 3,
          termKind: 'CALENDAR_DAYS',
          startType: 'ISTANZA_DI_PARTE',
          legislation: expect.arrayContaining(['D.P.R. 396/2000']),
          overriddenFields: [],
          responsibleUnit: { code: 'UFF-STC' },
          substitutePowerHolder: { title: 'Segretario generale' },
        },
      });
      const medea = await gql<{ service: Record<string, unknown> }>(ONE, { enteCode: 'c_f081' });
      expect(medea.data!.service).toMatchObject({
        channels: ['SPORTELLO'],
        interactivityLevel: 'NON_ONLINE',
        procedure: {
          responsibleUnit: { code: 'UFF-ASC' },
          substitutePowerHolder: { title: 'Segretario comunale' },
        },
      });
    });

    it('filters by channel, interactivity, taxonomy, voluntary flag and Italian text, and pages by cursor', async () => {
      expect(await codes({ voluntary: true })).toEqual(['DONAZIONI']);
      expect(await codes({ taxonomy: '9/0107101TS/' })).toEqual(['MENSA-SCOLASTICA']);
      expect(await codes({ channel: 'SPORTELLO' })).toEqual(expect.arrayContaining(['CIE', 'TARI']));
      expect(await codes({ channel: 'SPORTELLO' })).not.toContain('MATRIMONIO-CIVILE');
      expect(await codes({ interactivity: 'DUE_VIE' })).toEqual(['CIE']);
      expect(await codes({ search: 'refezione scolastiche' })).toEqual(['MENSA-SCOLASTICA']);

      const all = await codes({});
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page: { data?: Page | null } = await gql<Page>(SERVICES, {
          enteCode: 'c_l424',
          first: 4,
          after,
        });
        seen.push(...page.data!.services.edges.map((edge) => edge.node.code));
        if (!page.data!.services.pageInfo.hasNextPage) break;
        after = page.data!.services.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
    });

    it('costs the same number of SQL statements for 2 services as for 12 (DataLoader)', async () => {
      const ente = await newComune();
      const NESTED = `query Nested($enteCode: String!) { services(enteCode: $enteCode, first: 100) { edges { node {
        code taxonomy { code serviceTypeName } contactPoints { kind value }
        procedure { name overriddenFields responsibleUnit { code } substitutePowerHolder { personName } }
      } } } }`;
      const addServices = async (count: number) => {
        for (let i = 0; i < count; i++) {
          const code = `S-${randomUUID().slice(0, 8)}`;
          await procedures.saveTemplate(ctx, {
            ownerEnteCode: 'r_friuve',
            code,
            fields: {
              name: `Procedimento ${code}`,
              subjectArea: 'Prove',
              startType: 'istanzaDiParte',
              legislation: ['L. 241/1990'],
              termDays: 30,
              termKind: 'calendarDays',
              conclusionType: 'provvedimentoEspresso',
              transparencyNotice: null,
              deadlines: [],
            },
          });
          await services.saveType(ctx, {
            code,
            scope: 'regional',
            ownerEnteCode: 'r_friuve',
            procedureTemplateCode: code,
            defaults: {
              name: `Servizio ${code}`,
              description: '',
              channels: ['web'],
              interactivityLevel: 'dueVie',
              availability: null,
              taxonomyCodes: ['9/0103100TS/'],
              contactPoints: [{ kind: 'email', value: 'ufficio@example.org', description: null }],
              paymentMode: 'spontaneous',
              voluntary: false,
              pagopaActive: true,
              fees: [],
              accountingReferences: [],
              appIoServiceId: null,
              appIoPublished: false,
            },
          });
          await services.adopt(ctx, ente.ipaCode, code);
          await procedures.update(ctx, ente.ipaCode, code, {
            responsibleUnitCode: null,
            name: `Mio ${code}`,
          });
        }
      };
      const measure = async () => {
        queries.reset();
        const result = await gql<{ services: { edges: unknown[] } }>(NESTED, { enteCode: ente.ipaCode });
        expect(result.errors).toBeUndefined();
        return { statements: queries.count(), rows: result.data!.services.edges.length };
      };
      await addServices(2);
      const small = await measure();
      await addServices(10);
      const large = await measure();
      expect([small.rows, large.rows]).toEqual([2, 12]);
      expect(large.statements).toBe(small.statements);
      expect(large.statements).toBeLessThanOrEqual(5);
    });

    it('answers the portal page of services with their procedures in one SQL statement', async () => {
      // The hottest public read (npm run bench -- catalog): no separate ente, procedure or
      // template lookups, whatever the page holds.
      const PAGE = `query Page($enteCode: String!) { services(enteCode: $enteCode, first: 50) { edges { node {
        code name channels contactPoints { kind value description }
        taxonomy { code serviceTypeName legalReason } procedure { code name overriddenFields }
      } } } }`;
      queries.reset();
      const trieste = await gql<{ services: { edges: { node: { procedure: unknown } }[] } }>(PAGE, {
        enteCode: 'c_l424',
      });
      expect(trieste.errors).toBeUndefined();
      expect(queries.count()).toBe(1);
      expect(trieste.data!.services.edges.filter((edge) => edge.node.procedure).length).toBeGreaterThan(0);

      // An ente with no service answers an empty page; an unknown one is still NOT_FOUND.
      const empty = await newComune();
      const none = await gql<{ services: { edges: unknown[] } }>(PAGE, { enteCode: empty.ipaCode });
      expect(none.errors).toBeUndefined();
      expect(none.data!.services.edges).toEqual([]);
      const unknown = await gql(PAGE, { enteCode: 'c_zzzz' });
      expect(firstError(unknown.errors)).toEqual({ code: 'NOT_FOUND', field: 'enteCode' });
    });

    it('adopts and customises a service; bad taxonomy and duplicates are typed errors naming the field, writing nothing', async () => {
      const ente = await newComune();
      const ADOPT = `mutation Adopt($enteCode: String!, $type: String!) {
        adoptService(enteCode: $enteCode, serviceTypeCode: $type) { code taxonomyCodes procedure { code } } }`;
      const adopted = await gql<{ adoptService: unknown }>(ADOPT, {
        enteCode: ente.ipaCode,
        type: 'MATRIMONIO-CIVILE',
      });
      expect(adopted.errors).toBeUndefined();
      expect(adopted.data!.adoptService).toEqual({
        code: 'MATRIMONIO-CIVILE',
        taxonomyCodes: ['9/0104102TS/'],
        procedure: { code: 'MATRIMONIO-CIVILE' },
      });
      expect(
        firstError((await gql(ADOPT, { enteCode: ente.ipaCode, type: 'MATRIMONIO-CIVILE' })).errors),
      ).toEqual({
        code: 'DUPLICATE_CODE',
        field: 'serviceTypeCode',
      });

      const UPDATE = `mutation Update($enteCode: String!, $input: UpdateServiceInput!) {
        updateService(enteCode: $enteCode, code: "MATRIMONIO-CIVILE", input: $input) {
          channels availability fees { amountCents } accountingReferences { chapter assessment } appIoPublished } }`;
      const updated = await gql<{ updateService: unknown }>(UPDATE, {
        enteCode: ente.ipaCode,
        input: {
          channels: ['WEB', 'PEC'],
          availability: 'Sabato mattina',
          fees: [{ description: 'Sala giunta', amountCents: 8000 }],
          accountingReferences: [{ chapter: '3010', assessment: '2026/9' }],
        },
      });
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.updateService).toEqual({
        channels: ['WEB', 'PEC'],
        availability: 'Sabato mattina',
        fees: [{ amountCents: 8000 }],
        accountingReferences: [{ chapter: '3010', assessment: '2026/9' }],
        appIoPublished: false,
      });

      const before = await serviceRows();
      for (const [input, expected] of [
        [
          { name: 'x', taxonomyCodes: ['9/0199999TS/'] },
          { code: 'INVALID_TAXONOMY_CODE', field: 'taxonomyCodes.0' },
        ],
        [
          { fees: [{ description: 'x', amountCents: 0 }] },
          { code: 'INVALID_AMOUNT', field: 'fees.0.amountCents' },
        ],
        [{ appIoPublished: true }, { code: 'BAD_USER_INPUT', field: 'appIoServiceId' }],
        [{ procedureCode: 'NOPE' }, { code: 'NOT_FOUND', field: 'procedureCode' }],
        [{ channels: ['FAX'] }, { code: 'BAD_USER_INPUT', field: 'input' }],
      ] as const) {
        const result = await gql(UPDATE, { enteCode: ente.ipaCode, input });
        expect(firstError(result.errors)).toEqual(expected);
      }
      expect(await serviceRows()).toEqual(before);
    });
  });

  describe('procedures', () => {
    const UPDATE = `mutation Update($enteCode: String!, $input: UpdateProcedureInput!) {
      updateProcedure(enteCode: $enteCode, code: "MATRIMONIO-CIVILE", input: $input) {
        name termDays overriddenFields lockedFields } }`;

    it('overrides, shows which fields were overridden, refuses locked fields, and resets', async () => {
      const ente = await newComune();
      const adopted = await gql<{ adoptProcedure: { code: string; overriddenFields: string[] } }>(
        `mutation { adoptProcedure(enteCode: "${ente.ipaCode}", templateCode: "MATRIMONIO-CIVILE") { code overriddenFields } }`,
      );
      expect(adopted.data!.adoptProcedure).toEqual({ code: 'MATRIMONIO-CIVILE', overriddenFields: [] });

      const updated = await gql<{ updateProcedure: Record<string, unknown> }>(UPDATE, {
        enteCode: ente.ipaCode,
        input: { termDays: 5, name: 'Matrimonio civile' },
      });
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.updateProcedure).toEqual({
        name: 'Matrimonio civile',
        termDays: 5,
        overriddenFields: ['NAME', 'TERM_DAYS'],
        lockedFields: ['LEGISLATION', 'START_TYPE', 'CONCLUSION_TYPE'],
      });

      const before = await dataSource.query('SELECT overrides, updated_at FROM procedure ORDER BY id');
      const locked = await gql(UPDATE, {
        enteCode: ente.ipaCode,
        input: { name: 'x', legislation: ['L. 1/2000'] },
      });
      expect(firstError(locked.errors)).toEqual({ code: 'TEMPLATE_FIELD_LOCKED', field: 'legislation' });
      const unknownEnte = await gql(UPDATE, { enteCode: 'c_zzzz', input: { termDays: 4 } });
      expect(firstError(unknownEnte.errors)).toEqual({ code: 'NOT_FOUND', field: 'enteCode' });
      expect(await dataSource.query('SELECT overrides, updated_at FROM procedure ORDER BY id')).toEqual(
        before,
      );

      const reset = await gql<{ resetProcedureField: { termDays: number; overriddenFields: string[] } }>(
        `mutation { resetProcedureField(enteCode: "${ente.ipaCode}", code: "MATRIMONIO-CIVILE", field: TERM_DAYS) {
          termDays overriddenFields } }`,
      );
      expect(reset.data!.resetProcedureField).toEqual({ termDays: 3, overriddenFields: ['NAME'] });
    });

    it('lists the templates and service types enti can adopt', async () => {
      const result = await gql<{
        procedureTemplates: { code: string; lockedFields: string[]; substitutePowerTitle: string }[];
        serviceTypes: { code: string; scope: string; taxonomyCodes: string[]; voluntary: boolean }[];
      }>(`{ procedureTemplates { code name termDays lockedFields substitutePowerTitle }
            serviceTypes { code scope name taxonomyCodes voluntary } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data!.procedureTemplates).toContainEqual(
        expect.objectContaining({
          code: 'MATRIMONIO-CIVILE',
          lockedFields: ['LEGISLATION', 'START_TYPE', 'CONCLUSION_TYPE'],
          substitutePowerTitle: 'Segretario comunale',
        }),
      );
      expect(result.data!.serviceTypes).toContainEqual(
        expect.objectContaining({
          code: 'DONAZIONI',
          scope: 'REGIONAL',
          taxonomyCodes: ['9/0115102AP/'],
          voluntary: true,
        }),
      );
    });

    it('lists the procedures of an ente with Relay pagination', async () => {
      const result = await gql<{ procedures: { edges: { node: { code: string } }[] } }>(
        '{ procedures(enteCode: "c_l424", first: 10) { edges { node { code name } } pageInfo { hasNextPage } } }',
      );
      expect(result.data!.procedures.edges.map((edge) => edge.node.code)).toEqual(['MATRIMONIO-CIVILE']);
    });
  });

  describe('node(id)', () => {
    it('fetches an Ente, a Service and a Procedure by their global ids', async () => {
      const ids = await gql<{
        ente: { id: string };
        service: { id: string; procedure: { id: string } };
      }>(
        '{ ente(code: "c_l424") { id } service(enteCode: "c_l424", code: "MATRIMONIO-CIVILE") { id procedure { id } } }',
      );
      const NODE = `query Node($id: ID!) { node(id: $id) { __typename id
        ... on Ente { ipaCode } ... on Service { code } ... on Procedure { name } } }`;
      const ente = await gql<{ node: unknown }>(NODE, { id: ids.data!.ente.id });
      expect(ente.data!.node).toEqual({ __typename: 'Ente', id: ids.data!.ente.id, ipaCode: 'c_l424' });
      const service = await gql<{ node: unknown }>(NODE, { id: ids.data!.service.id });
      expect(service.data!.node).toEqual({
        __typename: 'Service',
        id: ids.data!.service.id,
        code: 'MATRIMONIO-CIVILE',
      });
      const procedure = await gql<{ node: unknown }>(NODE, { id: ids.data!.service.procedure.id });
      expect(procedure.data!.node).toMatchObject({
        __typename: 'Procedure',
        name: 'Celebrazione matrimonio',
      });

      expect(firstError((await gql(NODE, { id: 'not-an-id' })).errors)).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'id',
      });
      const missing = Buffer.from(`Service:${randomUUID()}`).toString('base64url');
      expect((await gql<{ node: unknown }>(NODE, { id: missing })).data!.node).toBeNull();
    });
  });

  describe('concepts', () => {
    it('saves, publishes and lists concepts; an incompatible change to one in use is CONCEPT_IN_USE', async () => {
      const code = `ceremony.rite${randomUUID().slice(0, 6)}`;
      const SAVE = `mutation Save($input: SaveConceptInput!, $newVersion: Boolean) {
        saveConcept(input: $input, newVersion: $newVersion) { version status enumValues } }`;
      const input = {
        code,
        type: 'ENUM',
        enumValues: ['civile', 'concordatario'],
        sensitive: false,
        labelIt: 'Rito',
      };
      expect((await gql(SAVE, { input })).data).toEqual({
        saveConcept: { version: 1, status: 'DRAFT', enumValues: ['civile', 'concordatario'] },
      });
      const published = await gql(`mutation { publishConcept(code: "${code}") { version status } }`);
      expect(published.data).toEqual({ publishConcept: { version: 1, status: 'PUBLISHED' } });
      await dataSource.query(
        `INSERT INTO concept_usage (concept_version_id, model_ref, model_published)
         SELECT v.id, 'MATRIMONIO-CIVILE@1', true FROM concept_version v JOIN concept c ON c.id = v.concept_id WHERE c.code = $1`,
        [code],
      );
      const narrowed = await gql(SAVE, { input: { ...input, enumValues: ['civile'] } });
      expect(firstError(narrowed.errors)).toEqual({ code: 'CONCEPT_IN_USE', field: 'enumValues' });
      const next = await gql(SAVE, { input: { ...input, enumValues: ['civile'] }, newVersion: true });
      expect(next.data).toEqual({ saveConcept: { version: 2, status: 'DRAFT', enumValues: ['civile'] } });

      const list = await gql<{ concepts: { code: string; latest: { version: number } }[] }>(
        '{ concepts { code latest { version labelIt } } }',
      );
      expect(list.data!.concepts.find((concept) => concept.code === code)?.latest.version).toBe(2);
    });
  });

  describe('payment adoption', () => {
    it('reports one ente and every ente of the region against the 70% pagoPA and 10 App IO targets', async () => {
      const FIELDS = `ente { ipaCode } incassoServices pagopaActiveServices pagopaPercent pagopaTargetPercent
        pagopaTargetMet appIoPublishedServices appIoTargetServices appIoTargetMet`;
      const trieste = await gql<{ paymentAdoption: unknown }>(
        `{ paymentAdoption(enteCode: "c_l424") { ${FIELDS} } }`,
      );
      expect(trieste.data!.paymentAdoption).toEqual({
        ente: { ipaCode: 'c_l424' },
        incassoServices: 6,
        pagopaActiveServices: 5,
        pagopaPercent: 83.3,
        pagopaTargetPercent: 70,
        pagopaTargetMet: true,
        appIoPublishedServices: 2,
        appIoTargetServices: 10,
        appIoTargetMet: false,
      });
      const region = await gql<{
        regionPaymentAdoption: { ente: { ipaCode: string }; incassoServices: number }[];
      }>(`{ regionPaymentAdoption(regionCode: "r_friuve") { ${FIELDS} } }`);
      const codes = region.data!.regionPaymentAdoption.map((row) => row.ente.ipaCode);
      expect(codes[0]).toBe('r_friuve');
      expect(codes).toEqual(expect.arrayContaining(['c_l424', 'c_f081']));
      expect(region.data!.regionPaymentAdoption.find((row) => row.ente.ipaCode === 'c_f081')).toMatchObject({
        incassoServices: 3,
        pagopaPercent: 33.3,
        pagopaTargetMet: false,
      });
      const notRegion = await gql(`{ regionPaymentAdoption(regionCode: "c_l424") { incassoServices } }`);
      expect(firstError(notRegion.errors)).toEqual({ code: 'INVALID_REGION', field: 'regionCode' });
    });
  });
});

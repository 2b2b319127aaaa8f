import { randomUUID } from 'node:crypto';
import {
  catalogDataSourceOptions,
  ConceptsService,
  EntiService,
  PaymentAdoptionService,
  ProceduresService,
  seedCatalog,
  ServicesService,
  systemContext,
  type SaveConceptInput,
} from '@sus/catalog';
import { orgFiscalCodeCheckDigit } from '@sus/domain';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** Concepts, procedures, services and payment monitoring against a real, seeded Postgres. */
describe('catalog: concepts, procedures, services (Postgres)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let enti: EntiService;
  let concepts: ConceptsService;
  let procedures: ProceduresService;
  let services: ServicesService;
  let adoption: PaymentAdoptionService;
  const ctx = systemContext('test');

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 4)).initialize();
    enti = new EntiService(dataSource);
    concepts = new ConceptsService(dataSource);
    procedures = new ProceduresService(dataSource, enti);
    services = new ServicesService(dataSource, enti, procedures);
    adoption = new PaymentAdoptionService(dataSource, enti);
    await seedCatalog(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const newComune = async () => {
    const suffix = randomUUID().slice(0, 8);
    const tenDigits = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
    return enti.save(ctx, {
      ipaCode: `c_g${suffix}`,
      type: 'comune',
      name: `Comune di Prova ${suffix}`,
      fiscalCode: `${tenDigits}${orgFiscalCodeCheckDigit(tenDigits)}`,
      regionCode: 'r_friuve',
    });
  };

  const newTemplate = async (lockedFields: ('legislation' | 'termDays')[] = ['legislation']) => {
    const code = `T-${randomUUID().slice(0, 8)}`;
    await procedures.saveTemplate(ctx, {
      ownerEnteCode: 'r_friuve',
      code,
      fields: {
        name: 'Contributo affitti',
        subjectArea: 'Politiche sociali',
        startType: 'istanzaDiParte',
        legislation: ['L. 431/1998'],
        termDays: 30,
        termKind: 'calendarDays',
        conclusionType: 'provvedimentoEspresso',
        transparencyNotice: null,
        deadlines: [],
      },
      lockedFields,
    });
    return code;
  };

  const rowCounts = async () =>
    dataSource.query(
      `SELECT (SELECT count(*) FROM procedure) AS procedures, (SELECT count(*) FROM service) AS services,
              (SELECT count(*) FROM concept_version) AS concept_versions,
              (SELECT md5(string_agg(overrides::text || updated_at::text, ',' ORDER BY id)) FROM procedure) AS overrides,
              (SELECT md5(string_agg(s::text, ',' ORDER BY id)) FROM service s) AS service_rows`,
    );

  describe('seed', () => {
    it('adopts Celebrazione matrimonio in Trieste and Medea with their unit and segretario', async () => {
      for (const [enteCode, unitCode] of [
        ['c_l424', 'UFF-STC'],
        ['c_f081', 'UFF-ASC'],
      ] as const) {
        const procedure = await procedures.findByCode(ctx, enteCode, 'MATRIMONIO-CIVILE');
        expect(procedure).toMatchObject({
          name: 'Celebrazione matrimonio',
          subjectArea: 'Anagrafe e stato civile',
          startType: 'istanzaDiParte',
          legislation: expect.arrayContaining(['D.P.R. 396/2000']),
          termDays: 3,
          termKind: 'calendarDays',
          overriddenFields: [],
        });
        const [unit] = await dataSource.query('SELECT code FROM org_unit WHERE id = $1', [
          procedure!.responsibleUnitId,
        ]);
        expect(unit.code).toBe(unitCode);
        const [holder] = await dataSource.query('SELECT role FROM role_holder WHERE id = $1', [
          procedure!.substitutePowerHolderId,
        ]);
        expect(holder.role).toBe('substitutePowerHolder');
      }
    });

    it('specialises the marriage service twice: Trieste on line with a hall fee, Medea at the sportello', async () => {
      const trieste = await services.findByCode(ctx, 'c_l424', 'MATRIMONIO-CIVILE');
      expect(trieste).toMatchObject({
        channels: ['web', 'app'],
        interactivityLevel: 'transattivo',
        taxonomyCodes: ['9/0104102TS/'],
        voluntary: false,
        pagopaActive: true,
        fees: [expect.objectContaining({ amountCents: 15000 })],
        appIoPublished: true,
      });
      const medea = await services.findByCode(ctx, 'c_f081', 'MATRIMONIO-CIVILE');
      expect(medea).toMatchObject({ channels: ['sportello'], interactivityLevel: 'nonOnline' });
      const medeaProcedure = await procedures.findByCode(ctx, 'c_f081', 'MATRIMONIO-CIVILE');
      expect(medea!.procedureId).toBe(medeaProcedure!.id);
    });

    it('offers CIE, TARI, school canteen, diritti di segreteria and a voluntary donation in Trieste', async () => {
      const page = await services.list(ctx, 'c_l424', {}, { first: 50 });
      const byCode = new Map(page.items.map(({ node }) => [node.code, node]));
      expect(byCode.get('CIE')?.taxonomyCodes).toEqual(['9/0104100TS/']);
      expect(byCode.get('TARI')?.taxonomyCodes).toEqual(['9/0101101IM/']);
      expect(byCode.get('MENSA-SCOLASTICA')?.taxonomyCodes).toEqual(['9/0107101TS/']);
      expect(byCode.get('DIRITTI-SEGRETERIA')?.taxonomyCodes).toEqual(['9/0103100TS/']);
      expect(byCode.get('DONAZIONI')).toMatchObject({ taxonomyCodes: ['9/0115102AP/'], voluntary: true });
    });

    it('is idempotent and keeps staff edits to seeded services', async () => {
      await services.update(ctx, 'c_f081', 'TARI', { availability: 'Solo il martedì' });
      const before = await rowCounts();
      expect(await seedCatalog(dataSource)).toMatchObject({
        procedureTemplates: 0,
        serviceTypes: 0,
        procedures: 0,
        services: 0,
        skipped: [],
      });
      expect(await rowCounts()).toEqual(before);
      expect((await services.findByCode(ctx, 'c_f081', 'TARI'))!.availability).toBe('Solo il martedì');
    });
  });

  describe('procedures', () => {
    it('shows the template plus overrides, names the overridden fields, and lets template changes through elsewhere', async () => {
      const ente = await newComune();
      const code = await newTemplate();
      await procedures.adopt(ctx, ente.ipaCode, code);
      const updated = await procedures.update(ctx, ente.ipaCode, code, {
        termDays: 20,
        name: 'Contributo canoni',
      });
      expect(updated).toMatchObject({
        termDays: 20,
        name: 'Contributo canoni',
        overriddenFields: ['name', 'termDays'],
      });

      const template = (await procedures.findTemplateByCode(ctx, code))!;
      await procedures.saveTemplate(ctx, {
        ownerEnteCode: 'r_friuve',
        code,
        fields: { ...template.fields, termDays: 45, subjectArea: 'Casa', name: 'Contributo affitto' },
        lockedFields: template.lockedFields,
      });
      expect(await procedures.findByCode(ctx, ente.ipaCode, code)).toMatchObject({
        termDays: 20,
        name: 'Contributo canoni',
        subjectArea: 'Casa',
      });

      const reset = await procedures.resetField(ctx, ente.ipaCode, code, 'termDays');
      expect(reset).toMatchObject({ termDays: 45, overriddenFields: ['name'] });

      // Locking a field the ente overrode brings the template value back.
      const current = (await procedures.findTemplateByCode(ctx, code))!;
      await procedures.saveTemplate(ctx, {
        ownerEnteCode: 'r_friuve',
        code,
        fields: current.fields,
        lockedFields: [...current.lockedFields, 'name'],
      });
      expect(await procedures.findByCode(ctx, ente.ipaCode, code)).toMatchObject({
        name: 'Contributo affitto',
        overriddenFields: [],
      });
    });

    it('refuses a locked field with TEMPLATE_FIELD_LOCKED naming it, and writes nothing', async () => {
      const ente = await newComune();
      const code = await newTemplate(['legislation', 'termDays']);
      await procedures.adopt(ctx, ente.ipaCode, code);
      const before = await rowCounts();
      await expect(
        procedures.update(ctx, ente.ipaCode, code, { name: 'Altro nome', termDays: 10 }),
      ).rejects.toMatchObject({ code: 'TEMPLATE_FIELD_LOCKED', field: 'termDays' });
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses adopting twice, unknown templates and bad terms, naming the field', async () => {
      const ente = await newComune();
      const code = await newTemplate();
      await procedures.adopt(ctx, ente.ipaCode, code);
      await expect(procedures.adopt(ctx, ente.ipaCode, code)).rejects.toMatchObject({
        code: 'DUPLICATE_CODE',
        field: 'templateCode',
      });
      await expect(procedures.adopt(ctx, ente.ipaCode, 'NOPE')).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'templateCode',
      });
      await expect(procedures.update(ctx, ente.ipaCode, code, { termDays: 400 })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'termDays',
      });
      await expect(
        procedures.update(ctx, ente.ipaCode, code, { responsibleUnitCode: 'NOPE' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'responsibleUnitCode' });
    });
  });

  describe('services', () => {
    it('adopts a service type, adopting its procedure too, then customises it', async () => {
      const ente = await newComune();
      const service = await services.adopt(ctx, ente.ipaCode, 'MATRIMONIO-CIVILE');
      expect(service).toMatchObject({ code: 'MATRIMONIO-CIVILE', taxonomyCodes: ['9/0104102TS/'] });
      expect((await procedures.findByCode(ctx, ente.ipaCode, 'MATRIMONIO-CIVILE'))!.id).toBe(
        service.procedureId,
      );
      const updated = await services.update(ctx, ente.ipaCode, 'MATRIMONIO-CIVILE', {
        channels: ['web', 'pec'],
        fees: [{ description: 'Sala consiliare', amountCents: 5000 }],
        accountingReferences: [{ chapter: '3010', assessment: '2026/7' }],
      });
      expect(updated).toMatchObject({
        channels: ['web', 'pec'],
        fees: [{ description: 'Sala consiliare', amountCents: 5000 }],
      });
    });

    it.each([
      ['9/0199999TS/', 'not in the official list'],
      ['9/0101101XX/', 'malformed'],
      ['9/0706100TS/', 'expired on 2022-04-01'],
    ])(
      'refuses taxonomy code %s (%s) with INVALID_TAXONOMY_CODE naming the field, writing nothing',
      async (taxonomy) => {
        const ente = await newComune();
        await services.adopt(ctx, ente.ipaCode, 'TARI');
        const before = await rowCounts();
        await expect(
          services.update(ctx, ente.ipaCode, 'TARI', {
            name: 'Cambiato',
            taxonomyCodes: ['9/0101101IM/', taxonomy],
          }),
        ).rejects.toMatchObject({ code: 'INVALID_TAXONOMY_CODE', field: 'taxonomyCodes.1' });
        expect(await rowCounts()).toEqual(before);
      },
    );

    it('refuses adopting the same service twice and fees that are not cents', async () => {
      const ente = await newComune();
      await services.adopt(ctx, ente.ipaCode, 'CIE');
      await expect(services.adopt(ctx, ente.ipaCode, 'CIE')).rejects.toMatchObject({
        code: 'DUPLICATE_CODE',
        field: 'serviceTypeCode',
      });
      await expect(
        services.update(ctx, ente.ipaCode, 'CIE', { fees: [{ description: 'x', amountCents: 12.5 }] }),
      ).rejects.toMatchObject({ code: 'INVALID_AMOUNT', field: 'fees.0.amountCents' });
    });

    it('filters by channel, interactivity, taxonomy, voluntary flag and Italian full-text search', async () => {
      const codes = async (filter: Parameters<ServicesService['list']>[2]) =>
        (await services.list(ctx, 'c_l424', filter, { first: 50 })).items.map(({ node }) => node.code);
      expect(await codes({ voluntary: true })).toEqual(['DONAZIONI']);
      expect(await codes({ taxonomy: '9/0104102ts/' })).toEqual(['MATRIMONIO-CIVILE']);
      expect(await codes({ channel: 'app', interactivity: 'transattivo' })).toEqual(
        expect.arrayContaining(['MATRIMONIO-CIVILE', 'TARI']),
      );
      // Italian stemming: "matrimoni" finds "matrimonio", "rifiuto" finds "rifiuti".
      expect(await codes({ search: 'matrimoni' })).toEqual(['MATRIMONIO-CIVILE']);
      expect(await codes({ search: 'rifiuto' })).toEqual(['TARI']);
    });
  });

  describe('concepts', () => {
    const spouseName = (code: string): SaveConceptInput => ({
      code,
      type: 'text',
      validation: { minLength: 2, maxLength: 100 },
      sensitive: true,
      labelIt: 'Nome del coniuge',
      labelEn: 'Spouse name',
    });

    it('lets a published version in use change only compatibly, naming the field otherwise', async () => {
      const code = `spouse.name${randomUUID().slice(0, 6)}`;
      await concepts.save(ctx, spouseName(code));
      const published = await concepts.publish(ctx, code);
      expect(published).toMatchObject({ version: 1, status: 'published' });

      // Not in use yet: nothing collected under it, so the change is allowed.
      await concepts.save(ctx, { ...spouseName(code), validation: { minLength: 2, maxLength: 80 } });

      await dataSource.query(
        `INSERT INTO concept_usage (concept_version_id, model_ref, model_published) VALUES ($1, 'MATRIMONIO-CIVILE@1', true)`,
        [published.id],
      );
      const before = await rowCounts();
      await expect(
        concepts.save(ctx, { ...spouseName(code), validation: { minLength: 2, maxLength: 50 } }),
      ).rejects.toMatchObject({ code: 'CONCEPT_IN_USE', field: 'validation.maxLength' });
      await expect(
        concepts.save(ctx, { ...spouseName(code), type: 'number', validation: {} }),
      ).rejects.toMatchObject({ code: 'CONCEPT_IN_USE', field: 'type' });
      expect(await rowCounts()).toEqual(before);

      const relabelled = await concepts.save(ctx, {
        ...spouseName(code),
        validation: { minLength: 2, maxLength: 80 },
        labelIt: 'Nome e cognome del coniuge',
      });
      expect(relabelled).toMatchObject({ version: 1, labelIt: 'Nome e cognome del coniuge' });

      const next = await concepts.save(
        ctx,
        { ...spouseName(code), validation: { maxLength: 50 } },
        { newVersion: true },
      );
      expect(next).toMatchObject({ version: 2, status: 'draft' });
    });

    it('refuses bad definitions naming the field', async () => {
      await expect(concepts.save(ctx, { ...spouseName('Bad Code'), code: 'Bad Code' })).rejects.toMatchObject(
        {
          field: 'code',
        },
      );
      await expect(
        concepts.save(ctx, { ...spouseName('ceremony.rite'), type: 'enum', enumValues: [] }),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'enumValues' });
      await expect(
        concepts.save(ctx, { ...spouseName('ceremony.name'), validation: { minLength: 10, maxLength: 2 } }),
      ).rejects.toMatchObject({ field: 'validation.maxLength' });
    });
  });

  describe('payment adoption', () => {
    it('counts incasso services, pagoPA and App IO against the targets, per ente and for the region', async () => {
      const trieste = await adoption.ofEnte(ctx, 'c_l424');
      expect(trieste).toMatchObject({
        incassoServices: 6,
        pagopaActiveServices: 5,
        pagopaPercent: 83.3,
        pagopaTargetPercent: 70,
        pagopaTargetMet: true,
        appIoPublishedServices: 2,
        appIoTargetServices: 10,
        appIoTargetMet: false,
      });
      const region = await adoption.ofRegion(ctx, 'r_friuve');
      expect(region[0]!.ente.ipaCode).toBe('r_friuve');
      const medea = region.find((row) => row.ente.ipaCode === 'c_f081')!;
      expect(medea).toMatchObject({ incassoServices: 3 });
      await expect(adoption.ofRegion(ctx, 'c_l424')).rejects.toMatchObject({
        code: 'INVALID_REGION',
        field: 'regionCode',
      });
    });
  });
});

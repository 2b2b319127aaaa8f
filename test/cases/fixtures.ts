import { randomUUID } from 'node:crypto';
import {
  AuditLog,
  CaseNumbers,
  Cases,
  catalogDataSourceOptions,
  EntiService,
  ProcedureVersions,
  ProceduresService,
  seedCatalog,
  Tasks,
  type CaseProjection,
  type RequestContext,
} from '@sus/catalog';
import type { ProcedureModelInput, StaffRoleGrant } from '@sus/domain';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/database';

export const TRIESTE = 'c_l424';
export const MEDEA = 'c_f081';

/** The case services over one fresh, seeded database for a test file. */
export interface CaseStore {
  db: TestDatabase;
  dataSource: DataSource;
  enti: EntiService;
  procedures: ProceduresService;
  versions: ProcedureVersions;
  caseNumbers: CaseNumbers;
  cases: Cases;
  tasks: Tasks;
  close(): Promise<void>;
}

export async function openCaseStore(poolSize = 10): Promise<CaseStore> {
  const db = await createTestDatabase();
  const dataSource = await new DataSource(catalogDataSourceOptions(db.url, poolSize)).initialize();
  await seedCatalog(dataSource);
  const audit = new AuditLog(dataSource, 'test-pseudonym-key');
  const enti = new EntiService(dataSource);
  const procedures = new ProceduresService(dataSource, enti);
  return {
    db,
    dataSource,
    enti,
    procedures,
    versions: new ProcedureVersions(dataSource, audit),
    caseNumbers: new CaseNumbers(dataSource),
    cases: new Cases(dataSource, audit),
    tasks: new Tasks(dataSource, audit),
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

export function staff(name: string, roles: StaffRoleGrant[]): RequestContext {
  return { requestId: `test/${randomUUID()}`, actor: { kind: 'staff', userId: name, name, roles } };
}

export function citizen(fiscalCode: string): RequestContext {
  return {
    requestId: `test/${randomUUID()}`,
    actor: { kind: 'citizen', fiscalCode, name: 'Mario', familyName: 'Rossi', loa: 'L2' },
  };
}

/** A small valid model: a form, a staff check, two ends. */
export function model(procedureCode: string, title = 'Pratica di prova'): ProcedureModelInput {
  return {
    schemaVersion: 1,
    procedureCode,
    title: { it: title },
    term: { days: 30, onSilence: 'provvedimentoEspresso' },
    start: 'domanda',
    steps: [
      {
        id: 'domanda',
        type: 'form',
        title: { it: 'Domanda' },
        fields: [{ key: 'applicant.fiscalCode', concept: 'person.fiscalCode' }],
        next: 'verifica',
      },
      {
        id: 'verifica',
        type: 'staffTask',
        title: { it: 'Verifica' },
        assignee: { unit: 'UFF-STC', role: 'operator' },
        outcomes: { approve: 'accolta', reject: 'respinta' },
      },
      { id: 'accolta', type: 'end', title: { it: 'Accolta' }, conclusion: 'accepted' },
      { id: 'respinta', type: 'end', title: { it: 'Respinta' }, conclusion: 'rejected' },
    ],
  } as ProcedureModelInput;
}

/** A fresh regional template, adopted by Trieste. */
export async function newProcedure(store: CaseStore, ctx: RequestContext): Promise<string> {
  const code = `T-${randomUUID().slice(0, 8)}`;
  await store.procedures.saveTemplate(ctx, {
    ownerEnteCode: 'r_friuve',
    code,
    fields: {
      name: 'Procedimento di prova',
      subjectArea: 'Servizi demografici',
      startType: 'istanzaDiParte',
      legislation: ['L. 241/1990'],
      termDays: 30,
      termKind: 'calendarDays',
      conclusionType: 'provvedimentoEspresso',
      transparencyNotice: null,
      deadlines: [],
    },
  });
  await store.procedures.adopt(ctx, TRIESTE, code);
  return code;
}

/** A projection of a new case of Trieste on a freshly published version; override what the test is about. */
export async function newCase(
  store: CaseStore,
  ctx: RequestContext,
  overrides: Partial<CaseProjection> = {},
): Promise<CaseProjection> {
  const procedureCode = await newProcedure(store, ctx);
  const version = await store.versions.publishTemplateVersion(
    ctx,
    procedureCode,
    model(procedureCode),
    'test',
  );
  const enteCode = overrides.enteCode ?? TRIESTE;
  const [ente] = (await store.dataSource.query('SELECT id FROM ente WHERE ipa_code = $1', [enteCode])) as {
    id: string;
  }[];
  const { caseNumber } = await store.caseNumbers.allocate({
    enteId: ente!.id,
    idempotencyKey: randomUUID(),
    at: new Date(),
  });
  return {
    id: randomUUID(),
    enteCode,
    caseNumber,
    workflowId: `case/${enteCode}/${caseNumber}`,
    procedureCode,
    serviceCode: 'MATRIMONIO-CIVILE',
    versionId: version.id,
    versionNumber: version.version,
    applicantFiscalCode: 'RSSMRA80A01L424X',
    applicantName: 'Mario Rossi',
    partyFiscalCodes: [],
    status: 'submitted',
    currentStepId: 'domanda',
    currentStepType: 'form',
    currentStepTitle: 'Domanda',
    termDeadline: null,
    clockState: 'running',
    receivedAt: new Date().toISOString(),
    concludedAt: null,
    conclusion: null,
    revision: 1,
    ...overrides,
  };
}

import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { Client } from 'pg';
import { newApiKeySecret, PaymentRepository, seedCatalog } from '@sus/catalog';
import { DataSource } from 'typeorm';
import { INTEGRATOR_SCOPES, type IntegratorScope } from '../../apps/api/src/access/access-rules';
import { accessRulesOf } from '../../apps/api/src/access/access.guard';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  bearer,
  ENTE_X,
  ENTE_Y,
  PERSONA_CLAIMS,
  startTestIssuer,
  type TestIssuer,
} from '../support/identity';
import { gql } from '../support/graphql';
import { startApi } from '../support/platform';
import { createLocalTemporal } from '../support/temporal';

const PERSONAS = [
  'anonymous',
  ...(Object.keys(PERSONA_CLAIMS) as (keyof typeof PERSONA_CLAIMS)[]),
  'integratorXAllScopes',
  'integratorXNoScopes',
  'integratorYAllScopes',
  // One key of ente X per scope: each scope opens exactly its operations (docs/roles.md).
  ...INTEGRATOR_SCOPES.map((scope) => `keyX ${scope}` as const),
] as const;
type Persona = (typeof PERSONAS)[number];
const keyX = (scope: IntegratorScope): Persona => `keyX ${scope}`;

/**
 * Who may run each operation. Every Query and Mutation field must appear here: an operation
 * added without an entry (or without @Allow) fails this test. Arguments naming an ente use ente
 * X (Trieste), so "operatorY" is always staff of another ente. The roles behind it: docs/roles.md.
 */
const CATALOG_WRITERS: Persona[] = [
  'modellerX',
  'enteAdminX',
  'regionalAdmin',
  'integratorXAllScopes',
  keyX('catalog:write'),
];
/**
 * Operations that name only a draft (issue 13): whoever models somewhere passes the rule (catalog:write
 * in some ente, model:write for the region's templates); the service answers NOT_FOUND for a draft
 * that is not the caller's to model.
 */
const MODELLERS_ANYWHERE: Persona[] = [
  'modellerX',
  'enteAdminX',
  'regionalAdmin',
  'templateEditor',
  'integratorXAllScopes',
  'integratorYAllScopes',
  keyX('catalog:write'),
];
const RECONCILERS: Persona[] = [
  'enteAdminX',
  'financeX',
  'integratorXAllScopes',
  keyX('reconciliation:write'),
];
const RECONCILIATION_READERS: Persona[] = [
  'enteAdminX',
  'financeX',
  'regionalAdmin',
  'integratorXAllScopes',
  keyX('reconciliation:read'),
];
const PAYMENT_READERS_ANYWHERE: Persona[] = [
  'operatorX',
  'operatorY',
  'enteAdminX',
  'financeX',
  'regionalAdmin',
  'integratorXAllScopes',
  'integratorYAllScopes',
  keyX('payments:read'),
];
const SPEC: Record<string, Persona[]> = {
  // Operators' end-to-end check of the platform: regional administrators only (platform:admin).
  platformProbe: ['regionalAdmin'],
  platformProbes: ['regionalAdmin'],
  startPlatformProbe: ['regionalAdmin'],
  // Administration (ente:admin): the ente's administrator and the region; only the ente's own
  // administrator creates its keys. No key scope administers.
  apiKeys: ['enteAdminX', 'regionalAdmin'],
  createApiKey: ['enteAdminX'],
  revokeApiKey: ['enteAdminX', 'regionalAdmin'],
  // Personal data (audit:read): who did what in the ente.
  auditLog: ['enteAdminX', 'regionalAdmin', 'integratorXAllScopes', keyX('audit:read')],
  // Organisations (issue 5): the IPA index, org charts and responsible persons are public
  // (D.Lgs. 33/2013); changes are the ente administrator's or the region's, HR imports also an
  // integrator key with catalog:write.
  enti: [...PERSONAS],
  ente: [...PERSONAS],
  orgUnits: [...PERSONAS],
  orgUnit: [...PERSONAS],
  saveEnte: ['enteAdminX', 'regionalAdmin'],
  importOrgUnits: ['enteAdminX', 'regionalAdmin', 'integratorXAllScopes', keyX('catalog:write')],
  createOrgUnit: ['enteAdminX', 'regionalAdmin', 'integratorXAllScopes', keyX('catalog:write')],
  updateOrgUnit: ['enteAdminX', 'regionalAdmin', 'integratorXAllScopes', keyX('catalog:write')],
  setRoleHolder: ['enteAdminX', 'regionalAdmin'],
  // Payments (issue 11): payments:read (payer names, fiscal codes) is the ente's operators and
  // administrator, the region (oversight, read-only) and keys with payments:read; payments:write
  // (money moves) only the ente's operators and administrator and keys with payments:write.
  // Modellers, template editors and an ente role granted without its ente get neither.
  // `payment` is row-checked (null unless payments:read in its ente, or the citizen payer).
  payment: PERSONAS.filter((persona) => persona !== 'anonymous'),
  // A citizen's own payments, at every ente.
  myPayments: ['citizenA', 'citizenB'],
  payments: [
    'operatorX',
    'enteAdminX',
    'financeX',
    'regionalAdmin',
    'integratorXAllScopes',
    keyX('payments:read'),
  ],
  issuePayment: ['operatorX', 'enteAdminX', 'financeX', 'integratorXAllScopes', keyX('payments:write')],
  // The ente is the payment's: whoever moves money in some ente passes the rule, and another
  // ente's payment is then NOT_FOUND (row-checked with payments:write in its ente).
  cancelPayment: [
    'operatorX',
    'operatorY',
    'enteAdminX',
    'financeX',
    'integratorXAllScopes',
    'integratorYAllScopes',
    keyX('payments:write'),
  ],
  // Bulk issuance (issue 19): issuing is moving money, like issuePayment (the ente's operators, finance
  // office and administrator, keys with payments:write); jobs and their error reports carry payers'
  // data, like payments. bulkJob and bulkJobErrors name only the job: whoever reads payments somewhere
  // passes the rule, and another ente's job is then null / NOT_FOUND (row-checked by BulkJobs.get).
  startBulkIssuance: ['operatorX', 'enteAdminX', 'financeX', 'integratorXAllScopes', keyX('payments:write')],
  bulkJobs: [
    'operatorX',
    'enteAdminX',
    'financeX',
    'regionalAdmin',
    'integratorXAllScopes',
    keyX('payments:read'),
  ],
  bulkJob: PAYMENT_READERS_ANYWHERE,
  bulkJobErrors: PAYMENT_READERS_ANYWHERE,
  // Reconciliation (issue 19): imports and runs are the ente's finance office and administrator and keys with
  // reconciliation:write; reports are theirs, the region's (oversight) and keys with reconciliation:read.
  // Operators (cases, notices) do not reconcile. paymentStatistics of an ente: the same readers; of a region:
  // monitoring:read (the regional administrator), decided by the service on the ente's type.
  importSettlementFlow: RECONCILERS,
  importCashJournal: RECONCILERS,
  runReconciliation: RECONCILERS,
  reconciliation: RECONCILIATION_READERS,
  reconciliationAnomalies: RECONCILIATION_READERS,
  paymentStatistics: RECONCILIATION_READERS,
  // Catalog (issue 5): procedures, services, concepts and pagoPA adoption are public knowledge
  // (transparency); catalog:write is the ente's administrator or procedure modeller, the region,
  // an integrator key with catalog:write of its ente. Concepts are regional: model:write.
  concepts: [...PERSONAS],
  procedures: [...PERSONAS],
  procedure: [...PERSONAS],
  procedureTemplates: [...PERSONAS],
  services: [...PERSONAS],
  service: [...PERSONAS],
  serviceTypes: [...PERSONAS],
  node: [...PERSONAS],
  paymentAdoption: [...PERSONAS],
  regionPaymentAdoption: [...PERSONAS],
  adoptProcedure: CATALOG_WRITERS,
  updateProcedure: CATALOG_WRITERS,
  resetProcedureField: CATALOG_WRITERS,
  adoptService: CATALOG_WRITERS,
  updateService: CATALOG_WRITERS,
  // Bookable resources (issue 16): what can be booked, where and when is public like the rest
  // of the catalogue; changing a resource or its calendar is catalog:write.
  bookingResources: [...PERSONAS],
  saveBookingResource: CATALOG_WRITERS,
  // Cases (issue 16): citizens start, fill, book, follow and withdraw their own (the workflow and
  // the projection refuse anyone else's); case work (cases:read, cases:write) is the ente's
  // operators and administrator, keys with those scopes; the region reads (oversight).
  startCase: ['citizenA', 'citizenB'],
  submitCaseForm: ['citizenA', 'citizenB'],
  availableSlots: ['citizenA', 'citizenB'],
  bookSlot: ['citizenA', 'citizenB'],
  myCases: ['citizenA', 'citizenB'],
  withdrawCase: ['citizenA', 'citizenB'],
  case: [
    'citizenA',
    'citizenB',
    'operatorX',
    'enteAdminX',
    'regionalAdmin',
    'integratorXAllScopes',
    keyX('cases:read'),
  ],
  cases: ['operatorX', 'enteAdminX', 'regionalAdmin', 'integratorXAllScopes', keyX('cases:read')],
  tasks: ['operatorX', 'enteAdminX', 'regionalAdmin', 'integratorXAllScopes', keyX('cases:read')],
  claimTask: ['operatorX', 'enteAdminX', 'integratorXAllScopes', keyX('cases:write')],
  decideTask: ['operatorX', 'enteAdminX', 'integratorXAllScopes', keyX('cases:write')],
  cancelCase: ['operatorX', 'enteAdminX', 'integratorXAllScopes', keyX('cases:write')],
  // The process modeller (issue 13): drafts are the modellers' unpublished work (catalog:write in
  // the ente; model:write for a regional template's drafts, so template editors too); published
  // versions and their differences are public like the rest of the catalogue; the regional
  // versions offered to an ente are its modellers' worklist.
  createProcedureDraft: CATALOG_WRITERS,
  procedureDrafts: CATALOG_WRITERS,
  procedureDraft: MODELLERS_ANYWHERE,
  updateProcedureDraft: MODELLERS_ANYWHERE,
  discardProcedureDraft: MODELLERS_ANYWHERE,
  validateProcedureDraft: MODELLERS_ANYWHERE,
  previewForm: MODELLERS_ANYWHERE,
  publishProcedureVersion: MODELLERS_ANYWHERE,
  simulateProcedure: MODELLERS_ANYWHERE,
  procedureVersions: [...PERSONAS],
  procedureVersionDiff: [...PERSONAS],
  templateUpdates: CATALOG_WRITERS,
  saveConcept: ['regionalAdmin', 'templateEditor'],
  publishConcept: ['regionalAdmin', 'templateEditor'],
  // Notifications (issue 18): messages:send and messages:read are the ente's operators and
  // administrator and keys with those scopes; the region oversees payments, not citizens'
  // messages. Templates are the catalog writers' (catalog:write), readable by who sends or reads.
  sendMessage: ['operatorX', 'enteAdminX', 'integratorXAllScopes', keyX('messages:send')],
  messages: ['operatorX', 'enteAdminX', 'regionalAdmin', 'integratorXAllScopes', keyX('messages:read')],
  myMessages: ['citizenA', 'citizenB'],
  messageTemplates: [
    'operatorX',
    'modellerX',
    'enteAdminX',
    'regionalAdmin',
    'integratorXAllScopes',
    keyX('catalog:write'),
    keyX('messages:read'),
    keyX('messages:send'),
  ],
  saveMessageTemplate: CATALOG_WRITERS,
  // Identity-card reminders: the register extract and pausing are the sending office's work
  // (messages:send, so the register's own software can push the extract with a key); the
  // thresholds are the ente's policy (ente:admin); who reads messages sees the schedule.
  importIdentityDocuments: ['operatorX', 'enteAdminX', 'integratorXAllScopes', keyX('messages:send')],
  reminderSchedule: [
    'operatorX',
    'enteAdminX',
    'regionalAdmin',
    'integratorXAllScopes',
    keyX('messages:read'),
    keyX('messages:send'),
  ],
  configureReminders: ['enteAdminX', 'regionalAdmin'],
  pauseReminders: ['operatorX', 'enteAdminX', 'integratorXAllScopes', keyX('messages:send')],
  resumeReminders: ['operatorX', 'enteAdminX', 'integratorXAllScopes', keyX('messages:send')],
  // The regional voluntary-payments portal is open: anyone may pay a voluntary service.
  voluntaryServices: [...PERSONAS],
  createVoluntaryPayment: [...PERSONAS],
  me: PERSONAS.filter((persona) => persona !== 'anonymous'),
};

describe('permission matrix (generated from the schema)', () => {
  let db: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let issuer: TestIssuer;
  let api: { app: NestFastifyApplication; url: string };
  const headers = new Map<Persona, Record<string, string>>();

  beforeAll(async () => {
    [db, temporal, issuer] = await Promise.all([
      createTestDatabase(),
      createLocalTemporal(),
      startTestIssuer(),
    ]);
    api = await startApi({
      databaseUrl: db.url,
      temporalAddress: temporal.address,
      taskQueue: `matrix-${randomUUID()}`,
      extra: { OIDC_ISSUERS: issuer.oidcIssuers },
    });
    headers.set('anonymous', {});
    for (const persona of Object.keys(PERSONA_CLAIMS) as (keyof typeof PERSONA_CLAIMS)[]) {
      headers.set(persona, await bearer(issuer, persona));
    }
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const insertKey = async (enteCode: string, scopes: readonly string[]) => {
      const secret = newApiKeySecret();
      await pg.query(
        `INSERT INTO api_key (id, ente_code, name, scopes, secret_sha256, created_by)
         VALUES ($1, $2, 'matrice', $3, $4, 'test')`,
        [secret.id, enteCode, scopes, secret.secretSha256],
      );
      return { authorization: `ApiKey ${secret.key}` };
    };
    headers.set('integratorXAllScopes', await insertKey(ENTE_X, INTEGRATOR_SCOPES));
    headers.set('integratorXNoScopes', await insertKey(ENTE_X, []));
    headers.set('integratorYAllScopes', await insertKey(ENTE_Y, INTEGRATOR_SCOPES));
    for (const scope of INTEGRATOR_SCOPES) headers.set(keyX(scope), await insertKey(ENTE_X, [scope]));
    await pg.end();
  });

  afterAll(async () => {
    await api?.app.close();
    await issuer?.close();
    await temporal?.teardown();
    await db?.drop();
  });

  const operations = () => {
    const schema = api.app.get(GraphQLSchemaHost).schema;
    return [
      ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ type: 'query', field })),
      ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({
        type: 'mutation',
        field,
      })),
    ] as { type: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[];
  };

  it('has a declared rule for every query and mutation resolver', () => {
    const missing: string[] = [];
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const wrapper of module.providers.values()) {
        const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
        if (!type?.prototype || !wrapper.instance) continue;
        const prototype = type.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          // The descriptor, not prototype[name]: that would run getters.
          const method: unknown = Object.getOwnPropertyDescriptor(prototype, name)?.value;
          if (typeof method !== 'function') continue;
          const kind = Reflect.getMetadata('graphql:resolver_type', method) as string | undefined;
          if (kind !== 'Query' && kind !== 'Mutation') continue;
          const rules = accessRulesOf(method) ?? (Reflect.getMetadata('sus:access-rules', type) as unknown);
          if (!rules) missing.push(`${type.name}.${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists every operation of the schema in the specification, and nothing else', () => {
    expect(
      operations()
        .map((op) => op.field.name)
        .sort(),
    ).toEqual(Object.keys(SPEC).sort());
  });

  it('allows exactly the declared personas on every operation', async () => {
    const actual: Record<string, Persona[]> = {};
    const internalErrors: string[] = [];
    for (const { type, field } of operations()) {
      actual[field.name] = [];
      const document = `${type} { ${field.name}${argumentList(field.args)}${selection(field)} }`;
      for (const persona of PERSONAS) {
        const result = await gql(api, document, undefined, { as: headers.get(persona)! });
        const codes = (result.errors ?? []).map((error) => String(error.extensions?.code));
        if (codes.includes('INTERNAL_SERVER_ERROR'))
          internalErrors.push(`${field.name} as ${persona}: ${JSON.stringify(result.errors)}`);
        const denied = codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED');
        if (!denied) actual[field.name]!.push(persona);
        if (persona === 'anonymous' && denied) expect(codes).toContain('UNAUTHENTICATED');
      }
    }
    expect(internalErrors).toEqual([]);
    expect(actual).toEqual(SPEC);
  });

  it("shows an ente's payment, with its payer, only to who holds payments:read there and to the payer", async () => {
    // Issue 11: template editors, modellers and an ente role without its ente saw every payment.
    const noticeNumber = '301000000000000447';
    await seedCatalog(api.app.get(DataSource)); // the enti (the matrix above runs on an empty catalog)
    await api.app.get(PaymentRepository).recordState(
      {
        noticeNumber,
        iuv: '01000000000000447',
        orgFiscalCode: '00210240321',
        enteCode: ENTE_X,
        payerFiscalCode: PERSONA_CLAIMS.citizenA.fiscalNumber.replace('TINIT-', ''),
        payerName: 'Mario Rossi',
        description: 'Matrice dei permessi',
        amountCents: 1000,
        dueDate: '2030-01-31',
        status: 'published',
        options: [],
      },
      { eventKey: `matrix-${noticeNumber}`, seq: 1, at: new Date().toISOString() },
    );
    const seenBy: Persona[] = [];
    const listedBy: Persona[] = [];
    for (const persona of PERSONAS) {
      const as = headers.get(persona)!;
      const one = await gql<{ payment: { payerName: string } | null }>(
        api,
        `{ payment(noticeNumber: "${noticeNumber}") { payerName } }`,
        undefined,
        { as },
      );
      if (one.data?.payment?.payerName === 'Mario Rossi') seenBy.push(persona);
      const list = await gql<{ payments: { edges: { node: { noticeNumber: string } }[] } }>(
        api,
        `{ payments(enteCode: "${ENTE_X}") { edges { node { noticeNumber } } } }`,
        undefined,
        { as },
      );
      if (list.data?.payments.edges.some((edge) => edge.node.noticeNumber === noticeNumber))
        listedBy.push(persona);
    }
    const readers: Persona[] = [
      'operatorX',
      'enteAdminX',
      'financeX',
      'regionalAdmin',
      'integratorXAllScopes',
      keyX('payments:read'),
    ];
    expect(seenBy).toEqual(['citizenA', ...readers]);
    expect(listedBy).toEqual(readers);
  });
});

/** Literal arguments that pass validation, so an allowed call is told apart from a denied one. */
function argumentList(args: readonly GraphQLArgument[]): string {
  const required = args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const enteArgs = args.filter((arg) => arg.name === 'enteCode' && !required.includes(arg));
  const all = [...required, ...enteArgs];
  if (all.length === 0) return '';
  return `(${all.map((arg) => `${arg.name}: ${literal(arg.name, arg.type)}`).join(', ')})`;
}

function literal(name: string, type: GraphQLInputType): string {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) return `[${literal(name, inner.ofType as GraphQLInputType)}]`;
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter(
      (field) => isNonNullType(field.type) || field.name === 'enteCode',
    );
    return `{ ${fields.map((field) => `${field.name}: ${literal(field.name, field.type)}`).join(', ')} }`;
  }
  if (isEnumType(inner)) return inner.getValues()[0]!.name;
  if (isScalarType(inner)) {
    if (name === 'enteCode' || name === 'ipaCode') return JSON.stringify(ENTE_X);
    if (inner.name === 'ID') return JSON.stringify(randomUUID());
    if (inner.name === 'Int' || inner.name === 'Float') return '1';
    if (inner.name === 'Boolean') return 'false';
    if (inner.name === 'DateTime') return JSON.stringify(new Date().toISOString());
    return JSON.stringify('matrice dei permessi');
  }
  throw new Error(`no literal for ${String(type)}`);
}

function selection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
}

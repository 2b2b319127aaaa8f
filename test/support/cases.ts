import { AuditLog, ProcedureVersions, systemContext } from '@sus/catalog';
import { fiscalCodeCheckCharacter, MARRIAGE_MODEL, type ProcedureModelInput } from '@sus/domain';
import { dataOf, gql } from './graphql';
import type { PaymentsStack } from './payments-stack';
import { TRIESTE } from './payments-stack';
import { eventually } from './platform';

/** The civil marriage, as Anagrafe Servizi names it at Trieste and at Medea. */
export const MARRIAGE_SERVICE = 'MATRIMONIO-CIVILE';

/**
 * The regional model with the legal waits shortened to seconds, for a test version of Trieste;
 * `holdSeconds` also shortens how long a booked slot is held for the fee (the law's is days).
 */
export function shortWaits(model: ProcedureModelInput, { holdSeconds }: { holdSeconds?: number } = {}) {
  return {
    ...model,
    steps: model.steps.map((step) => {
      if (step.type === 'wait') return { ...step, duration: { seconds: 2 } };
      if (step.type === 'booking')
        return {
          ...step,
          window: step.window ? { ...step.window, fromDays: 1, toDays: 40 } : undefined,
          ...(holdSeconds ? { hold: { seconds: holdSeconds } } : {}),
        };
      return step;
    }),
  } satisfies ProcedureModelInput;
}

/** Publishes Trieste's next marriage version with short waits: cases started after it run it. */
export async function publishShortMarriage(
  stack: PaymentsStack,
  options: { holdSeconds?: number } = {},
): Promise<void> {
  const versions = new ProcedureVersions(stack.sql, new AuditLog(stack.sql, ''));
  await versions.publishEnteVersion(
    systemContext(),
    TRIESTE.code,
    MARRIAGE_SERVICE,
    shortWaits(MARRIAGE_MODEL, options),
    'test',
  );
}

export const CASE_FIELDS = `
  caseNumber enteCode versionNumber status conclusion
  currentStep { id type awaiting visit }
  clock { state receivedOn deadline c7Used }
  booking { date start status resourceName }
  payments { noticeNumber amountCents status }
  openTask { stepId unit role status claimedBy }
  timeline { seq kind stepId actor detail }
`;

export type CaseResult = {
  caseNumber: string;
  versionNumber: number;
  status: string;
  conclusion: string | null;
  currentStep: { id: string; type: string; awaiting: string | null; visit: number } | null;
  clock: { state: string; receivedOn: string | null; deadline: string | null; c7Used: boolean };
  booking: { date: string; start: string; status: string; resourceName: string } | null;
  payments: { noticeNumber: string; amountCents: number; status: string }[];
  openTask: {
    stepId: string;
    unit: string | null;
    role: string | null;
    status: string;
    claimedBy: string | null;
  } | null;
  timeline: { seq: number; kind: string; stepId: string | null; actor: string | null; detail: string }[];
};

export type Slot = { date: string; start: string };

/** A person of a marriage form: the codice fiscale matches the birth date. */
export interface TestPerson {
  givenName: string;
  familyName: string;
  fiscalCode: string;
  birthDate: string;
}

export const MARIO: TestPerson = {
  givenName: 'Mario',
  familyName: 'Rossi',
  fiscalCode: 'RSSMRA80A01L424F',
  birthDate: '1980-01-01',
};
export const GIULIA: TestPerson = {
  givenName: 'Giulia',
  familyName: 'Bianchi',
  fiscalCode: 'BNCGLI85C55L424K',
  birthDate: '1985-03-15',
};

/**
 * The index-th invented citizen born in Trieste: a distinct, valid codice fiscale for each index
 * below 840 (28 days of January in each of 30 years), so load tests can sign in as many people.
 */
export function testCitizen(index: number): TestPerson {
  const year = 1960 + Math.floor(index / 28);
  const day = (index % 28) + 1;
  const dd = String(day).padStart(2, '0');
  const firstFifteen = `CTTDNO${String(year % 100).padStart(2, '0')}A${dd}L424`;
  return {
    givenName: 'Donato',
    familyName: `Cittadino${index}`,
    fiscalCode: firstFifteen + fiscalCodeCheckCharacter(firstFifteen),
    birthDate: `${year}-01-${dd}`,
  };
}

/** The claims of a citizen's SPID access token (see support/identity.ts). */
export function citizenClaims(person: TestPerson) {
  return {
    sub: `citizen-${person.fiscalCode.toLowerCase()}`,
    fiscalNumber: `TINIT-${person.fiscalCode}`,
    name: person.givenName,
    familyName: person.familyName,
    acr: 'https://www.spid.gov.it/SpidL2',
  };
}

/** The marriage form of two spouses; they are the citizens who may follow and act on the case. */
export function marriageForm(spouse1: TestPerson, spouse2: TestPerson): Record<string, string> {
  const person = (prefix: string, who: TestPerson) => ({
    [`${prefix}.givenName`]: who.givenName,
    [`${prefix}.familyName`]: who.familyName,
    [`${prefix}.fiscalCode`]: who.fiscalCode,
    [`${prefix}.birthDate`]: who.birthDate,
    [`${prefix}.residence`]: 'Via Roma 1, Trieste',
  });
  return {
    ...person('spouse1', spouse1),
    ...person('spouse2', spouse2),
    'witness1.fullName': 'Luca Neri',
    'witness2.fullName': 'Sara Verdi',
    rite: 'civile',
    preferredDate: '2027-06-12',
  };
}

/**
 * The case operations of the GraphQL api at Trieste, as the callers named in `as` (headers by
 * name, filled by the test as it mints tokens).
 */
export class CaseDriver {
  constructor(
    private readonly stack: PaymentsStack,
    readonly as: Record<string, Record<string, string>> = {},
  ) {}

  /** Signs `who` in with the claims given, for the rest of the test file. */
  async signIn(who: string, claims: Record<string, unknown>): Promise<void> {
    this.as[who] = {
      authorization: `Bearer ${await this.stack.issuer.mint(claims, { expiresIn: '2h' })}`,
    };
  }

  run<T>(query: string, variables: Record<string, unknown>, who: string) {
    const headers = this.as[who];
    if (!headers) throw new Error(`${who} has not signed in`);
    return gql<T>(this.stack.api, query, variables, { as: headers });
  }

  startCase(enteCode: string, who: string) {
    return this.run<{ startCase: CaseResult }>(
      `mutation($e: String!, $s: String!) { startCase(enteCode: $e, serviceCode: $s) { ${CASE_FIELDS} } }`,
      { e: enteCode, s: MARRIAGE_SERVICE },
      who,
    );
  }

  getCaseRaw(caseNumber: string, who: string) {
    return this.run<{ case: CaseResult }>(
      `query($e: String!, $n: String!) { case(enteCode: $e, caseNumber: $n) { ${CASE_FIELDS} } }`,
      { e: TRIESTE.code, n: caseNumber },
      who,
    );
  }

  async getCase(caseNumber: string, who: string): Promise<CaseResult> {
    return dataOf(await this.getCaseRaw(caseNumber, who)).case;
  }

  untilStep(caseNumber: string, stepId: string, awaiting: string | null, who: string, timeoutMs = 60_000) {
    return eventually(
      async () => {
        const current = await this.getCase(caseNumber, who);
        return current.currentStep?.id === stepId && current.currentStep.awaiting === awaiting
          ? current
          : undefined;
      },
      `case ${caseNumber} at ${stepId} awaiting ${awaiting}`,
      timeoutMs,
    );
  }

  untilConcluded(caseNumber: string, who: string, timeoutMs = 60_000) {
    return eventually(
      async () => {
        const current = await this.getCase(caseNumber, who);
        return current.conclusion ? current : undefined;
      },
      `case ${caseNumber} concluded`,
      timeoutMs,
    );
  }

  submit(caseNumber: string, stepId: string, fields: Record<string, string>, who: string) {
    return this.run<{ submitCaseForm: CaseResult }>(
      `mutation($i: SubmitCaseFormInput!) { submitCaseForm(input: $i) { ${CASE_FIELDS} } }`,
      {
        i: {
          enteCode: TRIESTE.code,
          caseNumber,
          stepId,
          fields: Object.entries(fields).map(([key, value]) => ({ key, value })),
        },
      },
      who,
    );
  }

  decide(caseNumber: string, stepId: string, outcome: string, who: string, reason?: string) {
    return this.run<{ decideTask: CaseResult }>(
      `mutation($e: String!, $n: String!, $s: String!, $o: TaskOutcome!, $r: String) {
         decideTask(enteCode: $e, caseNumber: $n, stepId: $s, outcome: $o, reason: $r) { ${CASE_FIELDS} } }`,
      { e: TRIESTE.code, n: caseNumber, s: stepId, o: outcome, r: reason ?? null },
      who,
    );
  }

  tasksOf(who: string) {
    return this.run<{ tasks: { edges: { node: { caseNumber: string; stepId: string; status: string } }[] } }>(
      `query($e: String!) { tasks(enteCode: $e) { edges { node { caseNumber stepId status } } } }`,
      { e: TRIESTE.code },
      who,
    );
  }

  async availableSlots(caseNumber: string, who: string): Promise<Slot[]> {
    return dataOf(
      await this.run<{ availableSlots: Slot[] }>(
        `query($e: String!, $n: String!) { availableSlots(enteCode: $e, caseNumber: $n) { date start } }`,
        { e: TRIESTE.code, n: caseNumber },
        who,
      ),
    ).availableSlots;
  }

  bookSlot(caseNumber: string, slot: Slot, who: string) {
    return this.run<{ bookSlot: CaseResult }>(
      `mutation($e: String!, $n: String!, $d: String!, $s: String!) {
         bookSlot(enteCode: $e, caseNumber: $n, date: $d, start: $s) { ${CASE_FIELDS} } }`,
      { e: TRIESTE.code, n: caseNumber, d: slot.date, s: slot.start },
      who,
    );
  }

  withdraw(caseNumber: string, who: string, reason?: string) {
    return this.run<{ withdrawCase: CaseResult }>(
      `mutation($e: String!, $n: String!, $r: String) {
         withdrawCase(enteCode: $e, caseNumber: $n, reason: $r) { ${CASE_FIELDS} } }`,
      { e: TRIESTE.code, n: caseNumber, r: reason ?? null },
      who,
    );
  }

  cancel(caseNumber: string, reason: string, who: string) {
    return this.run<{ cancelCase: CaseResult }>(
      `mutation($e: String!, $n: String!, $r: String!) {
         cancelCase(enteCode: $e, caseNumber: $n, reason: $r) { ${CASE_FIELDS} } }`,
      { e: TRIESTE.code, n: caseNumber, r: reason },
      who,
    );
  }

  /**
   * A citizen's new case taken to the hall booking: form filled (the citizen and their partner as
   * spouses), pubblicazioni approved by `office`, posting over. Needs a short-wait version published.
   */
  async startAtBooking(who: string, spouses: [TestPerson, TestPerson], office: string): Promise<string> {
    const { caseNumber } = dataOf(await this.startCase(TRIESTE.code, who)).startCase;
    dataOf(await this.submit(caseNumber, 'domanda', marriageForm(...spouses), who));
    await this.untilStep(caseNumber, 'pubblicazioni', 'staff', who);
    dataOf(await this.decide(caseNumber, 'pubblicazioni', 'approve', office));
    await this.untilStep(caseNumber, 'prenotazione', 'citizenBooking', who);
    return caseNumber;
  }
}

/** Runs `work` over `items`, at most `limit` at once (a two-core machine shared by many). */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

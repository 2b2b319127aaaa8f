import { dataOf, firstError } from '../support/graphql';
import { PERSONA_CLAIMS } from '../support/identity';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';
import { eventually } from '../support/platform';
import { AuditLog, ProcedureVersions, systemContext } from '@sus/catalog';
import { MARRIAGE_MODEL } from '@sus/domain';
import {
  CaseDriver,
  GIULIA,
  MARIO,
  MARRIAGE_SERVICE,
  marriageForm,
  publishShortMarriage,
  shortWaits,
} from '../support/cases';

const MEDEA = 'c_f081';
const FORM = marriageForm(MARIO, GIULIA);

describe('the civil marriage of Trieste, end to end through GraphQL', () => {
  const stack = new PaymentsStack();
  const driver = new CaseDriver(stack);

  beforeAll(async () => {
    await stack.start();
    await driver.signIn('mario', PERSONA_CLAIMS.citizenA);
    await driver.signIn('giulia', PERSONA_CLAIMS.citizenB);
    await driver.signIn('statoCivile', PERSONA_CLAIMS.operatorX);
    await driver.signIn('tributi', {
      sub: 'tributi.trieste',
      name: 'Chiara',
      familyName: 'Russo',
      sus_roles: [{ ente: TRIESTE.code, role: 'operator', units: ['UFF-TRI'] }],
    });
    await driver.signIn('medea', PERSONA_CLAIMS.operatorY);
  }, 240_000);

  afterAll(() => stack.stop(), 60_000);

  const run = <T>(query: string, variables: Record<string, unknown>, who: string) =>
    driver.run<T>(query, variables, who);
  const startCase = (enteCode: string, who = 'mario') => driver.startCase(enteCode, who);
  const getCase = (caseNumber: string, who = 'mario') => driver.getCase(caseNumber, who);
  const untilStep = (caseNumber: string, stepId: string, awaiting: string | null) =>
    driver.untilStep(caseNumber, stepId, awaiting, 'mario');
  const submit = (caseNumber: string, stepId: string, fields: Record<string, string>, who = 'mario') =>
    driver.submit(caseNumber, stepId, fields, who);
  const decide = (caseNumber: string, stepId: string, outcome: string, who: string) =>
    driver.decide(caseNumber, stepId, outcome, who);
  const tasksOf = (who: string) => driver.tasksOf(who);

  it('refuses Medea, which offers the same regional service at the counter only, saying where and when', async () => {
    const refused = await startCase(MEDEA);
    expect(firstError(refused.errors).code).toBe('SERVICE_NOT_ONLINE');
    const details = refused.errors?.[0]?.extensions?.details as {
      availability: string;
      contactPoints: unknown[];
    };
    expect(details.availability).toBe('Su appuntamento presso il Municipio');
    expect(details.contactPoints).toEqual([
      expect.objectContaining({ kind: 'sportello', value: 'Municipio di Medea' }),
    ]);
    expect(refused.errors?.[0]?.message).toContain('Municipio di Medea');
  });

  it('runs a case from the form to the wedding: pubblicazioni, hall, pagoPA, final check, messages', async () => {
    // Trieste's version 2: the same iter with the legal waits in seconds (version 1 keeps the law's).
    const before = dataOf(await startCase(TRIESTE.code)).startCase;
    expect(before.versionNumber).toBe(1);
    await publishShortMarriage(stack);

    const started = dataOf(await startCase(TRIESTE.code)).startCase;
    const n = started.caseNumber;
    expect(started).toMatchObject({ versionNumber: 2, status: 'waitingCitizen' });
    expect(started.currentStep).toMatchObject({ id: 'domanda', awaiting: 'citizenForm' });
    expect(started.clock.state).toBe('notStarted');

    // Invalid data is refused by the workflow's validator and changes nothing.
    const invalid = await submit(n, 'domanda', { ...FORM, 'spouse2.fiscalCode': 'BNCGLI85C55L424X' });
    expect(firstError(invalid.errors).code).toBe('INVALID_FORM');
    expect(invalid.errors?.[0]?.message).toContain('spouse2.fiscalCode');
    expect((await getCase(n)).currentStep).toMatchObject({ id: 'domanda', awaiting: 'citizenForm' });
    // Someone who is not the applicant cannot answer for them.
    expect(firstError((await submit(n, 'domanda', FORM, 'giulia')).errors).code).toBe('NOT_YOUR_CASE');

    const submitted = dataOf(await submit(n, 'domanda', FORM)).submitCaseForm;
    expect(submitted.clock.state).toBe('running');
    expect(submitted.clock.receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The office's task: visible to Stato Civile only.
    const atOffice = await untilStep(n, 'pubblicazioni', 'staff');
    expect(atOffice.openTask).toMatchObject({ unit: 'UFF-STC', role: 'operator', status: 'open' });
    // The task list is the projection, written right after the step is entered.
    const mine = await eventually(async () => {
      const nodes = dataOf(await tasksOf('statoCivile')).tasks.edges.map((edge) => edge.node);
      return nodes.some((node) => node.caseNumber === n) ? nodes : undefined;
    }, 'the task in the Stato Civile list');
    expect(mine).toContainEqual(
      expect.objectContaining({ caseNumber: n, stepId: 'pubblicazioni', status: 'open' }),
    );
    expect(dataOf(await tasksOf('tributi')).tasks.edges.map((edge) => edge.node.caseNumber)).not.toContain(n);
    expect(firstError((await tasksOf('medea')).errors).code).toBe('FORBIDDEN');
    expect(firstError((await decide(n, 'pubblicazioni', 'approve', 'tributi')).errors).code).toBe(
      'TASK_NOT_ASSIGNED_TO_YOU',
    );
    // Version 3 drops the final check; this case, started on version 2, keeps it to the end.
    const versions = new ProcedureVersions(stack.sql, new AuditLog(stack.sql, ''));
    const withoutCheck = shortWaits(MARRIAGE_MODEL);
    await versions.publishEnteVersion(
      systemContext(),
      TRIESTE.code,
      MARRIAGE_SERVICE,
      {
        ...withoutCheck,
        steps: withoutCheck.steps
          .filter((step) => step.id !== 'verifica')
          .map((step) => (step.type === 'payment' ? { ...step, next: 'conferma' } : step)),
      },
      'test',
    );
    const later = dataOf(await startCase(TRIESTE.code)).startCase;
    expect(later.versionNumber).toBe(3);
    // The other spouse, named in the form, follows the case too.
    expect((await getCase(n, 'giulia')).caseNumber).toBe(n);

    const claimed = await run<{ claimTask: { status: string; claimedBy: string } }>(
      `mutation($e: String!, $n: String!) { claimTask(enteCode: $e, caseNumber: $n, stepId: "pubblicazioni") { status claimedBy } }`,
      { e: TRIESTE.code, n },
      'statoCivile',
    );
    expect(dataOf(claimed).claimTask.status).toBe('claimed');
    const approved = dataOf(await decide(n, 'pubblicazioni', 'approve', 'statoCivile')).decideTask;
    expect(approved.clock.state).toBe('closed');

    // The posting ends, then the hall is booked inside the window.
    await untilStep(n, 'prenotazione', 'citizenBooking');
    const slots = await driver.availableSlots(n, 'mario');
    expect(slots.length).toBeGreaterThan(0);
    const booked = dataOf(await driver.bookSlot(n, slots[0]!, 'mario')).bookSlot;
    expect(booked.booking).toMatchObject({ date: slots[0]!.date, start: slots[0]!.start, status: 'held' });

    // The fee notice through the payment workflow, paid at a PSP of the sandbox.
    const waitingPayment = await untilStep(n, 'pagamento', 'payment');
    const [notice] = waitingPayment.payments;
    expect(notice).toMatchObject({ amountCents: 15000, status: 'issued' });
    expect((await stack.payAtPsp(notice!.noticeNumber)).status).toBe(201);

    const check = await untilStep(n, 'verifica', 'staff');
    expect(check.booking?.status).toBe('confirmed');
    expect(check.payments[0]?.status).toBe('paid');
    dataOf(await decide(n, 'verifica', 'approve', 'statoCivile'));

    const done = await eventually(async () => {
      const current = await getCase(n);
      return current.status === 'accepted' ? current : undefined;
    }, 'the case concluded');
    expect(done.conclusion).toBe('accepted');
    const kinds = done.timeline.map((entry) => `${entry.kind}:${entry.stepId ?? ''}`);
    for (const expected of [
      'started:',
      'formSubmitted:domanda',
      'taskOpened:pubblicazioni',
      'taskClaimed:pubblicazioni',
      'taskDecided:pubblicazioni',
      'waitEnded:affissione',
      'slotHeld:prenotazione',
      'noticeIssued:pagamento',
      'paymentReceived:pagamento',
      'slotConfirmed:pagamento',
      'messageSent:pagamento',
      'taskDecided:verifica',
      'messageSent:conferma',
      'concluded:celebrato',
    ])
      expect(kinds).toContain(expected);
    expect(done.versionNumber).toBe(2);
    const decided = done.timeline.find(
      (entry) => entry.kind === 'taskDecided' && entry.stepId === 'verifica',
    );
    expect(decided?.actor).toMatch(/^staff:/);

    // App IO: the notice with its payment data (pay from the app), then the confirmation, each once.
    const inbox = await eventually(async () => {
      const messages = await stack.ioInbox(MARIO.fiscalCode);
      return messages.length >= 2 ? messages : undefined;
    }, 'the two App IO messages of the case');
    const bySubject = (subject: string) => inbox.filter((message) => message.content.subject === subject);
    const [avviso] = bySubject('Matrimonio civile: avviso di pagamento della sala');
    const [confirmed] = bySubject('Matrimonio civile confermato');
    expect(inbox).toHaveLength(2);
    expect(avviso!.content.payment_data).toMatchObject({
      notice_number: notice!.noticeNumber,
      amount: 15000,
    });
    expect(avviso!.content.markdown).toContain('150,00 €');
    expect(confirmed!.content.markdown).toContain('Sala matrimoni del Municipio');

    // The case started before version 2 still runs version 1 (the law's 8-day posting).
    const old = await getCase(before.caseNumber);
    expect(old.versionNumber).toBe(1);

    // Staff list the ente's cases; the citizen lists their own.
    const listed = await run<{ cases: { edges: { node: { caseNumber: string; status: string } }[] } }>(
      `query($e: String!) { cases(enteCode: $e, status: [accepted]) { edges { node { caseNumber status } } } }`,
      { e: TRIESTE.code },
      'statoCivile',
    );
    expect(dataOf(listed).cases.edges.map((edge) => edge.node.caseNumber)).toEqual([n]);
    const own = await run<{ myCases: { edges: { node: { caseNumber: string } }[] } }>(
      '{ myCases { edges { node { caseNumber } } } }',
      {},
      'giulia',
    );
    expect(dataOf(own).myCases.edges.map((edge) => edge.node.caseNumber)).toContain(n);
  }, 180_000);
});

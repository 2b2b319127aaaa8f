import { caseWorkflowId } from '@sus/contracts';
import { dataOf, firstError } from '../support/graphql';
import { PERSONA_CLAIMS } from '../support/identity';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';
import { eventually, startWorker } from '../support/platform';
import {
  CaseDriver,
  citizenClaims,
  marriageForm,
  publishShortMarriage,
  testCitizen,
  type CaseResult,
  type Slot,
} from '../support/cases';

/*
 * A notice that expires unpaid (releasing the slot and sending the case back to booking) is not
 * run here: payment due dates count in whole days, and this stack runs on the real clock. What
 * can run is the other side of it: the slot stays held for as long as the notice can be paid.
 */
describe('withdrawal and cancellation of a case undo what it holds, never the money', () => {
  const stack = new PaymentsStack();
  const driver = new CaseDriver(stack);
  const people = Array.from({ length: 12 }, (_, i) => testCitizen(200 + i));
  /** Each applicant marries the person after them in `people`; the intruder is no party of any case. */
  const applicants = { anna: people[0]!, bruno: people[2]!, carla: people[4]!, dario: people[6]! };
  const intruder = people[8]!;
  const numbers: Record<keyof typeof applicants, string> = { anna: '', bruno: '', carla: '', dario: '' };
  let slot: Slot;

  beforeAll(async () => {
    await stack.start();
    await publishShortMarriage(stack);
    await driver.signIn('statoCivile', PERSONA_CLAIMS.operatorX);
    await driver.signIn('medea', PERSONA_CLAIMS.operatorY);
    await driver.signIn('intruder', citizenClaims(intruder));
    for (const [name, person] of Object.entries(applicants)) await driver.signIn(name, citizenClaims(person));
    await Promise.all(
      (Object.keys(applicants) as (keyof typeof applicants)[]).map(async (name) => {
        const partner = people[people.indexOf(applicants[name]) + 1]!;
        numbers[name] = await driver.startAtBooking(name, [applicants[name], partner], 'statoCivile');
      }),
    );
    [slot] = (await driver.availableSlots(numbers.anna, 'anna')) as [Slot];
  }, 240_000);

  afterAll(() => stack.stop(), 60_000);

  const activeBookingsOf = async (caseNumber: string) =>
    (await stack.sql.query(`SELECT status FROM booking WHERE holder_ref = $1 AND status <> 'released'`, [
      caseWorkflowId(TRIESTE.code, caseNumber),
    ])) as { status: string }[];

  /** Everything a refused request must leave as it was. */
  const snapshot = (current: CaseResult) => ({
    status: current.status,
    conclusion: current.conclusion,
    currentStep: current.currentStep,
    booking: current.booking,
    payments: current.payments,
    timeline: current.timeline.length,
  });

  it('a citizen withdraws while the fee is unpaid and the slot held: notice cancelled, slot free again', async () => {
    dataOf(await driver.bookSlot(numbers.anna, slot, 'anna'));
    const waiting = await driver.untilStep(numbers.anna, 'pagamento', 'payment', 'anna');
    const [notice] = waiting.payments;
    expect(notice?.status).toBe('issued');
    await stack.untilStatus(notice!.noticeNumber, 'published');
    expect(await driver.availableSlots(numbers.bruno, 'bruno')).not.toContainEqual(slot);

    // Someone who is not a party cannot withdraw it, and changes nothing.
    const before = snapshot(await driver.getCase(numbers.anna, 'anna'));
    const foreign = await driver.withdraw(numbers.anna, 'intruder');
    expect(firstError(foreign.errors).code).toBe('NOT_YOUR_CASE');
    expect(snapshot(await driver.getCase(numbers.anna, 'anna'))).toEqual(before);

    const withdrawn = dataOf(
      await driver.withdraw(numbers.anna, 'anna', 'Abbiamo cambiato idea'),
    ).withdrawCase;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', conclusion: 'withdrawn' });
    expect(withdrawn.booking).toMatchObject({ ...slot, status: 'released' });
    expect(withdrawn.payments).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    const kinds = withdrawn.timeline.map((entry) => entry.kind);
    expect(kinds).toEqual(expect.arrayContaining(['slotReleased', 'withdrawn']));
    expect(withdrawn.currentStep?.awaiting).toBeNull();

    // The notice is withdrawn at pagoPA: the ente sees it cancelled and no PSP takes the money.
    await stack.untilStatus(notice!.noticeNumber, 'cancelled');
    const refused = await stack.payAtPsp(notice!.noticeNumber);
    expect(refused.status).toBe(422);
    expect((await stack.payment(notice!.noticeNumber))?.status).toBe('cancelled');

    // The slot is free: another couple is offered it, and the database holds nothing for the case.
    expect(await driver.availableSlots(numbers.bruno, 'bruno')).toContainEqual(slot);
    expect(await activeBookingsOf(numbers.anna)).toEqual([]);

    // Withdrawing again is refused and changes nothing.
    const ended = snapshot(await driver.getCase(numbers.anna, 'anna'));
    const again = await driver.withdraw(numbers.anna, 'anna');
    expect(firstError(again.errors).code).toBe('CASE_CONCLUDED');
    expect(again.errors?.[0]?.message).toMatch(/withdrawn|ended/);
    expect(snapshot(await driver.getCase(numbers.anna, 'anna'))).toEqual(ended);
  }, 180_000);

  it('staff cancel a paid case at the final check: the booking is released, the payment stays paid', async () => {
    const booked = dataOf(await driver.bookSlot(numbers.bruno, slot, 'bruno')).bookSlot;
    expect(booked.booking).toMatchObject({ ...slot, status: 'held' });
    const waiting = await driver.untilStep(numbers.bruno, 'pagamento', 'payment', 'bruno');
    const notice = waiting.payments[0]!.noticeNumber;
    expect((await stack.payAtPsp(notice)).status).toBe(201);
    const atCheck = await driver.untilStep(numbers.bruno, 'verifica', 'staff', 'bruno');
    expect(atCheck.booking?.status).toBe('confirmed');
    expect(await activeBookingsOf(numbers.bruno)).toEqual([{ status: 'confirmed' }]);
    expect(await driver.availableSlots(numbers.carla, 'carla')).not.toContainEqual(slot);

    // Another ente's staff cannot cancel it; a citizen cannot either.
    const before = snapshot(atCheck);
    expect(firstError((await driver.cancel(numbers.bruno, 'errore', 'medea')).errors).code).toBe('FORBIDDEN');
    expect(firstError((await driver.cancel(numbers.bruno, 'errore', 'bruno')).errors).code).toBe('FORBIDDEN');
    expect(snapshot(await driver.getCase(numbers.bruno, 'bruno'))).toEqual(before);

    const cancelled = dataOf(
      await driver.cancel(numbers.bruno, 'Pratica doppia, già celebrato altrove', 'statoCivile'),
    ).cancelCase;
    expect(cancelled).toMatchObject({ status: 'cancelled', conclusion: 'cancelled' });
    expect(cancelled.booking).toMatchObject({ ...slot, status: 'released' });
    expect(cancelled.payments).toEqual([expect.objectContaining({ noticeNumber: notice, status: 'paid' })]);
    const entry = cancelled.timeline.find((candidate) => candidate.kind === 'cancelled');
    expect(entry?.actor).toMatch(/^staff:/);
    expect(entry?.detail).toContain('Pratica doppia');

    // Money is never undone: pagoPA's receipt stands; the hall is free for others.
    expect((await stack.payment(notice))?.status).toBe('paid');
    expect(await activeBookingsOf(numbers.bruno)).toEqual([]);
    expect(await driver.availableSlots(numbers.carla, 'carla')).toContainEqual(slot);
    expect(firstError((await driver.cancel(numbers.bruno, 'ancora', 'statoCivile')).errors).code).toBe(
      'CASE_CONCLUDED',
    );
  }, 180_000);

  it('a withdrawal that arrives while the slot is being held still frees the slot', async () => {
    const free = await driver.availableSlots(numbers.dario, 'dario');
    const wanted = free.find((candidate) => candidate.date !== slot.date || candidate.start !== slot.start)!;
    // Hold the hold back: the booking table locked, the hold's transaction waits in Postgres.
    const lock = stack.sql.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query('LOCK TABLE booking IN EXCLUSIVE MODE');
    const booking = driver.bookSlot(numbers.dario, wanted, 'dario');
    await eventually(async () => {
      const [{ waiting }] = (await stack.sql.query(
        `SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted AND relation = 'booking'::regclass`,
      )) as [{ waiting: number }];
      return waiting > 0 ? true : undefined;
    }, 'the hold waiting for the booking table');
    const withdrawal = driver.withdraw(numbers.dario, 'dario');
    const handle = stack.temporal.client.workflow.getHandle(caseWorkflowId(TRIESTE.code, numbers.dario));
    await eventually(async () => {
      const { events } = await handle.fetchHistory();
      return events?.some(
        (event) =>
          event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ===
          'withdrawCase',
      )
        ? true
        : undefined;
    }, 'the withdrawal accepted while the hold is in flight');
    await lock.commitTransaction();
    await lock.release();

    // Accepted before the withdrawal; its answer already shows where the withdrawal took the case.
    expect((await booking).errors).toBeUndefined();
    const withdrawn = dataOf(await withdrawal).withdrawCase;
    expect(withdrawn).toMatchObject({ status: 'withdrawn' });
    expect(withdrawn.booking).toMatchObject({ ...wanted, status: 'released' });
    expect(await activeBookingsOf(numbers.dario)).toEqual([]);
    expect(await driver.availableSlots(numbers.carla, 'carla')).toContainEqual(wanted);
  }, 120_000);

  it("a withdrawal while the office's task is open takes the task off the office's list", async () => {
    const person = people[10]!;
    await driver.signIn('elena', citizenClaims(person));
    const { caseNumber } = dataOf(await driver.startCase(TRIESTE.code, 'elena')).startCase;
    dataOf(await driver.submit(caseNumber, 'domanda', marriageForm(person, people[11]!), 'elena'));
    await driver.untilStep(caseNumber, 'pubblicazioni', 'staff', 'elena');
    const listed = async () =>
      dataOf(await driver.tasksOf('statoCivile')).tasks.edges.some(
        (edge) => edge.node.caseNumber === caseNumber,
      );
    await eventually(async () => ((await listed()) ? true : undefined), 'the task listed');

    const withdrawn = dataOf(await driver.withdraw(caseNumber, 'elena')).withdrawCase;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', openTask: null });
    // The list is the projection, written by the workflow's next activity.
    await eventually(async () => ((await listed()) ? undefined : true), 'the task off the list');
    const decided = await driver.decide(caseNumber, 'pubblicazioni', 'approve', 'statoCivile');
    expect(firstError(decided.errors).code).toBe('CASE_CONCLUDED');
  }, 120_000);

  it('keeps the slot held for as long as the notice can be paid, beyond the hold the model names', async () => {
    // Trieste's next version holds a booked slot for one second instead of days.
    await publishShortMarriage(stack, { holdSeconds: 1 });
    const [fabio, fabiola, gino, gina] = [
      testCitizen(300),
      testCitizen(301),
      testCitizen(302),
      testCitizen(303),
    ];
    await driver.signIn('fabio', citizenClaims(fabio));
    await driver.signIn('gino', citizenClaims(gino));
    const [late, eager] = await Promise.all([
      driver.startAtBooking('fabio', [fabio, fabiola], 'statoCivile'),
      driver.startAtBooking('gino', [gino, gina], 'statoCivile'),
    ]);
    const [wanted] = (await driver.availableSlots(late, 'fabio')) as [Slot];
    dataOf(await driver.bookSlot(late, wanted, 'fabio'));
    const waiting = await driver.untilStep(late, 'pagamento', 'payment', 'fabio');
    const notice = waiting.payments[0]!.noticeNumber;
    await stack.untilStatus(notice, 'published');
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // The model's hold has run out, but the notice is still payable: nobody else may take the slot.
    expect(await driver.availableSlots(eager, 'gino')).not.toContainEqual(wanted);
    expect(firstError((await driver.bookSlot(eager, wanted, 'gino')).errors).code).toBe('SLOT_TAKEN');

    expect((await stack.payAtPsp(notice)).status).toBe(201);
    const atCheck = await driver.untilStep(late, 'verifica', 'staff', 'fabio');
    expect(atCheck.booking).toMatchObject({ ...wanted, status: 'confirmed' });
    expect(await activeBookingsOf(late)).toEqual([{ status: 'confirmed' }]);
  }, 120_000);

  it('a decision and a withdrawal reaching the case together: the case ends, nothing hangs', async () => {
    const [hanna, hans] = [testCitizen(310), testCitizen(311)];
    await driver.signIn('hanna', citizenClaims(hanna));
    const { caseNumber } = dataOf(await driver.startCase(TRIESTE.code, 'hanna')).startCase;
    dataOf(await driver.submit(caseNumber, 'domanda', marriageForm(hanna, hans), 'hanna'));
    await driver.untilStep(caseNumber, 'pubblicazioni', 'staff', 'hanna');

    // With no worker polling, both Updates wait at the server and reach the case in one task.
    await stack.worker?.close();
    const decision = driver.decide(caseNumber, 'pubblicazioni', 'approve', 'statoCivile');
    const withdrawal = driver.withdraw(caseNumber, 'hanna');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stack.worker = await startWorker(stack.env);

    expect(dataOf(await withdrawal).withdrawCase).toMatchObject({ status: 'withdrawn' });
    const decided = await decision;
    // Whichever came first, the office learns where its decision stands.
    if (decided.errors) {
      expect(firstError(decided.errors).code).toBe('CASE_CONCLUDED');
      expect(decided.errors[0]?.message).toMatch(/withdrawn by the citizen before/);
    }
    const handle = stack.temporal.client.workflow.getHandle(caseWorkflowId(TRIESTE.code, caseNumber));
    await eventually(
      async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined),
      'the case workflow completed',
    );
  }, 120_000);
});

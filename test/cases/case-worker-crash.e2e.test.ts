import { assertWorkerBuilt, startWorkerProcess } from '../support/worker-process';
import { Client } from 'pg';
import type { ChildProcess } from 'node:child_process';
import { AuditLog, ProcedureVersions, systemContext } from '@sus/catalog';
import { MARRIAGE_MODEL, type ProcedureModelInput, type ProcedureStep } from '@sus/domain';
import { dataOf, gql } from '../support/graphql';
import { http } from '../support/http';
import { PERSONA_CLAIMS } from '../support/identity';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';
import { eventually } from '../support/platform';

const SERVICE = 'MATRIMONIO-CIVILE';
const RESOURCE = 'SALA-PROVA-CRASH';
const CASES = 500;
/** Citizens acting at once: enough to keep the worker busy, few enough for a 2-core machine. */
const CONCURRENCY = 25;
/** Notices paid at the sandbox's PSP at once. */
const PAYERS = 8;

const marriageStep = (id: string) => MARRIAGE_MODEL.steps.find((step) => step.id === id) as ProcedureStep;
const paymentMessage = (marriageStep('pagamento') as Extract<ProcedureStep, { type: 'payment' }>).message;
const confirmMessage = (marriageStep('conferma') as Extract<ProcedureStep, { type: 'notify' }>).message;

/** The shortest iter that still makes every side effect: form → slot → pagoPA notice → message → end. */
const CRASH_MODEL: ProcedureModelInput = {
  schemaVersion: 1,
  procedureCode: SERVICE,
  title: { it: 'Matrimonio civile (prova di crash del worker)', en: 'Civil marriage (worker crash test)' },
  term: { days: 30, onSilence: 'provvedimentoEspresso' },
  start: 'domanda',
  steps: [
    {
      id: 'domanda',
      type: 'form',
      title: { it: 'Richiesta', en: 'Request' },
      fields: [{ key: 'rite', concept: 'marriage.rite', label: { it: 'Rito', en: 'Rite' } }],
      next: 'prenotazione',
    },
    {
      id: 'prenotazione',
      type: 'booking',
      title: { it: 'Prenotazione della sala', en: 'Hall booking' },
      resource: RESOURCE,
      hold: { days: 2 },
      next: 'pagamento',
    },
    {
      id: 'pagamento',
      type: 'payment',
      title: { it: 'Pagamento della tariffa', en: 'Fee payment' },
      feeIndex: 0,
      dueInDays: 2,
      confirmsBooking: 'prenotazione',
      message: paymentMessage,
      next: 'conferma',
      onExpired: 'prenotazione',
    },
    {
      id: 'conferma',
      type: 'notify',
      title: { it: 'Conferma', en: 'Confirmation' },
      message: confirmMessage,
      next: 'fine',
    },
    { id: 'fine', type: 'end', title: { it: 'Concluso', en: 'Concluded' }, conclusion: 'accepted' },
  ],
};

/** Runs `task` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, task: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index]!, index);
      }
    }),
  );
}

/**
 * A worker killed with SIGKILL while 500 cases are booking and paying: after a new worker starts,
 * every case concludes, and nothing was done twice (debt positions, payments, bookings, messages).
 * About 9 minutes on a 2-core machine (554 s in a clean-clone run); the limit leaves room for a loaded one.
 */
describe('cases across a worker crash', () => {
  const stack = new PaymentsStack();
  let worker: ChildProcess | undefined;
  const citizens: Record<string, string>[] = [];

  let workerDatabaseUrl = '';

  beforeAll(async () => {
    assertWorkerBuilt();
    await stack.start({ withWorker: false });
    // A production worker refuses the repository's development database password.
    workerDatabaseUrl = await stack.db.productionUrl();
    for (const claims of [PERSONA_CLAIMS.citizenA, PERSONA_CLAIMS.citizenB])
      citizens.push({ authorization: `Bearer ${await stack.issuer.mint(claims, { expiresIn: '2h' })}` });
    const admin = {
      authorization: `Bearer ${await stack.issuer.mint(PERSONA_CLAIMS.enteAdminX, { expiresIn: '2h' })}`,
    };
    // A hall open every day 08:00-20:00 in 10-minute slots: 72 a day, far more than 500 in the horizon.
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' }));
    dataOf(
      await gql(
        stack.api,
        `mutation($e: String!, $i: SaveBookingResourceInput!) { saveBookingResource(enteCode: $e, input: $i) { code } }`,
        {
          e: TRIESTE.code,
          i: {
            code: RESOURCE,
            name: 'Sala di prova',
            calendar: { slotMinutes: 10, weekly, closedOn: [], closedOnHolidays: false },
          },
        },
        { as: admin },
      ),
    );
    const versions = new ProcedureVersions(stack.sql, new AuditLog(stack.sql, ''));
    await versions.publishEnteVersion(systemContext(), TRIESTE.code, SERVICE, CRASH_MODEL, 'crash test');
  }, 240_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    await stack.stop();
  }, 60_000);

  const count = async (sql: string): Promise<number> =>
    ((await stack.sql.query(sql)) as { n: number }[])[0]!.n;

  it('concludes all 500 cases, each with one notice, one payment, one slot and one message per step', async () => {
    // Slow answers from GPD keep the payment workflows' calls in flight long enough to kill the worker mid-call.
    await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, {
      body: { latencyMs: 300, pathPrefixes: ['/gpd/'] },
    });
    worker = startWorkerProcess(stack.env, { production: true, databaseUrl: workerDatabaseUrl });
    // The worker beats once it polls: cases started before would wait for it inside startCase.
    await eventually(
      async () => ((await count('SELECT count(*)::int AS n FROM worker_heartbeat')) > 0 ? true : undefined),
      'the worker to poll',
      180_000,
    );

    /** Seconds each phase took, printed at the end: where the test's time goes. */
    const phases: Record<string, number> = {};
    let since = Date.now();
    const lap = (phase: string) => {
      phases[phase] = Math.round((Date.now() - since) / 100) / 10;
      since = Date.now();
    };
    const cases: { caseNumber: string; as: Record<string, string> }[] = [];
    await pool(
      Array.from({ length: CASES }, (_, i) => citizens[i % citizens.length]!),
      CONCURRENCY,
      async (as) => {
        type Step = { id: string; awaiting: string | null } | null;
        const atForm = (step: Step) => step?.id === 'domanda' && step.awaiting === 'citizenForm';
        const started = dataOf(
          await gql<{ startCase: { caseNumber: string; currentStep: Step } }>(
            stack.api,
            'mutation($e: String!, $s: String!) { startCase(enteCode: $e, serviceCode: $s) { caseNumber currentStep { id awaiting } } }',
            { e: TRIESTE.code, s: SERVICE },
            { as },
          ),
        ).startCase;
        // Under load startCase may answer before the case reached its form (no worker answered the
        // read in time); a client shows the form once the case asks for it, and so does the test.
        if (!atForm(started.currentStep)) {
          await eventually(
            async () => {
              const answer = await gql<{ case: { currentStep: Step } }>(
                stack.api,
                'query($e: String!, $n: String!) { case(enteCode: $e, caseNumber: $n) { currentStep { id awaiting } } }',
                { e: TRIESTE.code, n: started.caseNumber },
                { as },
              );
              return atForm(answer.data?.case.currentStep ?? null) ? true : undefined;
            },
            `case ${started.caseNumber} waiting for its form`,
            120_000,
          );
        }
        const submit = () =>
          gql(
            stack.api,
            'mutation($i: SubmitCaseFormInput!) { submitCaseForm(input: $i) { caseNumber } }',
            {
              i: {
                enteCode: TRIESTE.code,
                caseNumber: started.caseNumber,
                stepId: 'domanda',
                fields: [{ key: 'rite', value: 'civile' }],
              },
            },
            { as },
          );
        // CASE_UNAVAILABLE (no worker took the Update in time, on a loaded machine) says to look at
        // the case before trying again: a client sends the form again only while the case still asks for it.
        let submitted = await submit();
        for (
          let attempt = 0;
          submitted.errors?.[0]?.extensions?.code === 'CASE_UNAVAILABLE' && attempt < 5;
          attempt++
        ) {
          const answer = await gql<{ case: { currentStep: Step } }>(
            stack.api,
            'query($e: String!, $n: String!) { case(enteCode: $e, caseNumber: $n) { currentStep { id awaiting } } }',
            { e: TRIESTE.code, n: started.caseNumber },
            { as },
          );
          if (answer.data && !atForm(answer.data.case.currentStep)) {
            submitted = { status: submitted.status, data: {} };
            break;
          }
          submitted = await submit();
        }
        dataOf(submitted);
        cases.push({ caseNumber: started.caseNumber, as });
      },
    );

    lap('start and submit');
    // Every case offers the same hall from tomorrow: each takes a slot of its own.
    const first = cases[0]!;
    const slots = await eventually(async () => {
      const answer = await gql<{ availableSlots: { date: string; start: string }[] }>(
        stack.api,
        'query($e: String!, $n: String!) { availableSlots(enteCode: $e, caseNumber: $n) { date start } }',
        { e: TRIESTE.code, n: first.caseNumber },
        { as: first.as },
      );
      return answer.data?.availableSlots;
    }, 'the first case to wait for a booking');
    expect(slots.length).toBeGreaterThanOrEqual(CASES);

    const bookingOf = async (caseNumber: string) =>
      (
        (await stack.sql.query(
          "SELECT count(*)::int AS n FROM booking WHERE holder_ref = $1 AND status IN ('held', 'confirmed')",
          [`case/${TRIESTE.code}/${caseNumber}`],
        )) as { n: number }[]
      )[0]!.n > 0;
    /** Books as a citizen would across a crash: on any failure, looks again and retries until the slot is held. */
    const book = async ({ caseNumber, as }: (typeof cases)[number], index: number) => {
      const slot = slots[index]!;
      const deadline = Date.now() + 180_000;
      for (;;) {
        const answer = await gql(
          stack.api,
          `mutation($e: String!, $n: String!, $d: String!, $s: String!) {
             bookSlot(enteCode: $e, caseNumber: $n, date: $d, start: $s) { caseNumber } }`,
          { e: TRIESTE.code, n: caseNumber, d: slot.date, s: slot.start },
          { as },
        ).catch((error: unknown) => ({ errors: [{ message: String(error) }] }));
        if (!answer.errors?.length || (await bookingOf(caseNumber))) return;
        if (Date.now() > deadline)
          throw new Error(`case ${caseNumber} could not book: ${JSON.stringify(answer.errors)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };

    // The sandbox PSP pays every notice once GPD has it, as citizens at a tabaccheria would.
    const paid = new Set<string>();
    let paying = true;
    const payer = (async () => {
      while (paying) {
        const published = (await stack.sql.query(
          "SELECT notice_number FROM payment WHERE status = 'published'",
        )) as { notice_number: string }[];
        // Several tills at once, as many citizens pay at the same time.
        await pool(
          published.map((row) => row.notice_number).filter((n) => !paid.has(n)),
          PAYERS,
          async (n) => {
            const answer = await stack.payAtPsp(n);
            if (answer.status === 201) paid.add(n);
          },
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();

    // SIGKILL once bookings and payments are under way, with calls to GPD in flight and case
    // activities stopped half-way: the test locks the timeline, so every recordCase has committed
    // the case row and waits to append its entries when the worker dies. Their retries must
    // complete the projection without writing anything twice.
    const crash = (async () => {
      const inFlight = await eventually(
        async () => {
          const all = (await http('GET', `${stack.sandbox.url}/__sandbox/counters`)).body;
          const booked = await count(
            "SELECT count(*)::int AS n FROM booking WHERE status IN ('held', 'confirmed')",
          );
          return booked >= 100 && paid.size >= 10 && all.faults.inFlight > 0
            ? (all.faults.inFlight as number)
            : undefined;
        },
        'bookings and payments under way with calls to GPD in flight',
        // As long as the bookings take: on a loaded 2-core machine 100 of them took over 3 minutes.
        480_000,
      );
      const lock = stack.sql.createQueryRunner();
      await lock.connect();
      await lock.startTransaction();
      await lock.query('LOCK TABLE case_timeline IN EXCLUSIVE MODE');
      const waitingOnTimeline = `
        FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
       WHERE c.relname = 'case_timeline' AND NOT l.granted
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      const halfDone = await eventually(async () => {
        const waiting = await count(`SELECT count(*)::int AS n ${waitingOnTimeline}`);
        return waiting >= 3 ? waiting : undefined;
      }, 'case activities to wait on the timeline');
      worker!.kill('SIGKILL');
      await new Promise((resolve) => worker!.once('exit', resolve));
      // A dead client's statement would still commit once its lock is granted: end those sessions,
      // so the appends are lost with the worker and only the retried activities can write them.
      // (As the owner: the application role may not end another role's sessions.)
      const owner = new Client({ connectionString: stack.db.ownerUrl });
      await owner.connect();
      try {
        await owner.query(`SELECT pg_terminate_backend(l.pid) ${waitingOnTimeline}`);
      } finally {
        await owner.end();
      }
      await lock.rollbackTransaction();
      await lock.release();
      // The slow answers were there to catch calls in flight at the kill; from here on they only
      // stretch the recovery the test waits for.
      await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, { body: { latencyMs: 0 } });
      const atKill = {
        inFlight,
        halfDone,
        booked: await count("SELECT count(*)::int AS n FROM booking WHERE status IN ('held', 'confirmed')"),
        positions: Object.keys((await stack.counters()).debtPositionsCreated).length,
        paid: paid.size,
      };
      worker = startWorkerProcess(stack.env, { production: true, databaseUrl: workerDatabaseUrl });
      return atKill;
    })();

    await pool(cases, CONCURRENCY, book);
    lap('book');
    const atKill = await crash;
    expect(atKill.inFlight).toBeGreaterThan(0);
    expect(atKill.halfDone).toBeGreaterThanOrEqual(3);
    expect(atKill.positions).toBeLessThan(CASES);
    expect(atKill.paid).toBeLessThan(CASES);

    const numbers = cases.map((c) => c.caseNumber);
    await eventually(
      async () =>
        // The case row is written before its timeline entries: wait for both.
        (await count("SELECT count(*)::int AS n FROM procedure_case WHERE status = 'accepted'")) === CASES &&
        (await count("SELECT count(*)::int AS n FROM case_timeline WHERE kind = 'concluded'")) >= CASES
          ? true
          : undefined,
      'every case to conclude',
      240_000,
    ).finally(() => {
      paying = false;
    });
    await payer;
    lap('until all concluded');

    // A push answered only after the restarted worker caught up may have been delivered again.
    const notices = (await stack.sql.query(
      'SELECT notice_number, description FROM payment ORDER BY notice_number',
    )) as { notice_number: string; description: string }[];
    const tally = await eventually(
      async () => {
        const counters = await stack.counters();
        return notices.every(
          (n) => counters.receiptsDelivered[`${TRIESTE.fiscalCode}/${n.notice_number.slice(1)}`],
        )
          ? counters
          : undefined;
      },
      'every receipt push to be answered',
      120_000,
    );

    // One notice, one debt position, one receipt per case.
    expect(notices).toHaveLength(CASES);
    expect(new Set(notices.map((n) => n.description.replace(/^.* - pratica /, '')))).toEqual(
      new Set(numbers),
    );
    const positions = Object.entries(tally.debtPositionsCreated as Record<string, number>);
    expect(positions).toHaveLength(CASES);
    expect(positions.filter(([, times]) => times !== 1)).toEqual([]);
    expect(
      notices.filter(
        (n) => tally.receiptsDelivered[`${TRIESTE.fiscalCode}/${n.notice_number.slice(1)}`] !== 1,
      ),
    ).toEqual([]);
    expect(
      await count("SELECT count(*)::int AS n FROM iuv_allocation WHERE idempotency_key LIKE 'case/%'"),
    ).toBe(CASES);
    expect(await count("SELECT count(*)::int AS n FROM payment_event WHERE status = 'paid'")).toBe(CASES);

    // One booking per case, confirmed, each slot held once.
    const bookings = (await stack.sql.query(
      `SELECT count(*)::int AS n, count(DISTINCT holder_ref)::int AS holders,
              count(DISTINCT slot_start)::int AS slots,
              count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed
         FROM booking`,
    )) as { n: number; holders: number; slots: number; confirmed: number }[];
    expect(bookings).toEqual([{ n: CASES, holders: CASES, slots: CASES, confirmed: CASES }]);

    // The timeline: one message per step visit (the notice's and the confirmation), every step once.
    const timeline = (await stack.sql.query(
      `SELECT c.case_number, t.kind, t.detail->>'key' AS key, count(*)::int AS n
         FROM case_timeline t JOIN procedure_case c ON c.id = t.case_id
        WHERE t.kind IN ('messageSent', 'noticeIssued', 'slotHeld', 'slotConfirmed', 'paymentReceived', 'concluded')
        GROUP BY 1, 2, 3`,
    )) as { case_number: string; kind: string; key: string | null; n: number }[];
    expect(timeline.filter((row) => row.n !== 1)).toEqual([]);
    for (const kind of ['noticeIssued', 'slotHeld', 'slotConfirmed', 'paymentReceived', 'concluded']) {
      const present = new Set(timeline.filter((row) => row.kind === kind).map((row) => row.case_number));
      expect({ kind, missingIn: numbers.filter((n) => !present.has(n)) }).toEqual({ kind, missingIn: [] });
    }
    const messages = timeline.filter((row) => row.kind === 'messageSent');
    expect(new Set(messages.map((row) => row.key))).toEqual(
      new Set(numbers.flatMap((n) => [`case/${n}/pagamento/1`, `case/${n}/conferma/1`])),
    );
    // No case stuck anywhere, and the live view agrees with the projection.
    expect(await count("SELECT count(*)::int AS n FROM procedure_case WHERE status <> 'accepted'")).toBe(0);
    const sample = cases[CASES - 1]!;
    const live = dataOf(
      await gql<{ case: { status: string; booking: { status: string }; payments: { status: string }[] } }>(
        stack.api,
        'query($e: String!, $n: String!) { case(enteCode: $e, caseNumber: $n) { status booking { status } payments { status } } }',
        { e: TRIESTE.code, n: sample.caseNumber },
        { as: sample.as },
      ),
    ).case;
    lap('checks');
    console.log(`case-worker-crash: ${JSON.stringify({ seconds: phases, atKill })}`);
    expect(live).toEqual({
      status: 'accepted',
      booking: { status: 'confirmed' },
      payments: [{ status: 'paid' }],
    });
  }, 900_000);
});

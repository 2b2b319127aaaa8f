import { randomUUID } from 'node:crypto';
import { cieReminderScheduleId, type CieReminderRunResult } from '@sus/contracts';
import { addDays, civilDateInRome, instantInRome } from '@sus/domain';
import { dataOf, gql } from '../support/graphql';
import { eventually } from '../support/platform';
import { NotificationsStack, TRIESTE_IO } from '../support/notifications-stack';

const MARIO = 'RSSMRA80A01L424F'; // on the sandbox's App IO
const ANNA = 'FRRNNA90E50F081R'; // not on App IO: the e-mail fallback
const MEDEA = 'c_f081';

type Report = {
  inserted: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  rejected: { line: number; field: string; code: string }[];
};
const IMPORT = `mutation($e: String!, $csv: String!) {
  importIdentityDocuments(enteCode: $e, csv: $csv) {
    inserted updated unchanged rejectedCount rejected { line field code }
  }
}`;
const SCHEDULE_FIELDS = `enteCode scheduleId thresholds serviceCode bookingUrl bookingResourceCode paused pauseNote scheduled nextRunAt
  lastRunAt documents remindersSent`;
type Schedule = {
  enteCode: string;
  scheduleId: string;
  thresholds: number[];
  serviceCode: string | null;
  bookingUrl: string;
  bookingResourceCode: string | null;
  paused: boolean;
  pauseNote: string | null;
  scheduled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  documents: number;
  remindersSent: number;
};

/** A document number of this run: tests share nothing, not even a card. */
const cardNumber = () =>
  `CA${randomUUID().replace(/\D/g, '').padEnd(5, '7').slice(0, 5)}${String.fromCharCode(65 + Math.floor(Math.random() * 26))}${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;

/**
 * Identity-card expiry reminders (issue 18 item 4) through GraphQL, the Schedule on the Temporal
 * dev server, the worker and the sandbox's App IO and SMTP over HTTP.
 */
describe('identity-card expiry reminders', () => {
  const stack = new NotificationsStack();
  beforeAll(() => stack.start({ withApi: true }), 180_000);
  afterAll(() => stack.stop());

  const importAs = async (persona: 'operatorX' | 'operatorY', enteCode: string, csv: string) =>
    gql<{ importIdentityDocuments: Report }>(
      stack.api!,
      IMPORT,
      { e: enteCode, csv },
      { as: await stack.as(persona) },
    );

  it('imports the valid lines of an extract, reports every bad one, and is idempotent by card', async () => {
    const [a, b, c] = [cardNumber(), cardNumber(), cardNumber()];
    const csv = [
      'codice_fiscale;numero_documento;data_scadenza;email',
      `${MARIO};${a};31/12/2030;mario@example.it`,
      `${ANNA};${b};2030-06-30;`,
      `RSSMRA80A01L424X;${cardNumber()};2030-01-01;x@example.it`,
      `${MARIO};;2030-01-01;x@example.it`,
      `${MARIO};${cardNumber()};2030-02-30;x@example.it`,
      `${MARIO};${cardNumber()};2030-01-01;not an address`,
      `${MARIO};${c};2030-01-01;`,
      `${ANNA};${c};2031-01-01;`,
    ].join('\n');
    const first = dataOf(await importAs('operatorX', TRIESTE_IO.enteCode, csv)).importIdentityDocuments;
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejectedCount: 6 });
    expect(first.rejected.map((r) => [r.line, r.field, r.code])).toEqual([
      [4, 'fiscal_code', 'INVALID_FISCAL_CODE'],
      [5, 'document_number', 'BAD_USER_INPUT'],
      [6, 'expiry_date', 'INVALID_DATE'],
      [7, 'email', 'INVALID_EMAIL'],
      [8, 'document_number', 'DUPLICATE_DOCUMENT'],
      [9, 'document_number', 'DUPLICATE_DOCUMENT'],
    ]);
    const rows = (await stack.sql.query(
      `SELECT document_number, fiscal_code, expiry_date::text AS expiry, email FROM identity_document
        WHERE document_number = ANY($1) ORDER BY expiry_date`,
      [[a, b, c]],
    )) as { document_number: string; fiscal_code: string; expiry: string; email: string | null }[];
    expect(rows).toEqual([
      { document_number: b, fiscal_code: ANNA, expiry: '2030-06-30', email: null },
      { document_number: a, fiscal_code: MARIO, expiry: '2030-12-31', email: 'mario@example.it' },
    ]);

    // The same extract again changes nothing; a renewed card (new expiry) is updated in place.
    const again = dataOf(await importAs('operatorX', TRIESTE_IO.enteCode, csv)).importIdentityDocuments;
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejectedCount: 6 });
    const renewed = dataOf(
      await importAs(
        'operatorX',
        TRIESTE_IO.enteCode,
        `fiscal_code,document_number,expiry_date,email\n${MARIO},${a},2035-12-31,mario@example.it`,
      ),
    ).importIdentityDocuments;
    expect(renewed).toMatchObject({ inserted: 0, updated: 1, unchanged: 0, rejectedCount: 0 });
    const [count] = (await stack.sql.query(
      `SELECT count(*)::int AS n, max(expiry_date)::text AS expiry FROM identity_document WHERE document_number = $1`,
      [a],
    )) as { n: number; expiry: string }[];
    expect(count).toEqual({ n: 1, expiry: '2035-12-31' });
  });

  it("keeps each ente's register to itself", async () => {
    const card = cardNumber();
    const line = `fiscal_code,document_number,expiry_date,email\n${MARIO},${card},2030-01-01,`;
    const refused = await importAs('operatorY', TRIESTE_IO.enteCode, line);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(dataOf(await importAs('operatorY', MEDEA, line)).importIdentityDocuments.inserted).toBe(1);
    expect(
      dataOf(await importAs('operatorX', TRIESTE_IO.enteCode, line)).importIdentityDocuments.inserted,
    ).toBe(1);
    const enti = (await stack.sql.query(
      `SELECT ente_code FROM identity_document WHERE document_number = $1 ORDER BY ente_code`,
      [card],
    )) as { ente_code: string }[];
    expect(enti.map((row) => row.ente_code)).toEqual([MEDEA, TRIESTE_IO.enteCode]);
  });

  it('refuses a file without the columns, and thresholds the rule cannot use, writing nothing', async () => {
    const bad = await importAs('operatorX', TRIESTE_IO.enteCode, 'nome,cognome\nMario,Rossi');
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_IMPORT_FILE');
    const thresholds = await gql(
      stack.api!,
      `mutation { configureReminders(input: { enteCode: "${MEDEA}", thresholds: [30, 30] }) { enteCode } }`,
      undefined,
      { as: await stack.as('regionalAdmin') },
    );
    expect(thresholds.errors?.[0]?.extensions?.code).toBe('INVALID_REMINDER_THRESHOLDS');
    // Medea has no identity-card office to book: naming one is refused, naming the field.
    const resource = await gql(
      stack.api!,
      `mutation { configureReminders(input: { enteCode: "${MEDEA}", bookingResourceCode: "UFFICIO-CIE" }) { enteCode } }`,
      undefined,
      { as: await stack.as('regionalAdmin') },
    );
    expect(resource.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.bookingResourceCode',
    });
    const [settings] = (await stack.sql.query(
      `SELECT count(*)::int AS n FROM reminder_settings WHERE ente_code = $1`,
      [MEDEA],
    )) as { n: number }[];
    expect(settings?.n).toBe(0);
  });

  it('runs daily at 09:00 in Rome, pauses and resumes, and sends each due reminder once, by IO or e-mail', async () => {
    const admin = await stack.as('enteAdminX');
    const operator = await stack.as('operatorX');
    const configured = dataOf(
      await gql<{ configureReminders: Schedule }>(
        stack.api!,
        `mutation { configureReminders(input: { enteCode: "${TRIESTE_IO.enteCode}" }) { ${SCHEDULE_FIELDS} } }`,
        undefined,
        { as: admin },
      ),
    ).configureReminders;
    expect(configured).toMatchObject({
      scheduleId: cieReminderScheduleId(TRIESTE_IO.enteCode),
      thresholds: [90, 30],
      serviceCode: 'CIE',
      // Trieste's identity-card office (seeded), whose free slots the link opens on.
      bookingResourceCode: 'UFFICIO-CIE',
      bookingUrl: 'https://portale.example.it/prenotazioni/c_l424/servizio/CIE?risorsa=UFFICIO-CIE',
      paused: false,
      scheduled: true,
    });
    const next = new Date(configured.nextRunAt!);
    expect(instantInRome(civilDateInRome(next), 9 * 60).getTime()).toBe(next.getTime());

    const paused = dataOf(
      await gql<{ pauseReminders: Schedule }>(
        stack.api!,
        `mutation { pauseReminders(enteCode: "${TRIESTE_IO.enteCode}", note: "migrazione anagrafe") { ${SCHEDULE_FIELDS} } }`,
        undefined,
        { as: operator },
      ),
    ).pauseReminders;
    expect(paused).toMatchObject({ paused: true, pauseNote: 'migrazione anagrafe', nextRunAt: null });
    const handle = stack.temporal.client.schedule.getHandle(cieReminderScheduleId(TRIESTE_IO.enteCode));
    expect((await handle.describe()).state).toMatchObject({ paused: true, note: 'migrazione anagrafe' });

    // Mario's card expires in 30 days (the 30-day reminder), Anna's in 60 (the 90-day one, caught up).
    const today = civilDateInRome(new Date());
    const [mario, anna] = [cardNumber(), cardNumber()];
    const annaMail = `anna.${randomUUID().slice(0, 8)}@example.it`;
    dataOf(
      await importAs(
        'operatorX',
        TRIESTE_IO.enteCode,
        `fiscal_code,document_number,expiry_date,email\n${MARIO},${mario},${addDays(today, 30)},\n${ANNA},${anna},${addDays(today, 60)},${annaMail}`,
      ),
    );

    // A run while paused sends nothing.
    const runOf = async (count: number) => {
      await handle.trigger();
      const action = await eventually(async () => {
        const recent = (await handle.describe()).info.recentActions;
        return recent.length >= count ? recent[count - 1] : undefined;
      }, `run ${count} started`);
      return (await stack.temporal.client.workflow
        .getHandle(action!.action.workflow.workflowId)
        .result()) as CieReminderRunResult;
    };
    expect(await runOf(1)).toMatchObject({ paused: true, started: 0 });

    const resumed = dataOf(
      await gql<{ resumeReminders: Schedule }>(
        stack.api!,
        `mutation { resumeReminders(enteCode: "${TRIESTE_IO.enteCode}") { ${SCHEDULE_FIELDS} } }`,
        undefined,
        { as: operator },
      ),
    ).resumeReminders;
    expect(resumed.paused).toBe(false);
    expect(resumed.nextRunAt).not.toBeNull();

    const run = await runOf(2);
    expect(run).toMatchObject({ paused: false, today });
    expect(run.started).toBeGreaterThanOrEqual(2);

    const messagesOf = async (fiscalCode: string) =>
      dataOf(
        await gql<{
          messages: { status: string; channel: string; idempotencyKey: string; subject: string }[];
        }>(
          stack.api!,
          `query($f: String) { messages(enteCode: "${TRIESTE_IO.enteCode}", fiscalCode: $f) { status channel idempotencyKey subject } }`,
          { f: fiscalCode },
          { as: operator },
        ),
      ).messages.filter((message) => message.idempotencyKey.startsWith('cie-reminder/'));
    const marioMessages = await eventually(async () => {
      const listed = (await messagesOf(MARIO)).filter((m) => m.idempotencyKey.includes(mario));
      return listed[0]?.status === 'processed' ? listed : undefined;
    }, "Mario's reminder processed on IO");
    expect(marioMessages).toEqual([
      {
        status: 'processed',
        channel: 'io',
        idempotencyKey: `cie-reminder/${mario}/${addDays(today, 30)}/30`,
        subject: expect.stringMatching(/^La tua carta di identità scade il \d\d\/\d\d\/\d{4}$/),
      },
    ]);
    const annaMessages = await eventually(async () => {
      const listed = (await messagesOf(ANNA)).filter((m) => m.idempotencyKey.includes(anna));
      return listed[0]?.status === 'fallbackSent' ? listed : undefined;
    }, "Anna's reminder sent by e-mail");
    expect(annaMessages.map((m) => [m.channel, m.idempotencyKey])).toEqual([
      ['email', `cie-reminder/${anna}/${addDays(today, 60)}/90`],
    ]);
    const mails = await stack.mails(annaMail);
    expect(mails).toHaveLength(1);

    // Another run the same day sends nothing more.
    expect((await runOf(3)).started).toBe(0);
    const counters = await stack.ioCounters();
    expect(counters.messages[`${TRIESTE_IO.cieServiceId}/${MARIO}`]).toBe(1);
    expect(counters.totals.duplicates).toBe(0);
    expect(await stack.mails(annaMail)).toHaveLength(1);

    const schedule = dataOf(
      await gql<{ reminderSchedule: Schedule }>(
        stack.api!,
        `{ reminderSchedule(enteCode: "${TRIESTE_IO.enteCode}") { ${SCHEDULE_FIELDS} } }`,
        undefined,
        { as: await stack.as('regionalAdmin') },
      ),
    ).reminderSchedule;
    expect(schedule.remindersSent).toBeGreaterThanOrEqual(2);
    expect(schedule.lastRunAt).not.toBeNull();
  }, 180_000);
});

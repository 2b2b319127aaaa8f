import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { catalogDataSourceOptions, seedCatalog } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually, graphql, startApi, startWorker, type PlatformEnv } from '../support/platform';
import { createLocalTemporal } from '../support/temporal';
import { http, startSandbox, type RunningSandbox } from '../sandbox/sandbox-harness';

/** Issue → debt position at the (sandbox) intermediary → a PSP pays → receipt pushed → paid. */
const TRIESTE = { code: 'c_l424', fiscalCode: '00210240321' };
const GPD_KEY = 'trieste-subscription-key-0001';
const RECEIPT_KEY = 'receipt-key-for-the-e2e-test-0001';

describe('payment lifecycle, end to end', () => {
  let db: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let api: { app: NestFastifyApplication; url: string };
  let sandbox: RunningSandbox;
  let worker: INestApplicationContext;
  let sql: DataSource;

  beforeAll(async () => {
    [db, temporal, sandbox] = await Promise.all([
      createTestDatabase(),
      createLocalTemporal(),
      startSandbox(),
    ]);
    sql = await new DataSource(catalogDataSourceOptions(db.url, 2)).initialize();
    await seedCatalog(sql);
    const env: PlatformEnv = {
      databaseUrl: db.url,
      temporalAddress: temporal.address,
      taskQueue: `payments-${randomUUID()}`,
      extra: {
        PAGOPA_RECEIPT_KEY: RECEIPT_KEY,
        PAGOPA_GPD_URL: `${sandbox.url}/gpd/debt-positions-service/v1`,
        PAGOPA_GPD_SUBSCRIPTION_KEY: GPD_KEY,
      },
    };
    api = await startApi(env);
    worker = await startWorker(env);
    const onboarded = await http(
      'PUT',
      `${sandbox.url}/__sandbox/pagopa/organizations/${TRIESTE.fiscalCode}`,
      {
        body: {
          fiscalCode: TRIESTE.fiscalCode,
          companyName: 'Comune di Trieste',
          subscriptionKeys: [GPD_KEY],
          receiptEndpoint: {
            url: `${api.url}/pagopa/receipts`,
            headers: { 'x-sus-receipt-key': RECEIPT_KEY },
          },
        },
      },
    );
    expect(onboarded.status).toBe(200);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.app.close();
    await sandbox?.close();
    await sql?.destroy();
    await temporal?.teardown();
    await db?.drop();
  });

  const ISSUE = `mutation Issue($input: IssuePaymentInput!) { issuePayment(input: $input) }`;
  const PAYMENT = `query P($n: String!) { payment(noticeNumber: $n) {
    noticeNumber formattedNoticeNumber status amount amountCents dueDate history { status detail } receipt { receiptId amountCents }
  } }`;

  const issueInput = (overrides: Record<string, unknown> = {}) => ({
    enteCode: TRIESTE.code,
    payer: { type: 'F', fiscalCode: 'RSSMRA85M01H501Q', fullName: 'Mario Rossi' },
    amountCents: 15050,
    description: 'Celebrazione matrimonio - Sala Matrimoni',
    dueDate: '2099-12-31',
    taxonomyCode: '9/0104102TS/',
    ...overrides,
  });

  type PaymentResult = {
    payment: {
      status: string;
      noticeNumber: string;
      formattedNoticeNumber: string;
      amount: string;
      history: { status: string; detail: string | null }[];
      receipt: { receiptId: string; amountCents: number } | null;
    } | null;
  };
  const paymentOf = async (n: string) =>
    (await graphql<PaymentResult>(api.url, PAYMENT, { n })).data?.payment;
  const untilStatus = (n: string, status: string) =>
    eventually(async () => {
      const payment = await paymentOf(n);
      return payment?.status === status ? payment : undefined;
    }, `payment ${n} to be ${status}`);

  async function issue(overrides: Record<string, unknown> = {}): Promise<string> {
    const result = await graphql<{ issuePayment: string }>(api.url, ISSUE, { input: issueInput(overrides) });
    expect(result.errors).toBeUndefined();
    return result.data!.issuePayment;
  }

  const counters = async () => (await http('GET', `${sandbox.url}/__sandbox/counters`)).body.pagopa;

  it('pays an avviso at a PSP and records the pushed receipt once', async () => {
    const noticeNumber = await issue();
    expect(noticeNumber).toMatch(/^302\d{15}$/);
    await untilStatus(noticeNumber, 'published');

    const paid = await http('POST', `${sandbox.url}/__sandbox/psp/payments`, {
      body: { noticeNumber, fiscalCode: TRIESTE.fiscalCode },
    });
    expect(paid.status).toBe(201);

    const payment = await untilStatus(noticeNumber, 'paid');
    expect(payment).toMatchObject({
      amount: '€ 150,50',
      formattedNoticeNumber: noticeNumber.replace(/(\d{4})(?=\d)/g, '$1 '),
      receipt: { amountCents: 15050 },
    });
    expect(payment.history.map((h) => h.status)).toEqual(['issued', 'published', 'paid']);

    const tally = await counters();
    const iuv = noticeNumber.slice(1);
    expect(tally.debtPositionsCreated[`${TRIESTE.fiscalCode}/SUS-${iuv}`]).toBe(1);
    expect(tally.receiptsDelivered[`${TRIESTE.fiscalCode}/${iuv}`]).toBe(1);

    // pagoPA redelivers (as the node retries paSendRT): tolerated, nothing changes.
    const again = await http(
      'POST',
      `${sandbox.url}/__sandbox/pagopa/receipts/${TRIESTE.fiscalCode}/${iuv}/redeliver`,
    );
    expect(again.status).toBeLessThan(300);
    await eventually(
      async () =>
        (await counters()).receiptsDelivered[`${TRIESTE.fiscalCode}/${iuv}`] === 2 ? true : undefined,
      'the redelivery',
    );
    expect((await paymentOf(noticeNumber))!.history.map((h) => h.status)).toEqual([
      'issued',
      'published',
      'paid',
    ]);
  });

  it('returns the same notice for a repeated request id, with one debt position', async () => {
    const requestId = randomUUID();
    const first = await issue({ requestId });
    const second = await issue({ requestId });
    expect(second).toBe(first);
    await untilStatus(first, 'published');
    expect((await counters()).debtPositionsCreated[`${TRIESTE.fiscalCode}/SUS-${first.slice(1)}`]).toBe(1);
  });

  it('withdraws a cancelled notice, which a PSP then refuses', async () => {
    const noticeNumber = await issue();
    await untilStatus(noticeNumber, 'published');
    const cancelled = await graphql(
      api.url,
      'mutation($n: String!) { cancelPayment(noticeNumber: $n, reason: "emesso per errore") }',
      {
        n: noticeNumber,
      },
    );
    expect(cancelled.errors).toBeUndefined();
    await untilStatus(noticeNumber, 'cancelled');
    const refused = await http('POST', `${sandbox.url}/__sandbox/psp/payments`, {
      body: { noticeNumber, fiscalCode: TRIESTE.fiscalCode },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.fault).toMatchObject({
      faultCode: 'PPT_ERRORE_EMESSO_DA_PAA',
      originalFaultCode: 'PAA_PAGAMENTO_ANNULLATO',
    });
  });

  it('refuses bad issue requests with typed errors naming the field, and allocates nothing', async () => {
    const before = await sql.query('SELECT count(*)::int AS n FROM iuv_allocation');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ enteCode: 'c_zzzz' }, 'NOT_FOUND', 'enteCode'],
      [
        { payer: { type: 'F', fiscalCode: 'RSSMRA85M01H501X', fullName: 'Mario Rossi' } },
        'INVALID_FISCAL_CODE',
        'payer.fiscalCode',
      ],
      [{ taxonomyCode: '9/0104102XX/' }, 'INVALID_TAXONOMY_CODE', 'taxonomyCode'],
      [{ dueDate: '2020-01-01' }, 'INVALID_DUE_DATE', 'dueDate'],
      [{ dueDate: '2026-02-30' }, 'INVALID_DATE', 'dueDate'],
      [{ amountCents: 0 }, 'BAD_USER_INPUT', 'amountCents'],
    ];
    for (const [overrides, code, field] of cases) {
      const result = await graphql(api.url, ISSUE, { input: issueInput(overrides) });
      expect({ overrides, extensions: result.errors?.[0]?.extensions }).toEqual({
        overrides,
        extensions: expect.objectContaining({ code, field }),
      });
    }
    expect(await sql.query('SELECT count(*)::int AS n FROM iuv_allocation')).toEqual(before);
  });

  describe('the receipt endpoint', () => {
    const post = (body: unknown, key = RECEIPT_KEY) =>
      http('POST', `${api.url}/pagopa/receipts`, { body, headers: { 'x-sus-receipt-key': key } });
    const receipt = (noticeNumber: string, amount = 15050) => ({
      receipt: {
        receiptId: `rt-${randomUUID()}`,
        noticeNumber,
        fiscalCode: TRIESTE.fiscalCode,
        outcome: 'OK',
        paymentAmount: amount,
        paymentDateTime: new Date().toISOString(),
      },
    });

    it('refuses a wrong key, a malformed body, an unknown notice and a wrong amount, changing nothing', async () => {
      const noticeNumber = await issue();
      await untilStatus(noticeNumber, 'published');
      expect((await post(receipt(noticeNumber), 'wrong-key-wrong-key')).status).toBe(401);
      expect((await post({ receipt: { noticeNumber } })).status).toBe(400);
      const unknown = await post(receipt('302209900000000000'.slice(0, 16) + '00'));
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('UNKNOWN_NOTICE');
      const wrongAmount = await post(receipt(noticeNumber, 1));
      expect(wrongAmount.status).toBe(422);
      expect((await paymentOf(noticeNumber))!.status).toBe('published');
    });
  });
});

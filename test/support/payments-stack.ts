import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { catalogDataSourceOptions, seedCatalog } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from './database';
import { http } from './http';
import { startTestIssuer, type TestIssuer } from './identity';
import { dataOf, gql } from './graphql';
import { eventually, startApi, startWorker, type PlatformEnv } from './platform';
import { startSandbox, type RunningSandbox } from './sandbox';
import { createLocalTemporal } from './temporal';

export const TRIESTE = { code: 'c_l424', fiscalCode: '00210240321' };
/** The App IO service of Trieste's civil-marriage service (catalog seed) and its key at the sandbox. */
export const TRIESTE_MARRIAGE_IO = {
  serviceId: '01TSMATRIMONIO000000000001',
  key: 'key-io-trieste-matrimonio-e2e-01',
};
/** At least 32 characters: the worker runs with NODE_ENV=production in the crash test. */
const GPD_KEY = 'trieste-subscription-key-0001-for-the-e2e-tests';
export const RECEIPT_KEY = 'receipt-key-for-the-e2e-test-0001';

export type PaymentResult = {
  status: string;
  noticeNumber: string;
  formattedNoticeNumber: string;
  amount: string;
  history: { status: string; detail: string | null }[];
  receipt: { receiptId: string; amountCents: number } | null;
  noticePdfUrl: string | null;
};

/**
 * The whole payment stack on one machine: seeded Postgres, Temporal dev server, the real api and
 * worker, and the sandbox pagoPA onboarded with Trieste and pushing receipts to the api.
 */
export class PaymentsStack {
  db!: TestDatabase;
  temporal!: TestWorkflowEnvironment;
  api!: { app: NestFastifyApplication; url: string };
  sandbox!: RunningSandbox;
  worker?: INestApplicationContext;
  sql!: DataSource;
  env!: PlatformEnv;
  issuer!: TestIssuer;
  /** An operator of Trieste: issues, reads and cancels Trieste's payments. */
  headers: Record<string, string> = {};

  /**
   * withWorker false: the test runs its own worker (e.g. as a child process it can kill).
   * portalUrl: where Checkout sends citizens back (the portal a browser test runs).
   * moreIssuers: OIDC issuers the api accepts besides the test issuer (e.g. a sandbox IdP a browser signs in at).
   * extra: more environment of the api and worker (e.g. a smaller bulk batch).
   */
  async start({
    withWorker = true,
    portalUrl = 'https://portale.example.it',
    moreIssuers = [] as { issuer: string; audience: string; actors: string[] }[],
    extra = {} as Record<string, string>,
  } = {}): Promise<void> {
    [this.db, this.temporal, this.sandbox, this.issuer] = await Promise.all([
      createTestDatabase(),
      createLocalTemporal(),
      startSandbox(),
      startTestIssuer(),
    ]);
    const token = await this.issuer.mint(
      {
        sub: 'operatore.pagamenti',
        name: 'Operatore',
        sus_roles: [{ ente: TRIESTE.code, role: 'operator' }],
      },
      { expiresIn: '2h' },
    );
    this.headers = { authorization: `Bearer ${token}` };
    // Trieste's civil-marriage service speaks App IO (catalog seed): cases and payments send there.
    const io = await http(
      'PUT',
      `${this.sandbox.url}/__sandbox/io/services/${TRIESTE_MARRIAGE_IO.serviceId}`,
      {
        body: {
          name: 'Matrimonio civile',
          organizationFiscalCode: TRIESTE.fiscalCode,
          subscriptionKeys: [TRIESTE_MARRIAGE_IO.key],
          rateLimitPerSecond: 100,
        },
      },
    );
    if (io.status !== 200) throw new Error(`sandbox IO service not registered: ${io.status}`);
    const smtp = (await http('GET', `${this.sandbox.url}/__sandbox/mail/server`)).body as { port: number };
    this.sql = await new DataSource(catalogDataSourceOptions(this.db.url, 2)).initialize();
    await seedCatalog(this.sql);
    this.env = {
      databaseUrl: this.db.url,
      temporalAddress: this.temporal.address,
      taskQueue: `payments-${randomUUID()}`,
      extra: {
        PAGOPA_RECEIPT_KEY: RECEIPT_KEY,
        PAGOPA_GPD_URL: `${this.sandbox.url}/gpd/debt-positions-service/v1`,
        PAGOPA_GPD_SUBSCRIPTION_KEY: GPD_KEY,
        PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: GPD_KEY,
        PORTAL_PUBLIC_URL: portalUrl,
        APP_IO_URL: `${this.sandbox.url}/api/v1`,
        APP_IO_SERVICE_KEYS: JSON.stringify({ [TRIESTE_MARRIAGE_IO.serviceId]: TRIESTE_MARRIAGE_IO.key }),
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        OIDC_ISSUERS: JSON.stringify([...(JSON.parse(this.issuer.oidcIssuers) as unknown[]), ...moreIssuers]),
        ...extra,
      },
    };
    this.env.extra!.PAGOPA_CHECKOUT_URL = `${this.sandbox.url}/checkout/ec/v1`;
    this.api = await startApi(this.env);
    if (withWorker) this.worker = await startWorker(this.env);
    await this.onboard();
  }

  /**
   * Tells the sandbox's pagoPA where Trieste takes receipt pushes: the api by default, or another
   * URL (e.g. a closed port, to hold pushes back while pagoPA keeps retrying them).
   */
  async onboard(receiptUrl = `${this.api.url}/pagopa/receipts`): Promise<void> {
    const onboarded = await http(
      'PUT',
      `${this.sandbox.url}/__sandbox/pagopa/organizations/${TRIESTE.fiscalCode}`,
      {
        body: {
          fiscalCode: TRIESTE.fiscalCode,
          companyName: 'Comune di Trieste',
          subscriptionKeys: [GPD_KEY],
          receiptEndpoint: { url: receiptUrl, headers: { 'x-sus-receipt-key': RECEIPT_KEY } },
        },
      },
    );
    if (onboarded.status !== 200) throw new Error(`sandbox onboarding failed: ${onboarded.status}`);
  }

  cancel(noticeNumber: string, reason = 'emesso per errore') {
    return gql<{ cancelPayment: boolean }>(
      this.api,
      'mutation($n: String!, $r: String!) { cancelPayment(noticeNumber: $n, reason: $r) }',
      { n: noticeNumber, r: reason },
      { as: this.headers },
    );
  }

  /** What pagoPA would push for a notice: the api's receipt endpoint, called directly. */
  pushReceipt(noticeNumber: string, receiptId: string, amountCents = 15050) {
    return http('POST', `${this.api.url}/pagopa/receipts`, {
      headers: { 'x-sus-receipt-key': RECEIPT_KEY },
      body: {
        deliveryId: `test-${receiptId}`,
        receipt: {
          receiptId,
          noticeNumber,
          fiscalCode: TRIESTE.fiscalCode,
          outcome: 'OK',
          paymentAmount: amountCents,
          paymentDateTime: new Date().toISOString(),
          pspCompanyName: 'Tabaccheria di prova',
        },
      },
    });
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.api?.app.close();
    await this.sandbox?.close();
    await this.sql?.destroy();
    await this.temporal?.teardown();
    await this.issuer?.close();
    await this.db?.drop();
  }

  issueInput(overrides: Record<string, unknown> = {}) {
    return {
      enteCode: TRIESTE.code,
      payer: { type: 'F', fiscalCode: 'RSSMRA85M01H501Q', fullName: 'Mario Rossi' },
      amountCents: 15050,
      description: 'Celebrazione matrimonio - Sala Matrimoni',
      dueDate: '2099-12-31',
      taxonomyCode: '9/0104102TS/',
      ...overrides,
    };
  }

  issueRaw(overrides: Record<string, unknown> = {}) {
    return gql<{ issuePayment: string }>(
      this.api,
      'mutation Issue($input: IssuePaymentInput!) { issuePayment(input: $input) }',
      { input: this.issueInput(overrides) },
      { as: this.headers },
    );
  }

  async issue(overrides: Record<string, unknown> = {}): Promise<string> {
    return dataOf(await this.issueRaw(overrides)).issuePayment;
  }

  async payment(noticeNumber: string): Promise<PaymentResult | null> {
    const result = await gql<{ payment: PaymentResult | null }>(
      this.api,
      `
        query P($n: String!) {
          payment(noticeNumber: $n) {
            noticeNumber
            formattedNoticeNumber
            status
            amount
            amountCents
            dueDate
            history {
              status
              detail
            }
            receipt {
              receiptId
              amountCents
            }
            noticePdfUrl
          }
        }
      `,
      { n: noticeNumber },
      { as: this.headers },
    );
    return dataOf(result).payment;
  }

  untilStatus(noticeNumber: string, status: string, timeoutMs = 60_000): Promise<PaymentResult> {
    return eventually(
      async () => {
        const payment = await this.payment(noticeNumber);
        return payment?.status === status ? payment : undefined;
      },
      `payment ${noticeNumber} to be ${status}`,
      timeoutMs,
    );
  }

  payAtPsp(noticeNumber: string) {
    return http('POST', `${this.sandbox.url}/__sandbox/psp/payments`, {
      body: { noticeNumber, fiscalCode: TRIESTE.fiscalCode },
    });
  }

  /** The messages App IO (the sandbox) holds for a citizen, oldest first. */
  async ioInbox(fiscalCode: string) {
    return (await http('GET', `${this.sandbox.url}/__sandbox/io/messages?fiscalCode=${fiscalCode}`)).body as {
      content: {
        subject: string;
        markdown: string;
        payment_data?: { notice_number: string; amount: number };
      };
    }[];
  }

  async counters() {
    return (await http('GET', `${this.sandbox.url}/__sandbox/counters`)).body.pagopa;
  }
}

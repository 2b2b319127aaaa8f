import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { catalogDataSourceOptions, seedCatalog } from '@sus/catalog';
import {
  messageWorkflowId,
  messageWorkflowType,
  type MessageInput,
  type MessageOutcome,
  type MessageWorkflow,
} from '@sus/contracts';
import { createTestDatabase, type TestDatabase } from './database';
import { http } from './http';
import { bearer, PERSONA_CLAIMS, startTestIssuer, type TestIssuer } from './identity';
import { startApi, startWorker, type PlatformEnv } from './platform';
import { startSandbox, type RunningSandbox } from './sandbox';
import { createLocalTemporal } from './temporal';

/** Trieste's seeded App IO service (organisations seed) and the key the sandbox gives it here. */
export const TRIESTE_IO = {
  enteCode: 'c_l424',
  fiscalCode: '00210240321',
  serviceId: '01JSEEDTS0STATOCIVILE00001',
  key: 'key-io-trieste-stato-civile-0001',
  /** The App IO service of Trieste's civil-marriage service (catalog seed). */
  marriageServiceId: '01TSMATRIMONIO000000000001',
  marriageKey: 'key-io-trieste-matrimonio-0001',
  /** The App IO service of Trieste's identity-card service (catalog seed): it sends the CIE reminders. */
  cieServiceId: '01TSCIE0000000000000000001',
  cieKey: 'key-io-trieste-cie-0001',
};

const GPD_KEY = 'trieste-gpd-key-for-the-notification-tests-0001';
export const RECEIPT_KEY = 'receipt-key-for-the-notification-tests-0001';

const BODY =
  'Gentile cittadina, gentile cittadino, la informiamo che la sua pratica presso il Comune di Trieste è stata aggiornata.';

/** Seeded Postgres, Temporal dev server, the sandbox's App IO and SMTP catch-all, and the real worker. */
export class NotificationsStack {
  db!: TestDatabase;
  temporal!: TestWorkflowEnvironment;
  sandbox!: RunningSandbox;
  worker?: INestApplicationContext;
  sql!: DataSource;
  env!: PlatformEnv;
  api?: { app: NestFastifyApplication; url: string };
  issuer?: TestIssuer;

  /** withApi: also the api, with a test OIDC issuer for the personas of test/support/identity. */
  /** withWorker false: the test runs its own worker (e.g. as a child process it can kill). */
  async start({ ioRatePerSecond = 50, withApi = false, withWorker = true } = {}): Promise<void> {
    [this.db, this.temporal, this.sandbox] = await Promise.all([
      createTestDatabase(),
      createLocalTemporal(),
      startSandbox({ SANDBOX_IO_PROCESSING_DELAY_MS: '200' }),
    ]);
    this.sql = await new DataSource(catalogDataSourceOptions(this.db.url, 2)).initialize();
    await seedCatalog(this.sql);
    for (const [serviceId, key, name] of [
      [TRIESTE_IO.serviceId, TRIESTE_IO.key, 'Stato civile'],
      [TRIESTE_IO.marriageServiceId, TRIESTE_IO.marriageKey, 'Matrimonio civile'],
      [TRIESTE_IO.cieServiceId, TRIESTE_IO.cieKey, "Carta d'identità elettronica"],
    ] as const) {
      const registered = await http('PUT', `${this.sandbox.url}/__sandbox/io/services/${serviceId}`, {
        body: {
          name,
          organizationFiscalCode: TRIESTE_IO.fiscalCode,
          subscriptionKeys: [key],
          rateLimitPerSecond: 100,
        },
      });
      if (registered.status !== 200)
        throw new Error(`sandbox IO service not registered: ${registered.status}`);
    }
    const smtp = (await http('GET', `${this.sandbox.url}/__sandbox/mail/server`)).body as { port: number };
    this.env = {
      databaseUrl: this.db.url,
      temporalAddress: this.temporal.address,
      taskQueue: `notifications-${randomUUID()}`,
      extra: {
        APP_IO_URL: `${this.sandbox.url}/api/v1`,
        APP_IO_SERVICE_KEYS: JSON.stringify({
          [TRIESTE_IO.serviceId]: TRIESTE_IO.key,
          [TRIESTE_IO.marriageServiceId]: TRIESTE_IO.marriageKey,
          [TRIESTE_IO.cieServiceId]: TRIESTE_IO.cieKey,
        }),
        APP_IO_RATE_LIMIT_PER_SECOND: String(ioRatePerSecond),
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        PAGOPA_GPD_URL: `${this.sandbox.url}/gpd/debt-positions-service/v1`,
        PAGOPA_GPD_SUBSCRIPTION_KEY: GPD_KEY,
        PAGOPA_RECEIPT_KEY: RECEIPT_KEY,
        PORTAL_PUBLIC_URL: 'https://portale.example.it',
      },
    };
    if (withApi) {
      this.issuer = await startTestIssuer();
      this.env.extra!.OIDC_ISSUERS = this.issuer.oidcIssuers;
      this.api = await startApi(this.env);
      // Trieste on the sandbox's pagoPA, pushing receipts to this api: payments can carry messages.
      const onboarded = await http(
        'PUT',
        `${this.sandbox.url}/__sandbox/pagopa/organizations/${TRIESTE_IO.fiscalCode}`,
        {
          body: {
            fiscalCode: TRIESTE_IO.fiscalCode,
            companyName: 'Comune di Trieste',
            subscriptionKeys: [GPD_KEY],
            receiptEndpoint: {
              url: `${this.api.url}/pagopa/receipts`,
              headers: { 'x-sus-receipt-key': RECEIPT_KEY },
            },
          },
        },
      );
      if (onboarded.status !== 200) throw new Error(`sandbox pagoPA onboarding failed: ${onboarded.status}`);
    }
    if (withWorker) this.worker = await startWorker(this.env);
  }

  as(persona: keyof typeof PERSONA_CLAIMS): Promise<Record<string, string>> {
    return bearer(this.issuer!, persona);
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.api?.app.close();
    await this.issuer?.close();
    await this.sandbox?.close();
    await this.sql?.destroy();
    await this.temporal?.teardown();
    await this.db?.drop();
  }

  /** A message of Trieste to the citizen; the subject carries `tag` so each message's content is unique. */
  input(fiscalCode: string, tag: string, overrides: Partial<MessageInput> = {}): MessageInput {
    return {
      enteCode: TRIESTE_IO.enteCode,
      fiscalCode,
      content: { subject: `Pratica ${tag} aggiornata`, markdown: BODY },
      idempotencyKey: `test/${tag}`,
      requestedBy: 'test',
      ...overrides,
    };
  }

  /** Starts the message's workflow without waiting for it. */
  startMessage(input: MessageInput) {
    return this.temporal.client.workflow.start<MessageWorkflow>(messageWorkflowType, {
      workflowId: messageWorkflowId(input.enteCode, input.idempotencyKey),
      taskQueue: this.env.taskQueue,
      args: [input],
    });
  }

  send(input: MessageInput): Promise<MessageOutcome> {
    return this.temporal.client.workflow.execute<MessageWorkflow>(messageWorkflowType, {
      workflowId: messageWorkflowId(input.enteCode, input.idempotencyKey),
      taskQueue: this.env.taskQueue,
      args: [input],
    });
  }

  async record(messageId: string): Promise<Record<string, unknown>> {
    const [row] = (await this.sql.query('SELECT * FROM message WHERE id = $1', [messageId])) as Record<
      string,
      unknown
    >[];
    return row ?? {};
  }

  async ioCounters(): Promise<{
    messages: Record<string, number>;
    duplicates: Record<string, number>;
    /** Every request per subscription key, and those the key's limit answered 429. */
    requestsPerKey: Record<string, number>;
    throttledPerKey: Record<string, number>;
    totals: { messages: number; duplicates: number };
  }> {
    return (await http('GET', `${this.sandbox.url}/__sandbox/counters`)).body.io;
  }

  async mails(to: string): Promise<{ subject?: string }[]> {
    return (await http('GET', `${this.sandbox.url}/__sandbox/mail/messages?to=${encodeURIComponent(to)}`))
      .body as { subject?: string }[];
  }
}

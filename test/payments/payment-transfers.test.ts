import { MockActivityEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { AuditLog, catalogDataSourceOptions, PaymentRepository } from '@sus/catalog';
import type { PaymentInput } from '@sus/contracts';
import { createPaymentActivities } from '../../apps/worker/src/activities/payment.activities';
import type { DebtPositionGateway } from '../../apps/worker/src/adapters/gpd/gpd.client';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The transfer projection (issue 19): every transfer of every option, with its account and
 * accounting reference, written by the payment workflow's own state activity, once.
 */
describe('payment_transfer projection', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let activities: ReturnType<typeof createPaymentActivities>;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 2)).initialize();
    const payments = new PaymentRepository(
      dataSource,
      new AuditLog(dataSource, 'a-test-key-of-at-least-thirty-two-characters'),
    );
    // The state activity never calls the intermediary.
    activities = createPaymentActivities({ gpd: {} as DebtPositionGateway, payments });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const input: PaymentInput = {
    noticeNumber: '301202600000099105',
    iuv: '01202600000099105',
    orgFiscalCode: '00210240321',
    enteCode: 'c_l424',
    companyName: 'Comune di Trieste',
    payer: { type: 'F', fiscalCode: 'RSSMRA80A01L424F', fullName: 'Mario Rossi' },
    amountCents: 30000,
    description: 'TARI 2026',
    dueDate: '2026-12-31',
    expiresAt: '2026-12-31T23:00:00.000Z',
    serviceCode: 'TARI',
    transfers: [
      {
        amountCents: 28500,
        category: '9/0101108TS/',
        remittanceInformation: 'TARI 2026',
        iban: 'IT60X0542811101000000123456',
        accountingReference: 'CAP-1010/ACC-2026-15',
      },
      {
        amountCents: 1500,
        category: '9/0101108TS/',
        remittanceInformation: 'TEFA 2026',
        iban: 'IT02A0301503200000003517230',
        accountingReference: 'TEFA',
      },
    ],
    instalments: [
      {
        noticeNumber: '301202600000099206',
        iuv: '01202600000099206',
        amountCents: 15000,
        dueDate: '2026-06-30',
      },
      {
        noticeNumber: '301202600000099307',
        iuv: '01202600000099307',
        amountCents: 15000,
        dueDate: '2026-12-31',
      },
    ],
    onDue: 'expire',
  };

  it('records each transfer of each option with its IBAN and accounting reference, once', async () => {
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: 'payment/x', runId: 'r' } });
    const record = (status: string, seq: number) =>
      env.run(activities.recordPaymentState, { input, status, at: '2026-11-25T10:00:00Z', seq, chain: 'r' });
    await record('issued', 1);
    await record('published', 2);

    const rows = (await dataSource.query(
      `SELECT notice_number, transfer_index, iuv, amount_cents::int AS amount, iban, accounting_reference,
              category, service_code, ente_code
         FROM payment_transfer WHERE payment_notice_number = $1 ORDER BY notice_number, transfer_index`,
      [input.noticeNumber],
    )) as Record<string, unknown>[];
    expect(rows).toEqual([
      {
        notice_number: '301202600000099105',
        transfer_index: 1,
        iuv: '01202600000099105',
        amount: 28500,
        iban: 'IT60X0542811101000000123456',
        accounting_reference: 'CAP-1010/ACC-2026-15',
        category: '9/0101108TS/',
        service_code: 'TARI',
        ente_code: 'c_l424',
      },
      {
        notice_number: '301202600000099105',
        transfer_index: 2,
        iuv: '01202600000099105',
        amount: 1500,
        iban: 'IT02A0301503200000003517230',
        accounting_reference: 'TEFA',
        category: '9/0101108TS/',
        service_code: 'TARI',
        ente_code: 'c_l424',
      },
      // Instalments go wholly to the first transfer's account, as GPD is told.
      ...['301202600000099206', '301202600000099307'].map((notice) => ({
        notice_number: notice,
        transfer_index: 1,
        iuv: notice.slice(1),
        amount: 15000,
        iban: 'IT60X0542811101000000123456',
        accounting_reference: 'CAP-1010/ACC-2026-15',
        category: '9/0101108TS/',
        service_code: 'TARI',
        ente_code: 'c_l424',
      })),
    ]);
  });
});

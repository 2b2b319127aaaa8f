import { DataSource } from 'typeorm';
import { catalogDataSourceOptions, PaymentRepository, type PaymentSnapshot } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe(PaymentRepository.name, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sut: PaymentRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 2)).initialize();
    sut = new PaymentRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const snapshot = (status: string, receipt?: unknown): PaymentSnapshot => ({
    noticeNumber: '301202600000000103',
    iuv: '01202600000000103',
    orgFiscalCode: '00210240321',
    enteCode: 'c_l424',
    payerFiscalCode: 'RSSMRA85M01H501Q',
    payerName: 'Mario Rossi',
    description: 'Celebrazione matrimonio',
    amountCents: 15050,
    dueDate: '2026-12-31',
    status,
    receipt,
    options: [
      {
        noticeNumber: '301202600000000103',
        kind: 'single',
        position: 0,
        iuv: '01202600000000103',
        amountCents: 15050,
        dueDate: '2026-12-31',
      },
    ],
  });

  it('keeps the latest state and one history entry per workflow step, even when a step is retried', async () => {
    await sut.recordState(snapshot('issued'), { eventKey: 'payment/x:1', at: '2026-11-25T10:00:00Z' });
    await sut.recordState(snapshot('published'), { eventKey: 'payment/x:3', at: '2026-11-25T10:00:01Z' });
    await sut.recordState(snapshot('published'), { eventKey: 'payment/x:3', at: '2026-11-25T10:00:02Z' });
    await sut.recordState(snapshot('paid', { receiptId: 'rt-1', paymentDate: '2026-11-25T10:59:00Z' }), {
      eventKey: 'payment/x:5',
      at: '2026-11-25T11:00:00Z',
      detail: 'receipt rt-1 (push)',
    });

    const view = await sut.find('301202600000000103');
    expect(view).toMatchObject({
      status: 'paid',
      amountCents: 15050,
      dueDate: '2026-12-31',
      receipt: { receiptId: 'rt-1' },
    });
    expect(
      (await sut.historyOf(['301202600000000103'])).map(({ noticeNumber: _n, ...step }) => step),
    ).toEqual([
      { status: 'issued', at: '2026-11-25T10:00:00.000Z', detail: null },
      { status: 'published', at: '2026-11-25T10:00:01.000Z', detail: null },
      { status: 'paid', at: '2026-11-25T11:00:00.000Z', detail: 'receipt rt-1 (push)' },
    ]);
  });

  it('records which option was paid and finds the payment by any of its notice numbers', async () => {
    expect(await sut.findOption('301202600000000103')).toMatchObject({
      paymentNoticeNumber: '301202600000000103',
      kind: 'single',
      paidAt: '2026-11-25T10:59:00.000Z',
    });
    expect((await sut.find('301202600000000103'))?.status).toBe('paid');
  });

  it('finds nothing for an unknown notice', async () => {
    expect(await sut.find('399999999999999999')).toBeUndefined();
  });
});

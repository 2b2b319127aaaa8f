import { DataSource } from 'typeorm';
import { AuditLog, catalogDataSourceOptions, PaymentRepository, type RecordedReceipt } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { paymentSnapshot } from '../support/payment-snapshots';

describe(PaymentRepository.name, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sut: PaymentRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 2)).initialize();
    sut = new PaymentRepository(
      dataSource,
      new AuditLog(dataSource, 'a-test-key-of-at-least-thirty-two-characters'),
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const snapshot = (status: string, receipt?: RecordedReceipt, noticeNumber = '301202600000000103') =>
    paymentSnapshot(noticeNumber, status, receipt);

  it('keeps the latest state and one history entry per workflow step, even when a step is retried', async () => {
    await sut.recordState(snapshot('issued'), {
      eventKey: 'payment/x:1',
      seq: 1,
      at: '2026-11-25T10:00:00Z',
    });
    await sut.recordState(snapshot('published'), {
      eventKey: 'payment/x:3',
      seq: 2,
      at: '2026-11-25T10:00:01Z',
    });
    await sut.recordState(snapshot('published'), {
      eventKey: 'payment/x:3',
      seq: 2,
      at: '2026-11-25T10:00:02Z',
    });
    await sut.recordState(
      snapshot('paid', {
        receiptId: 'rt-1',
        paymentDate: '2026-11-25T10:59:00Z',
        amountCents: 15050,
        source: 'push',
      }),
      { eventKey: 'payment/x:5', seq: 3, at: '2026-11-25T11:00:00Z', detail: 'receipt rt-1 (push)' },
    );

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

  it('never moves a status back when an older step commits after a newer one (a timed-out attempt)', async () => {
    const notice = '301202600000000204';
    const step = (status: string, seq: number) =>
      sut.recordState(snapshot(status, undefined, notice), {
        eventKey: `payment/y#${seq}`,
        seq,
        at: '2026-11-25T10:00:00Z',
      });
    await step('issued', 1);
    await step('published', 2);
    await step('cancelled', 3);
    await step('published', 2); // the retry of step 2 whose first attempt timed out
    await sut.recordState(snapshot('published', undefined, notice), {
      eventKey: 'payment/y#2-late',
      seq: 2,
      at: '2026-11-25T10:00:00Z',
    });
    expect((await sut.find(notice))?.status).toBe('cancelled');
  });

  it('audits each workflow step once, in the transaction of the change, even when the step is retried', async () => {
    const notice = '301202600000000305';
    const audited = { action: 'payment.issued', entity: 'Payment', entityId: notice, enteCode: 'c_l424' };
    await Promise.all(
      [1, 2, 3].map(() =>
        sut.recordState(snapshot('issued', undefined, notice), {
          eventKey: 'payment/z#1',
          seq: 1,
          at: '2026-11-25T10:00:00Z',
          audit: audited,
        }),
      ),
    );
    const rows = (await dataSource.query(`SELECT event_key FROM audit_log WHERE entity_id = $1`, [
      notice,
    ])) as unknown[];
    expect(rows).toHaveLength(1);
  });

  it('records a receipt reaching a closed payment once, as an anomaly staff can see', async () => {
    const notice = '301202600000000406';
    await sut.recordState(snapshot('issued', undefined, notice), {
      eventKey: 'payment/w#1',
      seq: 1,
      at: '2026-11-25T10:00:00Z',
    });
    await sut.recordState(snapshot('cancelled', undefined, notice), {
      eventKey: 'payment/w#2',
      seq: 2,
      at: '2026-11-25T10:00:01Z',
    });
    const receipt = {
      receiptId: 'rt-late',
      paymentDate: '2026-11-25T12:00:00Z',
      amountCents: 15050,
      source: 'push',
    };
    const outcomes = await Promise.all(
      [1, 2].map((attempt) =>
        sut.recordLateReceipt(notice, receipt, {
          eventKey: `payment-receipt/rt-late:late`,
          at: `2026-11-25T12:00:0${attempt}Z`,
        }),
      ),
    );
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['alreadyRecorded', 'applied']);
    expect(await sut.find(notice)).toMatchObject({
      status: 'paidAfterCancellation',
      receipt: { receiptId: 'rt-late' },
    });
    // The same money found again under another id (the poll's) is not counted twice.
    expect(
      await sut.recordLateReceipt(
        notice,
        { ...receipt, receiptId: 'gpd:poll-id' },
        { eventKey: 'k2', at: '2026-11-25T12:01:00Z' },
      ),
    ).toEqual({ outcome: 'alreadyRecorded', status: 'paidAfterCancellation' });
    const receipts = (await dataSource.query(
      `SELECT receipt_id FROM payment_receipt WHERE payment_notice_number = $1`,
      [notice],
    )) as unknown[];
    expect(receipts).toHaveLength(1);
  });

  it('finds nothing for an unknown notice', async () => {
    expect(await sut.find('399999999999999999')).toBeUndefined();
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PaymentRepository } from '@sus/catalog';
import { NoticeLinks } from '../../apps/api/src/payments/notice-links';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startApi } from '../support/platform';
import { paymentSnapshot } from '../support/payment-snapshots';

/** A signed avviso link outlives the notice's payability: the api checks the status on every download. */
describe('avviso link of a notice that is no longer payable', () => {
  let db: TestDatabase;
  let api: { app: NestFastifyApplication; url: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi({ databaseUrl: db.url, temporalAddress: '127.0.0.1:1', taskQueue: 'notice-links' });
  });

  afterAll(async () => {
    await api?.app.close();
    await db?.drop();
  });

  const snapshot = (noticeNumber: string, status: string) => paymentSnapshot(noticeNumber, status);

  it.each([
    ['cancelled', '301202600000000201', 'annullato'],
    ['expired', '301202600000000202', 'scaduto'],
    ['paid', '301202600000000203', 'già pagato'],
  ])('answers 410 NOTICE_NOT_PAYABLE for a %s notice, in Italian', async (status, noticeNumber, words) => {
    const link = new URL(api.app.get(NoticeLinks).urlFor(noticeNumber));
    await api.app.get(PaymentRepository).recordState(snapshot(noticeNumber, status), {
      eventKey: `test/${noticeNumber}`,
      seq: 1,
      at: new Date().toISOString(),
    });
    const response = await fetch(`${api.url}${link.pathname}${link.search}`);
    expect(response.status).toBe(410);
    expect(response.headers.get('content-type')).toMatch(/json/);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('NOTICE_NOT_PAYABLE');
    expect(body.message).toContain(words);
  });
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { catalogDataSourceOptions, NotificationRepository, type NewMessageRecord } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe(NotificationRepository.name, () => {
  let db: TestDatabase;
  /** Two pools, as two worker processes would hold. */
  let pools: DataSource[];
  let workerA: NotificationRepository;
  let workerB: NotificationRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    pools = await Promise.all(
      [0, 1].map(() => new DataSource(catalogDataSourceOptions(db.url, 4)).initialize()),
    );
    [workerA, workerB] = pools.map((pool) => new NotificationRepository(pool)) as [
      NotificationRepository,
      NotificationRepository,
    ];
  });
  afterAll(async () => {
    await Promise.all((pools ?? []).map((pool) => pool.destroy()));
    await db?.drop();
  });

  const record = (overrides: Partial<NewMessageRecord> = {}): NewMessageRecord => ({
    enteCode: 'c_l424',
    ioServiceId: 'svc',
    fiscalCode: 'RSSMRA80A01L424F',
    locale: 'it',
    idempotencyKey: randomUUID(),
    requestedBy: 'test',
    subject: 'Oggetto di prova',
    markdown: 'm'.repeat(80),
    status: 'pending',
    ...overrides,
  });

  it('keeps every worker together under one key limit: no more grants than the rate allows', async () => {
    const key = `key-${randomUUID()}`;
    const rate = 20;
    const started = Date.now();
    // 60 callers over two pools, each waiting for the slot the bucket reserved for it.
    const grantedAt = await Promise.all(
      Array.from({ length: 60 }, async (_, index) => {
        const repository = index % 2 === 0 ? workerA : workerB;
        const wait = await repository.takeIoToken(key, rate);
        await new Promise((resolve) => setTimeout(resolve, wait));
        return Date.now() - started;
      }),
    );
    // One second's burst (20), then 20 a second: the last of 60 waits about two seconds.
    const last = Math.max(...grantedAt);
    expect(last).toBeGreaterThanOrEqual(1_800);
    // By any instant t, at most the burst plus t seconds' worth have gone out (a little slack for timers).
    [...grantedAt]
      .sort((a, b) => a - b)
      .forEach((at, index) => expect(index + 1).toBeLessThanOrEqual(rate + (rate * at) / 1000 + 2));
  });

  it('gives back a reserved token', async () => {
    const key = `key-${randomUUID()}`;
    expect(await workerA.takeIoToken(key, 1)).toBe(0);
    expect(await workerA.takeIoToken(key, 1)).toBeGreaterThan(900);
    await workerA.returnIoToken(key);
    await workerA.returnIoToken(key);
    expect(await workerB.takeIoToken(key, 1)).toBe(0);
  });

  it('creates one delivery record per ente and idempotency key, whoever asks first', async () => {
    const input = record();
    const results = await Promise.all([workerA.createMessage(input), workerB.createMessage(input)]);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results[0]!.message.id).toBe(results[1]!.message.id);
    const other = await workerA.createMessage({ ...input, enteCode: 'c_f081' });
    expect(other.message.id).not.toBe(results[0]!.message.id);
  });

  it('lets exactly one attempt submit, and tells later ones what the first left behind', async () => {
    const { message } = await workerA.createMessage(record());
    const attempts = await Promise.all([workerA.beginSubmit(message.id), workerB.beginSubmit(message.id)]);
    expect(attempts.map((attempt) => attempt.state).sort()).toEqual(['begun', 'inFlight']);
    // IO answered 429: nothing stored, the next attempt may send.
    await workerA.submitNotStored(message.id, '429');
    expect(await workerB.beginSubmit(message.id)).toEqual({ state: 'begun' });
    await workerB.submitAccepted(message.id, '01IOID');
    expect(await workerA.beginSubmit(message.id)).toEqual({ state: 'done', ioMessageId: '01IOID' });
    expect(await workerA.getMessage(message.id)).toMatchObject({
      attempts: 2,
      channel: 'io',
      status: 'accepted',
    });
  });

  it('writes the final status once', async () => {
    const { message } = await workerA.createMessage(record());
    await workerA.complete(message.id, { channel: 'io', status: 'processed' });
    const late = await workerB.complete(message.id, { channel: 'email', status: 'fallbackSent' });
    expect(late).toMatchObject({ channel: 'io', status: 'processed' });
  });
});

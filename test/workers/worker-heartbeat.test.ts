import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { catalogDataSourceOptions, WorkerHeartbeatRepository } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe(WorkerHeartbeatRepository.name, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sut: WorkerHeartbeatRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 2)).initialize();
    sut = new WorkerHeartbeatRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('sees a beating worker, and stops seeing a killed one once its heartbeat is older than the window', async () => {
    const queue = `q-${randomUUID()}`;
    await sut.beat('1@host-a', queue);
    await sut.beat('2@host-b', queue);
    await sut.beat('3@host-c', 'another-queue');
    expect((await sut.alive(queue, 1)).map((w) => w.identity)).toEqual(['1@host-a', '2@host-b']);

    await new Promise((resolve) => setTimeout(resolve, 1200));
    await sut.beat('2@host-b', queue);
    expect((await sut.alive(queue, 1)).map((w) => w.identity)).toEqual(['2@host-b']);
  });

  it('forgets a worker that says goodbye', async () => {
    const queue = `q-${randomUUID()}`;
    await sut.beat('9@host', queue);
    await sut.remove('9@host');
    expect(await sut.alive(queue, 60)).toEqual([]);
  });
});

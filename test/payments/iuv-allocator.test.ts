import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { parseNoticeNumber } from '@sus/domain';
import { catalogDataSourceOptions, IuvAllocator } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../support/database';

const TRIESTE = '00210240321';
// Made up for the test (valid check digit); Trieste's is the real one.
const MEDEA = '00123050312';

describe(IuvAllocator.name, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sut: IuvAllocator;
  const at = new Date('2026-06-15T10:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 10)).initialize();
    sut = new IuvAllocator(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const request = (overrides: Partial<Parameters<IuvAllocator['allocate']>[0]> = {}) => ({
    idempotencyKey: `payment/${randomUUID()}`,
    orgFiscalCode: TRIESTE,
    auxDigit: 3 as const,
    segregationCode: '01',
    at,
    ...overrides,
  });

  it('issues valid, distinct, gap-free notice numbers under 200 concurrent requests', async () => {
    const issued = await Promise.all(
      Array.from({ length: 200 }, () => sut.allocate(request({ segregationCode: '02' }))),
    );
    const iuvs = new Set(issued.map((n) => n.iuv));
    expect(iuvs.size).toBe(200);
    for (const { noticeNumber, iuv } of issued) {
      expect(parseNoticeNumber(noticeNumber)).toMatchObject({ auxDigit: 3, segregationCode: '02', iuv });
    }
    const sequences = issued.map((n) => Number(n.iuv.slice(6, 15))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(issued.every((n) => n.iuv.startsWith('022026'))).toBe(true);
  });

  it('gives a retried request the notice number it already has, even when the retries race', async () => {
    const same = request();
    const results = await Promise.all(Array.from({ length: 10 }, () => sut.allocate(same)));
    expect(new Set(results.map((n) => n.noticeNumber)).size).toBe(1);
    expect(await sut.allocate(same)).toEqual(results[0]);
  });

  it('keeps separate sequences per ente, archive code and year', async () => {
    const medea = await sut.allocate(request({ orgFiscalCode: MEDEA, segregationCode: '05' }));
    expect(medea.iuv).toBe(`052026${'1'.padStart(9, '0')}${medea.iuv.slice(15)}`);
    const nextYear = await sut.allocate(
      request({ orgFiscalCode: MEDEA, segregationCode: '05', at: new Date('2027-01-01T00:30:00+01:00') }),
    );
    expect(nextYear.iuv.slice(0, 15)).toBe(`052027${'1'.padStart(9, '0')}`);
    const legacy = await sut.allocate(
      request({ orgFiscalCode: MEDEA, auxDigit: 0, segregationCode: undefined, applicationCode: '12' }),
    );
    expect(parseNoticeNumber(legacy.noticeNumber)).toMatchObject({ auxDigit: 0, applicationCode: '12' });
  });

  it('counts the year in Italy: 31 December 23:30 UTC is already next year in Rome', async () => {
    const issued = await sut.allocate(
      request({ segregationCode: '07', at: new Date('2026-12-31T23:30:00Z') }),
    );
    expect(issued.iuv.slice(2, 6)).toBe('2027');
  });

  it('rejects a bad creditor fiscal code or archive code with a typed error and writes nothing', async () => {
    const before = await dataSource.query('SELECT count(*)::int AS n FROM iuv_allocation');
    await expect(sut.allocate(request({ orgFiscalCode: '00210240320' }))).rejects.toMatchObject({
      code: 'INVALID_ORG_FISCAL_CODE',
    });
    await expect(sut.allocate(request({ segregationCode: '1' }))).rejects.toMatchObject({
      code: 'INVALID_NOTICE_NUMBER',
    });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM iuv_allocation')).toEqual(before);
  });
});

import { randomUUID } from 'node:crypto';
import { CaseNumbers } from '@sus/catalog';
import { MEDEA, openCaseStore, TRIESTE, type CaseStore } from './fixtures';

describe(CaseNumbers.name, () => {
  let store: CaseStore;
  let sut: CaseNumbers;
  const enteIds = new Map<string, string>();

  beforeAll(async () => {
    store = await openCaseStore(20);
    sut = store.caseNumbers;
    for (const code of [TRIESTE, MEDEA]) {
      const [ente] = (await store.dataSource.query('SELECT id FROM ente WHERE ipa_code = $1', [code])) as {
        id: string;
      }[];
      enteIds.set(code, ente!.id);
    }
  });
  afterAll(() => store?.close());

  const request = (enteCode: string, at: Date, idempotencyKey: string = randomUUID()) => ({
    enteId: enteIds.get(enteCode)!,
    idempotencyKey,
    at,
  });

  it('hands out 50 concurrent numbers without gaps or repeats, formatted YYYY-NNNNNN', async () => {
    const at = new Date('2026-06-15T10:00:00Z');
    const issued = await Promise.all(Array.from({ length: 50 }, () => sut.allocate(request(TRIESTE, at))));
    const numbers = issued.map((n) => n.caseNumber).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `2026-${String(i + 1).padStart(6, '0')}`));
  });

  it('gives the same number back for the same key, even when the retries race', async () => {
    const at = new Date('2026-06-15T10:00:00Z');
    const key = `start/${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => sut.allocate(request(TRIESTE, at, key))),
    );
    expect(new Set(results.map((r) => r.caseNumber)).size).toBe(1);
    expect(await sut.allocate(request(TRIESTE, at, key))).toEqual(results[0]);
    // The losing racers' increments were rolled back: the next number follows directly.
    const next = await sut.allocate(request(TRIESTE, at));
    expect(Number(next.caseNumber.slice(5))).toBe(Number(results[0]!.caseNumber.slice(5)) + 1);
  });

  it('counts per ente and per year in Italy (31 December 23:30 UTC is already next year in Rome)', async () => {
    const medea = await sut.allocate(request(MEDEA, new Date('2026-03-01T10:00:00Z')));
    expect(medea.caseNumber).toBe('2026-000001');
    const newYear = await sut.allocate(request(MEDEA, new Date('2026-12-31T23:30:00Z')));
    expect(newYear.caseNumber).toBe('2027-000001');
    const stillOld = await sut.allocate(request(MEDEA, new Date('2026-12-31T22:30:00Z')));
    expect(stillOld.caseNumber).toBe('2026-000002');
  });

  it('refuses a key already used by another ente, a blank key and a bad date, and writes nothing', async () => {
    const at = new Date('2026-06-15T10:00:00Z');
    const key = randomUUID();
    await sut.allocate(request(TRIESTE, at, key));
    const before = (await store.dataSource.query(
      'SELECT (SELECT count(*) FROM case_number_allocation)::int AS a, (SELECT sum(last_value) FROM case_number_counter)::int AS c',
    )) as unknown[];
    await expect(sut.allocate(request(MEDEA, at, key))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
    });
    await expect(sut.allocate(request(TRIESTE, at, ' '))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'idempotencyKey',
    });
    await expect(sut.allocate(request(TRIESTE, new Date('nope')))).rejects.toMatchObject({
      code: 'INVALID_DATE',
      field: 'at',
    });
    expect(
      await store.dataSource.query(
        'SELECT (SELECT count(*) FROM case_number_allocation)::int AS a, (SELECT sum(last_value) FROM case_number_counter)::int AS c',
      ),
    ).toEqual(before);
  });
});

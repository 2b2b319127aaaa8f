import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { catalogDataSourceOptions, pagopaTaxonomy, seedCatalog } from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { gql } from '../test/support/graphql';
import { startApi } from '../test/support/platform';
import { createLocalTemporal } from '../test/support/temporal';
import { reportBench } from './bench-result';

/**
 * catalog: "the services of an ente with procedure, taxonomy and contact points" through the full
 * NestJS GraphQL stack, against a bare Fastify + pg handler that answers the same JSON from one
 * SQL statement. Same database, same run, autocannon at concurrency 32, warm-up discarded, rounds
 * of the two alternated (BENCH_ROUNDS × BENCH_SECONDS). Then ours alone at a fixed rate of half
 * the baseline's throughput: the p99 a portal would see at a load the bare handler takes easily.
 */
const QUERY = `query Services($ente: String!) {
  services(enteCode: $ente, first: 50) {
    edges { node {
      code name channels
      contactPoints { kind value description }
      taxonomy { code serviceTypeName legalReason }
      procedure { code name }
    } }
  }
}`;

const SQL = `
  SELECT s.code, s.name, s.channels, s.taxonomy_codes, s.contact_points,
         p.code AS procedure_code, COALESCE(p.overrides->>'name', t.fields->>'name') AS procedure_name
    FROM service s
    JOIN ente e ON e.id = s.ente_id
    LEFT JOIN procedure p ON p.id = s.procedure_id
    LEFT JOIN procedure_template t ON t.id = p.template_id
   WHERE e.ipa_code = $1
   ORDER BY s.code
   LIMIT 50`;

/** Rounds of ours and the baseline, alternated, so drift on a shared machine hits both alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS_PER_ROUND = Number(process.env.BENCH_SECONDS ?? 5);

function load(url: string, body: string, options: { duration: number; overallRate?: number }) {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: 32,
    ...options,
  }).then((result) => {
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return result;
  });
}

/** Throughput (mean of the rounds' req/s) and the worst round's p99 of each side. */
async function measure(urls: { ours: string; baseline: string }, body: string) {
  // Warm-up: JIT, pools, caches; discarded.
  await load(urls.ours, body, { duration: 3 });
  await load(urls.baseline, body, { duration: 3 });
  const rounds = { ours: [] as autocannon.Result[], baseline: [] as autocannon.Result[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of ['ours', 'baseline'] as const) {
      rounds[side].push(await load(urls[side], body, { duration: SECONDS_PER_ROUND }));
    }
  }
  const summary = (results: autocannon.Result[]) => ({
    rps: results.reduce((sum, result) => sum + result.requests.average, 0) / results.length,
    p99: Math.max(...results.map((result) => result.latency.p99)),
  });
  return { ours: summary(rounds.ours), baseline: summary(rounds.baseline) };
}

describe('catalog benchmark', () => {
  let db: TestDatabase;
  let temporal: TestWorkflowEnvironment;

  beforeAll(async () => {
    [db, temporal] = await Promise.all([createTestDatabase(), createLocalTemporal()]);
    const dataSource = await new DataSource(catalogDataSourceOptions(db.url, 2)).initialize();
    await seedCatalog(dataSource);
    await dataSource.destroy();
  });
  afterAll(async () => {
    await temporal?.teardown();
    await db?.drop();
  });

  it('compares the GraphQL stack with a bare Fastify + pg handler on the same query', async () => {
    const api = await startApi({
      databaseUrl: db.url,
      temporalAddress: temporal.address,
      taskQueue: `bench-${randomUUID()}`,
    });
    const pool = new Pool({ connectionString: db.url, max: 10 });
    const bare = Fastify();
    const taxonomy = pagopaTaxonomy();
    bare.post('/graphql', async (request) => {
      const { variables } = request.body as { variables: { ente: string } };
      const { rows } = await pool.query(SQL, [variables.ente]);
      return {
        data: {
          services: {
            edges: rows.map((row) => ({
              node: {
                code: row.code,
                name: row.name,
                // GraphQL enums travel by name (WEB, SPORTELLO…).
                channels: (row.channels as string[]).map((channel) => channel.toUpperCase()),
                contactPoints: (
                  row.contact_points as { kind: string; value: string; description: string | null }[]
                ).map(({ kind, value, description }) => ({ kind: kind.toUpperCase(), value, description })),
                taxonomy: (row.taxonomy_codes as string[]).flatMap((code) => {
                  const entry = taxonomy.get(code);
                  return entry
                    ? [
                        {
                          code: entry.code,
                          serviceTypeName: entry.serviceTypeName,
                          legalReason: entry.legalReason,
                        },
                      ]
                    : [];
                }),
                procedure: row.procedure_code ? { code: row.procedure_code, name: row.procedure_name } : null,
              },
            })),
          },
        },
      };
    });
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
    try {
      const body = JSON.stringify({ query: QUERY, variables: { ente: 'c_l424' } });
      // Both must answer the same JSON, or the comparison means nothing.
      const ours = await gql(api, QUERY, { ente: 'c_l424' });
      const theirs = await gql(bareUrl, QUERY, { ente: 'c_l424' });
      expect(ours.errors).toBeUndefined();
      expect(ours.data).toEqual(theirs.data);
      expect((ours.data as { services: { edges: unknown[] } }).services.edges.length).toBeGreaterThan(3);

      const { ours: oursResult, baseline: bareResult } = await measure(
        { ours: `${api.url}/graphql`, baseline: `${bareUrl}/graphql` },
        body,
      );
      // The latency a portal sees at a load the bare handler takes easily: half its throughput,
      // offered at a fixed rate (not as fast as answers come back), p99 of ours.
      const halfRate = Math.max(1, Math.floor(bareResult.rps / 2));
      const atHalf = await load(`${api.url}/graphql`, body, {
        duration: SECONDS_PER_ROUND * 2,
        overallRate: halfRate,
      });
      process.stdout.write(
        `catalog: ours ${oursResult.rps.toFixed(0)} req/s p99 ${oursResult.p99} ms; ` +
          `baseline ${bareResult.rps.toFixed(0)} req/s p99 ${bareResult.p99} ms; ` +
          `ours at ${halfRate} req/s (half the baseline): ${atHalf.requests.average.toFixed(0)} req/s served, ` +
          `p99 ${atHalf.latency.p99} ms (goal < 20 ms)\n`,
      );
      reportBench({
        ours: oursResult.rps,
        baseline: bareResult.rps,
        unit: 'req/s',
        detail: {
          oursP99Ms: oursResult.p99,
          baselineP99Ms: bareResult.p99,
          connections: 32,
          rounds: ROUNDS,
          secondsPerRound: SECONDS_PER_ROUND,
          halfBaselineRate: halfRate,
          oursServedAtHalfRate: atHalf.requests.average,
          oursP99MsAtHalfRate: atHalf.latency.p99,
        },
      });
    } finally {
      await bare.close();
      await pool.end();
      await api.app.close();
    }
  });
});

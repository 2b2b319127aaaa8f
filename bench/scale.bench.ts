import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { PaymentsStack } from '../test/support/payments-stack';
import { assertWorkerBuilt, startWorkerProcess } from '../test/support/worker-process';
import { reportBench } from './bench-result';

/**
 * scale: BENCH_SCALE_WORKFLOWS (default 5,000) payment workflows open at once on the embedded dev
 * server (SQLite), each published at the sandbox's pagoPA and waiting for its receipt with its
 * timers armed (expiry, the slow receipt poll), then all paid at the sandbox's PSP. Zero errors,
 * every payment paid exactly once; prints the worker's peak RSS, the dev server's RSS, the time to
 * drain, and the worker's RSS once BENCH_SCALE_CACHED (default 2,000) workflows sit in its cache.
 * The worker is the built one, in a process of its own, so its RSS is its own.
 */
const WORKFLOWS = Number(process.env.BENCH_SCALE_WORKFLOWS ?? 5000);
const CACHED = Math.min(WORKFLOWS, Number(process.env.BENCH_SCALE_CACHED ?? 2000));
const CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 20);
/** Heap for the worker, so the SDK's default cache (600 workflows per GiB above 200 MiB) holds CACHED. */
const WORKER_HEAP_MIB = Number(process.env.BENCH_SCALE_WORKER_HEAP_MIB ?? 4096);
const MiB = 1024 * 1024;

/** Resident and peak resident memory of a process, in MiB (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** The dev server listening on `port`: the `temporal server start-dev` process with that port. */
function devServerPid(port: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes('start-dev') && args.includes(port)) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}

async function inPool<T>(count: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

describe('scale benchmark', () => {
  const stack = new PaymentsStack();
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    assertWorkerBuilt();
    await stack.start({ withWorker: false });
    worker = startWorkerProcess({
      ...stack.env,
      extra: { ...stack.env.extra, NODE_OPTIONS: `--max-old-space-size=${WORKER_HEAP_MIB}` },
    });
  });
  afterAll(async () => {
    worker?.kill('SIGTERM');
    await stack.stop();
  });

  // Its own timeout: test/support/setup-file.ts sets every test's to 3 minutes, which wins over the
  // bench config's; thousands of payments take longer.
  const TIMEOUT_MS = 4 * 60 * 60 * 1000;

  it(
    `holds ${WORKFLOWS} open payment workflows and pays them all once`,
    async () => {
      const workerPid = worker!.pid!;
      const port = stack.temporal.address.split(':').pop()!;
      const serverPid = devServerPid(port);
      const peaks = { worker: 0, server: 0 };
      const sample = () => {
        const ofWorker = memoryOf(workerPid);
        peaks.worker = Math.max(peaks.worker, ofWorker.peak, ofWorker.rss);
        const ofServer = serverPid ? memoryOf(serverPid) : { rss: NaN, peak: NaN };
        peaks.server = Math.max(peaks.server, ofServer.rss);
        return { worker: ofWorker.rss, server: ofServer.rss };
      };
      const count = async (status: string) =>
        Number(
          (
            (await stack.sql.query('SELECT count(*) AS n FROM payment WHERE status = $1', [status])) as {
              n: string;
            }[]
          )[0]!.n,
        );
      const until = async (status: string, expected: number, what: string) => {
        const deadline = Date.now() + 60 * 60 * 1000;
        let seen = 0;
        while (Date.now() < deadline) {
          seen = await count(status);
          sample();
          if (seen >= expected) return;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        throw new Error(`${what}: ${seen} of ${expected} after an hour`);
      };
      const progress = (text: string) => process.stdout.write(`scale: ${text}\n`);
      let errors = 0;
      const sampler = setInterval(sample, 2000);

      try {
        // Open: issue through GraphQL, wait until each is published and waiting for its receipt.
        const opening = Date.now();
        const notices: string[] = [];
        const issueSome = async (upTo: number) => {
          const from = notices.length;
          const issued = await inPool(upTo - from, async (index) => {
            try {
              const notice = await stack.issue();
              // A growth curve in the log, also when a run is stopped before the end.
              if ((from + index + 1) % Math.max(1, Math.floor(WORKFLOWS / 10)) === 0) {
                const now = sample();
                progress(
                  `${from + index + 1} issued after ${((Date.now() - opening) / 1000).toFixed(0)} s; worker RSS ` +
                    `${now.worker.toFixed(0)} MiB, dev server RSS ${now.server.toFixed(0)} MiB`,
                );
              }
              return notice;
            } catch (error) {
              errors += 1;
              progress(`issue failed: ${String(error)}`);
              return undefined;
            }
          });
          notices.push(...issued.filter((notice): notice is string => notice !== undefined));
        };
        await issueSome(CACHED);
        await until('published', notices.length, 'published');
        // Give the worker a moment to settle, then read it with CACHED workflows in its cache.
        await new Promise((resolve) => setTimeout(resolve, 5000));
        const atCached = sample();
        progress(`${notices.length} open, worker RSS ${atCached.worker.toFixed(0)} MiB`);
        await issueSome(WORKFLOWS);
        await until('published', notices.length, 'published');
        const openSeconds = (Date.now() - opening) / 1000;
        const open = sample();
        progress(
          `${notices.length} open after ${openSeconds.toFixed(0)} s; worker RSS ${open.worker.toFixed(0)} MiB, ` +
            `dev server RSS ${open.server.toFixed(0)} MiB`,
        );

        // Drain: pay every notice at the sandbox's PSP; pagoPA pushes each receipt to the api.
        const draining = Date.now();
        await inPool(notices.length, async (index) => {
          const paid = await stack
            .payAtPsp(notices[index]!)
            .catch((error: unknown) => ({ status: 0, error }));
          if (paid.status !== 201) {
            errors += 1;
            progress(`payment of ${notices[index]} refused: ${JSON.stringify(paid)}`);
          }
        });
        await until('paid', notices.length, 'paid');
        const drainSeconds = (Date.now() - draining) / 1000;
        const drained = sample();

        // Paid once: one receipt and one "paid" event per payment, nothing paid that was not issued.
        const [tally] = (await stack.sql.query(
          `SELECT (SELECT count(*) FROM payment WHERE status = 'paid') AS paid,
                (SELECT count(*) FROM payment WHERE status <> 'paid') AS other,
                (SELECT count(*) FROM payment_receipt) AS receipts,
                (SELECT count(DISTINCT payment_notice_number) FROM payment_receipt) AS receipted,
                (SELECT count(*) FROM payment_event WHERE status = 'paid') AS paid_events`,
        )) as { paid: string; other: string; receipts: string; receipted: string; paid_events: string }[];
        const once =
          Number(tally!.paid) === notices.length &&
          Number(tally!.other) === 0 &&
          Number(tally!.receipts) === notices.length &&
          Number(tally!.receipted) === notices.length &&
          Number(tally!.paid_events) === notices.length;
        if (!once) errors += 1;
        progress(`tally ${JSON.stringify(tally)}`);

        const summary =
          `scale: ${notices.length} open workflows, ${errors} errors, worker RSS ${peaks.worker.toFixed(0)} MB ` +
          `(peak; ${atCached.worker.toFixed(0)} MB with ${CACHED} cached), dev server RSS ` +
          `${peaks.server.toFixed(0)} MB (peak), opened in ${openSeconds.toFixed(0)} s, drained in ` +
          `${drainSeconds.toFixed(0)} s`;
        reportBench({
          ours: notices.length,
          baseline: WORKFLOWS,
          unit: 'open workflows',
          summary,
          detail: {
            workflows: WORKFLOWS,
            open: notices.length,
            errors,
            paidOnce: once,
            tally,
            workerPeakRssMiB: peaks.worker,
            workerRssMiBWithCached: atCached.worker,
            cached: CACHED,
            workerHeapMiB: WORKER_HEAP_MIB,
            devServerPeakRssMiB: peaks.server,
            devServerRssMiBAfterDrain: drained.server,
            openSeconds,
            drainSeconds,
            concurrency: CONCURRENCY,
            memoryUnit: `MiB (${MiB} bytes)`,
          },
        });
        expect(errors).toBe(0);
      } finally {
        clearInterval(sampler);
      }
    },
    TIMEOUT_MS,
  );
});

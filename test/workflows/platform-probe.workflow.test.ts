import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { projectRoot } from '@sus/platform';
import {
  platformProbeWorkflowId,
  platformProbeWorkflowType,
  type PlatformProbeWorkflow,
} from '@sus/contracts';
import type { Activities } from '../../apps/worker/src/activities';
import { createTimeSkippingTemporal, workflowBundle } from '../support/temporal';
import { workflowTracingSinks } from '../../apps/worker/src/observability/tracing';

const historiesDir = join(projectRoot(), 'test/histories');

describe(platformProbeWorkflowType, () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingTemporal();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('records the probe, completes it, and retries a failing activity until it succeeds', async () => {
    const calls: string[] = [];
    let failuresLeft = 2;
    const activities: Pick<Activities, 'recordPlatformProbeStarted' | 'completePlatformProbe'> = {
      async recordPlatformProbeStarted(input) {
        calls.push(`started:${input.note}`);
      },
      async completePlatformProbe(probeId) {
        if (failuresLeft-- > 0) throw new Error('database briefly unavailable');
        calls.push(`completed:${probeId}`);
        return 'worker-1';
      },
    };
    const taskQueue = `probe-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      sinks: workflowTracingSinks(undefined),
      activities,
    });
    const probeId = '5b1f0c3e-8a59-4c8e-9a0e-3f2d7f7f0001';
    const workflowId = `${platformProbeWorkflowId(probeId)}-${Date.now()}`;
    const result = await worker.runUntil(
      env.client.workflow.execute<PlatformProbeWorkflow>(platformProbeWorkflowType, {
        workflowId,
        taskQueue,
        args: [{ probeId, note: 'replay me' }],
      }),
    );
    expect(result).toEqual({ probeId, workerIdentity: 'worker-1' });
    expect(calls).toEqual(['started:replay me', `completed:${probeId}`]);

    if (process.env.RECORD_HISTORIES === '1') {
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      writeFileSync(join(historiesDir, 'platform-probe.json'), `${historyToJSON(history)}\n`);
    }
  });

  it('replays every recorded history deterministically with the current code', async () => {
    const files = readdirSync(historiesDir).filter((file) => file.endsWith('.json'));
    expect(files).toContain('platform-probe.json');
    // The procedure engine's main paths (test/workflows/procedure.workflow.test.ts records them).
    expect(files).toEqual(
      expect.arrayContaining(
        [
          'term-escalated',
          'silenzio-assenso',
          'silenzio-rigetto',
          'integration',
          'preavviso',
          'marriage-lapsed',
          'withdrawn',
          'notice-expired',
          'continued-as-new',
        ].map((name) => `procedure-${name}.json`),
      ),
    );
    // The process modeller's simulation (test/workflows/procedure-simulation.test.ts records it).
    expect(files).toContain('simulate-procedure.json');
    // Bulk issuance, a run that continued as new and the last (test/workflows/bulk-issuance.workflow.test.ts).
    expect(files).toEqual(
      expect.arrayContaining(['bulk-issuance-continued-as-new.json', 'bulk-issuance.json']),
    );
    const histories = files.map((file) => ({
      workflowId: file,
      history: historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8'))),
    }));
    const results = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: workflowBundle(), sinks: workflowTracingSinks(undefined) },
      histories,
    )) {
      results.push({ workflowId: result.workflowId, error: result.error?.message });
    }
    expect(results).toEqual(files.map((workflowId) => ({ workflowId, error: undefined })));
  });
});

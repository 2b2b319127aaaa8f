import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { projectRoot } from '@sus/platform';
import { webpackConfigHook } from '../../apps/worker/src/temporal/workflow-bundle';
import { createTimeSkippingTemporal } from '../support/temporal';

/** Workflow code imports @sus/domain by its alias; the Temporal bundler must resolve it (no ../../libs paths). */
describe('the workflow bundle', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingTemporal();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('resolves @sus/domain inside the deterministic sandbox', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: join(projectRoot(), 'test/fixtures/workflows/domain-alias.workflow.ts'),
      webpackConfigHook,
      logger: new DefaultLogger('WARN'),
    });
    const taskQueue = `bundle-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
    });
    const result = await worker.runUntil(
      env.client.workflow.execute('formatNoticeWorkflow', {
        taskQueue,
        workflowId: `bundle-${Date.now()}`,
        args: ['301202600000000103', 1250],
      }),
    );
    expect(result).toBe('3012 0260 0000 0001 03 € 12,50');
  });
});

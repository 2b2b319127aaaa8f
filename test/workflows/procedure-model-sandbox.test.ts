import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { projectRoot } from '@sus/platform';
import { MARRIAGE_MODEL } from '@sus/domain';
import { webpackConfigHook } from '../../apps/worker/src/temporal/workflow-bundle';
import type { checkProcedureModelWorkflow } from '../fixtures/workflows/procedure-model.workflow';
import { createLocalTemporal } from '../support/temporal';

/** The procedure engine will validate models and forms in workflow code: the validator must run there. */
describe('the procedure-model validator in the workflow sandbox', () => {
  // The dev server, not the time-skipping one: no timers here, and while a client awaits a result the
  // time-skipping server may jump past the run timeout during a long first workflow task.
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createLocalTemporal();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('validates the marriage model and checks a form as under Node', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: join(projectRoot(), 'test/fixtures/workflows/procedure-model.workflow.ts'),
      webpackConfigHook,
      logger: new DefaultLogger('WARN'),
    });
    const taskQueue = `procedure-model-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
    });
    const run = (breakStart: boolean) =>
      env.client.workflow.execute<typeof checkProcedureModelWorkflow>('checkProcedureModelWorkflow', {
        taskQueue,
        workflowId: `procedure-model-${breakStart}-${Date.now()}-${Math.random()}`,
        args: [breakStart],
      });
    const [valid, broken] = await worker.runUntil(Promise.all([run(false), run(true)]));
    expect(valid).toEqual({
      ok: true,
      problemCodes: [],
      steps: MARRIAGE_MODEL.steps.length,
      formProblems: expect.arrayContaining([
        'rite:NOT_ALLOWED_VALUE',
        'spouse1.fiscalCode:INVALID_FISCAL_CODE',
      ]),
      jsonSchemaKeys: 6,
    });
    expect(valid.formProblems).toHaveLength(14);
    expect(broken.ok).toBe(false);
    expect(broken.problemCodes).toEqual(['UNKNOWN_STEP']);
  });
});

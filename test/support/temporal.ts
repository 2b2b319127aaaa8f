import { TestWorkflowEnvironment } from '@temporalio/testing';
import { testEnv } from './test-env';

export const SEARCH_ATTRIBUTES = ['SusEnte', 'SusProcedure', 'SusCaseStatus'];

/** The CLI dev server (real persistence semantics, Updates enabled); no download, ever. */
export function createLocalTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: testEnv('temporalCli') },
      extraArgs: [
        '--dynamic-config-value',
        'frontend.enableUpdateWorkflowExecution=true',
        '--dynamic-config-value',
        'frontend.enableExecuteMultiOperation=true',
        ...SEARCH_ATTRIBUTES.flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
      ],
    },
  });
}

/** The Java time-skipping server, for timer-heavy workflows. */
export function createTimeSkippingTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnv('temporalTestServer') } },
  });
}

export const workflowBundle = (): { codePath: string } => ({ codePath: testEnv('workflowBundle') });

import { join } from 'node:path';
import { projectRoot } from '@sus/platform';
import type { BundleOptions } from '@temporalio/worker';

export const workflowsSourcePath = (): string => join(projectRoot(), 'apps/worker/src/workflows/index.ts');

/**
 * The workflow interceptors that continue a trace inside workflows (the api's client interceptor
 * puts the trace context in the workflow's headers; these open the workflow's span and pass it on
 * to every activity, child workflow and signal it schedules). They run inside the workflow
 * sandbox, so they are bundled with the workflows: every bundleWorkflowCode call passes them, and
 * every worker running the bundle registers workflowTracingSinks (observability/tracing.ts).
 */
export const workflowInterceptorModules = [
  join(projectRoot(), 'apps/worker/src/temporal/workflow-tracing.interceptors.ts'),
];

export const prebuiltBundlePath = (): string => join(projectRoot(), 'dist/workflow-bundle.js');

/**
 * The Temporal bundler has no tsconfig-paths support (sdk-typescript PR #769): map our aliases
 * ourselves, keeping its own alias map, which disables Node built-ins in workflow code.
 */
export const webpackConfigHook: NonNullable<BundleOptions['webpackConfigHook']> = (config) => ({
  ...config,
  resolve: {
    ...config.resolve,
    alias: {
      ...(config.resolve?.alias as Record<string, string | false | string[]> | undefined),
      '@sus/domain': join(projectRoot(), 'libs/domain/src'),
      '@sus/contracts': join(projectRoot(), 'libs/contracts/src'),
    },
  },
});

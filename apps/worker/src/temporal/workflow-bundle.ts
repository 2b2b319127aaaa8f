import { join } from 'node:path';
import { projectRoot } from '@sus/platform';
import type { BundleOptions } from '@temporalio/worker';

export const workflowsSourcePath = (): string => join(projectRoot(), 'apps/worker/src/workflows/index.ts');

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

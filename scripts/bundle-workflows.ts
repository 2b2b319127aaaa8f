// Build step: pre-bundles the workflows so production workers start without webpack.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import {
  prebuiltBundlePath,
  webpackConfigHook,
  workflowInterceptorModules,
  workflowsSourcePath,
} from '../apps/worker/src/temporal/workflow-bundle';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsSourcePath(),
    workflowInterceptorModules,
    webpackConfigHook,
    logger: new DefaultLogger('WARN'),
  });
  mkdirSync(dirname(prebuiltBundlePath()), { recursive: true });
  writeFileSync(prebuiltBundlePath(), code);
  process.stdout.write(`workflow bundle written to ${prebuiltBundlePath()} (${code.length} bytes)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

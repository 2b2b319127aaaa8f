import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appsToRestart, DEV_BUILD_FILE, type DevBuild, watchDevBuilds } from './dev-reload';

const apps = ['sandbox', 'worker', 'api'];

describe('appsToRestart', () => {
  it('restarts only the app whose own code changed', () => {
    expect(appsToRestart(['dist/apps/api/src/payments/payments.service.js'], apps)).toEqual(['api']);
    expect(
      appsToRestart(['dist/apps/worker/src/workflows/index.js', 'dist/apps/sandbox/src/main.js'], apps),
    ).toEqual(['sandbox', 'worker']);
  });

  it('restarts every app when a lib changed', () => {
    expect(appsToRestart(['dist/apps/api/src/main.js', 'dist/libs/domain/src/money.js'], apps)).toEqual(apps);
  });

  it('restarts nothing for scripts or unknown folders', () => {
    expect(appsToRestart(['dist/scripts/platform/up.js', 'dist/apps/portal/src/main.js'], apps)).toEqual([]);
  });
});

describe('watchDevBuilds', () => {
  const write = (dir: string, build: DevBuild) => {
    writeFileSync(join(dir, 'next.json'), JSON.stringify(build));
    renameSync(join(dir, 'next.json'), join(dir, DEV_BUILD_FILE));
  };
  const nextRestart = (calls: string[][]) =>
    new Promise<string[]>((resolve) => {
      const seen = calls.length;
      const poll = setInterval(() => {
        if (calls.length > seen) {
          clearInterval(poll);
          resolve(calls[calls.length - 1]!);
        }
      }, 10);
    });

  it('reports each new build once, and every app after a missed build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sus-dev-'));
    const calls: string[][] = [];
    const watcher = watchDevBuilds(dir, apps, (names) => calls.push(names));
    try {
      let next = nextRestart(calls);
      write(dir, { build: 1, emitted: ['dist/apps/api/src/main.js'] });
      await expect(next).resolves.toEqual(['api']);

      next = nextRestart(calls);
      write(dir, { build: 3, emitted: ['dist/apps/api/src/main.js'] });
      await expect(next).resolves.toEqual(apps);

      next = nextRestart(calls);
      write(dir, { build: 3, emitted: ['dist/apps/worker/src/main.js'] });
      write(dir, { build: 4, emitted: ['dist/apps/worker/src/main.js'] });
      await expect(next).resolves.toEqual(['worker']);
      expect(calls).toEqual([['api'], apps, ['worker']]);
    } finally {
      watcher.close();
    }
  });
});

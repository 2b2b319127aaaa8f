// `npm run dev`: which apps to restart after a compile. Postgres and Temporal are never restarted.
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/**
 * Written into dist/ by `node scripts/sus.mjs dev` after each compile that had no errors, once the
 * path aliases are rewritten (keep the name in step with sus.mjs). Watching this one file instead
 * of dist/ itself means an app never restarts on half-written output (tsc done, aliases not yet).
 */
export const DEV_BUILD_FILE = 'dev-build.json';

export interface DevBuild {
  /** 1, 2, 3… per `npm run dev` session. */
  build: number;
  /** The .js files the compile wrote, relative to the project root (dist/apps/api/src/…). */
  emitted: string[];
}

/** An app's own folder restarts that app; anything under dist/libs restarts every app. */
export function appsToRestart(emitted: readonly string[], apps: readonly string[]): string[] {
  const changed = new Set<string>();
  for (const file of emitted) {
    const [top, area, name] = file.split(/[\\/]/);
    if (top !== 'dist') continue;
    if (area === 'libs') return [...apps];
    if (area === 'apps' && name) changed.add(name);
  }
  return apps.filter((app) => changed.has(app));
}

/**
 * Calls `restart` with the apps each new build touches. A build missed in between (two compiles
 * faster than the file system reports them) restarts every app, to be safe.
 */
export function watchDevBuilds(
  distDir: string,
  apps: readonly string[],
  restart: (apps: string[], build: DevBuild) => void,
): FSWatcher {
  let last = 0;
  return watch(distDir, (_event, filename) => {
    const file = join(distDir, DEV_BUILD_FILE);
    if (filename !== DEV_BUILD_FILE || !existsSync(file)) return;
    let build: DevBuild;
    try {
      build = JSON.parse(readFileSync(file, 'utf8')) as DevBuild;
    } catch {
      return; // replaced while we read it: the next event carries the new one
    }
    if (build.build <= last) return;
    const missed = build.build > last + 1;
    last = build.build;
    const names = missed ? [...apps] : appsToRestart(build.emitted, apps);
    if (names.length) restart(names, build);
  });
}

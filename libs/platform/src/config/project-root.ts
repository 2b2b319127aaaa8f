import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function isProjectRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  // Every workspace folder may grow its own package.json one day; the root is the one named "sus".
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'sus';
}

/** The repository root, found the same way from sources (jest, dev) and from dist/. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!isProjectRoot(dir)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`the SUS package.json was not found above ${from}`);
    dir = parent;
  }
  return dir;
}

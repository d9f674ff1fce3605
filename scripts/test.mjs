#!/usr/bin/env node
// `npm test`: every test against a single Redis. TEST_REDIS=cluster runs the integration and
// adapter suites against a local 6-node Redis Cluster (test/helpers/redis-harness.ts); it joins
// the default once the gateway runs on a cluster (issue 12). Unit and browser tests do not depend on the Redis topology, so
// they run once. The two runs go side by side — the suites mostly wait on I/O, so together they
// take little longer than the longer one alone (CI's 15-minute budget). The single run prints as
// it goes; the cluster run's output is kept in test-output/test-cluster.log and printed after.
//
//   npm test                        the single-Redis run
//   TEST_REDIS=single npm test      only the single-Redis run (TEST_REDIS=cluster: only the cluster run)
//   npm test -- --grep webhook      extra arguments go to every mocha run
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const RUNS = {
  single: ['test/{unit,adapters,integration,browser}/**/*.test.ts'],
  cluster: ['test/{adapters,integration}/**/*.test.ts'],
};

const extra = process.argv.slice(2);
const asked = process.env.TEST_REDIS;
if (asked !== undefined && asked !== 'single' && asked !== 'cluster') {
  console.error(`test: TEST_REDIS must be "single" or "cluster", not ${JSON.stringify(asked)}`);
  process.exit(2);
}
// The cluster run joins the default once the gateway runs on a cluster (issue 12: cluster
// connections and a single-slot keyspace are not built yet); until then TEST_REDIS=cluster runs it.
const modes = asked ? [asked] : ['single'];

function run(mode, { buffered }) {
  const started = Date.now();
  const child = spawn(process.execPath, [MOCHA, ...RUNS[mode], ...extra], {
    cwd: ROOT,
    env: { ...process.env, TEST_REDIS: mode },
    stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  let log = null;
  if (buffered) {
    mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
    log = path.join(ROOT, 'test-output', `test-${mode}.log`);
    kept.push(log);
    const file = createWriteStream(log);
    child.stdout.pipe(file);
    child.stderr.pipe(file);
  }
  const done = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ mode, code: code ?? (signal ? 1 : 0), seconds: Math.round((Date.now() - started) / 1000), log })),
  );
  return { child, done };
}

// a CI timeout or Ctrl-C stops both runs, not just this script, and shows how far the kept one got
const children = [];
const kept = [];
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of children) c.kill(sig);
    for (const log of kept) {
      console.log(`\n── stopped by ${sig}; ${path.relative(ROOT, log)} so far ──`);
      try {
        process.stdout.write(readFileSync(log));
      } catch {
        // not written yet
      }
    }
    process.exit(130);
  });
}

// the CLI tests run the compiled CLI and build it when stale: build once here, not in two runs at once
if (modes.length > 1) buildIfStale(ROOT, 'dist/src/cli/main.js');

const runs = modes.map((mode, i) => run(mode, { buffered: i > 0 }));
children.push(...runs.map((r) => r.child));
const results = [];
for (const r of runs) {
  const res = await r.done;
  results.push(res);
  if (res.log) {
    console.log(`\n── ${res.mode} Redis run (TEST_REDIS=${res.mode}; also in ${path.relative(ROOT, res.log)}) ──`);
    process.stdout.write(readFileSync(res.log));
  }
}
console.log(`\ntest: ${results.map((r) => `${r.mode} Redis ${r.code === 0 ? 'passed' : 'FAILED'} in ${r.seconds} s`).join(', ')}`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);

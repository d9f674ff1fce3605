// `npm start`: build when the compiled gateway is missing or older than its sources, then run
// it in this very process (signals reach the gateway directly; compiled JS needs no tsx loader,
// which keeps the resident memory lower).
// package.json runs it with --heap-growing-percent=50: between full collections V8 lets the heap
// grow to 1.5× what was live (by default up to 4×, sized for throughput). A process holding
// 10,000 web chat streams then stays at ~256 MB instead of ~364 MB (bench/README.md, "Web chat
// streams"); the Dockerfile passes the same flag.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'dist/src/main.js');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|js)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(entry) ||
  Math.max(newestSource(path.join(root, 'src')), newestSource(path.join(root, 'adapters'))) > statSync(entry).mtimeMs;
if (stale) {
  process.stdout.write('talkgate: building…\n');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(pathToFileURL(entry).href);

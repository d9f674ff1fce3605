// Builds dist/ (npm run build) when a compiled entry is missing or older than the TypeScript
// sources. Without sources (the Docker image ships only dist/) there is nothing to compare with.
// Build output goes to stderr, so a command's stdout stays what it prints (--json for scripts).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|js)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** returns the entry's absolute path once it is there and current; exits when the build fails */
export function buildIfStale(root, entry) {
  const compiled = path.join(root, entry);
  const sources = ['src', 'adapters'].map((d) => path.join(root, d)).filter((d) => existsSync(d));
  const stale = !existsSync(compiled) || (sources.length > 0 && Math.max(...sources.map(newestSource)) > statSync(compiled).mtimeMs);
  if (!stale) return compiled;
  if (sources.length === 0) {
    process.stderr.write(`talkgate: ${entry} is missing and there are no sources to build it from\n`);
    process.exit(1);
  }
  process.stderr.write('talkgate: building…\n');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) process.exit(r.status ?? 1);
  return compiled;
}

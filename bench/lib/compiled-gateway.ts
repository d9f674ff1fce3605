// The gateway as `npm start` runs it: compiled JS under plain node (no tsx loader thread) with
// the node flags of package.json's start script, so memory readings are the production ones.
// Built once if dist/ is missing or stale.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/infra/redis-server-process.js';
import type { ServerChild } from './server-child.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let built = false;

/** `node <flags> scripts/start.mjs` in package.json: the flags the production process runs with */
function startScriptFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export async function startCompiledGateway(spec: { redisUrl: string; prefix: string; adminToken: string; secretKey: string; env: Record<string, string> }): Promise<ServerChild> {
  if (!built) {
    const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
    built = true; // once per bench process: a bench may start several gateways
  }
  // a fixed PORT in env: a gateway started again where a killed one listened
  const port = spec.env['PORT'] ? Number(spec.env['PORT']) : await freePort();
  const flags = [...startScriptFlags(), ...(process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...flags, 'dist/src/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: spec.redisUrl,
      REDIS_PREFIX: spec.prefix,
      ADMIN_TOKEN: spec.adminToken,
      SECRET_KEY: spec.secretKey,
      LOG_LEVEL: 'silent',
      // the bench's platform doubles listen on 127.0.0.1 (http)
      ALLOW_PRIVATE_TARGETS: 'true',
      ...spec.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL'); // never left running behind the bench
      throw new Error('compiled gateway did not become ready');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid ?? -1;
  const exit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    url,
    pid,
    rss: () => rssOf(pid),
    // no IPC into a production process: RSS from /proc only, the heap is not visible
    mem: async () => ({ rss: rssOf(pid), heapUsed: NaN }),
    onArrival: () => undefined,
    stop: () => exit('SIGTERM'),
    kill: () => exit('SIGKILL'),
  };
}

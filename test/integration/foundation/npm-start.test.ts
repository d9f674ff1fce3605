// `npm start` with REDIS_URL unset starts its own redis-server and stops it on SIGTERM/SIGINT.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../src/infra/redis-server-process.js';
import { describeSingleRedis } from '../../helpers/redis-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function startGateway(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  // what `npm start` runs: build if needed, then the compiled gateway in the same process
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeSingleRedis('it tests the embedded redis-server npm start runs when no Redis is configured', 'npm start (embedded default)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'talkgate-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`starts its own redis-server with data in DATA_DIR and stops it on ${signal}`, async () => {
      const port = await freePort();
      const { child, output } = startGateway({ PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'info' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await waitFor(() => output().includes('talkgate listening'), 90_000, 'the gateway to build and listen');
      assert.match(output(), /admin token \(saved in .*admin-token\): \S+/);
      const token = readFileSync(path.join(dir, 'admin-token'), 'utf8').trim();
      const redisPid = Number(readFileSync(path.join(dir, 'redis.pid'), 'utf8'));
      assert.ok(alive(redisPid));
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(ready.status, 200);
      const ws = await fetch(`http://127.0.0.1:${port}/v1/workspaces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x' }),
      });
      assert.equal(ws.status, 201);
      child.kill(signal);
      assert.equal(await exited, 0);
      await waitFor(() => !alive(redisPid), 10_000, 'redis-server to stop');
      assert.ok(existsSync(path.join(dir, 'redis', 'appendonlydir')), 'AOF lives in DATA_DIR/redis');
      assert.ok(!existsSync(path.join(dir, 'redis.pid')));
    });
  }

  it('says how to install redis-server when it is missing', async () => {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const { child, output } = startGateway({ PORT: '0', DATA_DIR: dir, PATH: bin });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 3);
    assert.match(output(), /redis-server was not found.*apt-get install -y redis-server/);
  });

  it('stops at start-up with one line naming a bad variable', async () => {
    const { child, output } = startGateway({ PORT: 'eighty', DATA_DIR: dir });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 2);
    assert.equal(output().trim(), 'talkgate: environment variable PORT must be integer');
  });
});

// Recovery after kill -9: how long work held by a dead gateway waits before another process
// finishes it.   npx tsx bench/recovery.ts
//
// The gateway runs as `npm start` runs it (compiled, ROLE=all) against a private redis-server.
// It is frozen (SIGSTOP) at a moment it provably holds work and then killed with SIGKILL:
// - inbound: TalkTalk customers send texts back to back; frozen while it holds mailbox leases,
//   killed, started again on the same port; measured from "listening again" until every recorded
//   event left its mailbox (an event leaves only after it was processed);
// - sends: agent messages with every platform call held unanswered, so the process holds them;
//   a second process runs beside it; measured from the kill until every message
//   reached the platform double.
// test/integration/faults/recovery-time.test.ts runs the same scenarios with the exactly-once and
// order checks.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Redis } from 'ioredis';
import { freePort } from '../src/infra/redis-server-process.js';
import { BENCH_ADMIN_TOKEN, BENCH_SECRET_KEY, apiClient, createChannel, createWorkspace, type Api } from './lib/api-client.js';
import { startCompiledGateway } from './lib/compiled-gateway.js';
import { startBenchRedis, type BenchRedis } from './lib/redis.js';
import { renderTable, type BenchRow } from './lib/report.js';
import type { ServerChild } from './lib/server-child.js';

export const RECOVERY_TARGET_MS = 15_000;
const PREFIX = 'recov';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** a TalkTalk send API double that can hold every request unanswered */
async function startNaverDouble(): Promise<{ url: string; delivered: () => number; holding: () => number; hold(on: boolean): void; stop(): Promise<void> }> {
  let delivered = 0;
  let holding = false;
  const held = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (holding) {
        held.add(res);
        res.once('close', () => held.delete(res));
        return;
      }
      // the agent's answers only (the bot may greet too)
      if (Buffer.concat(chunks).toString('utf8').includes('답변')) delivered++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"resultCode":"00"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    delivered: () => delivered,
    holding: () => held.size,
    hold(on) {
      holding = on;
      if (!on) for (const res of held) res.socket?.destroy();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function until(what: string, ms: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** every gateway started, so a failed run leaves none behind */
const started: ServerChild[] = [];
async function startGateway(redis: BenchRedis, env: Record<string, string>): Promise<ServerChild> {
  const gw = await startCompiledGateway({ redisUrl: redis.url, prefix: PREFIX, adminToken: BENCH_ADMIN_TOKEN, secretKey: BENCH_SECRET_KEY, env: { ROLE: 'all', SEND_BACKOFF_MS: '50', ...env } });
  started.push(gw);
  return gw;
}

async function heldLeases(r: Redis): Promise<number> {
  let n = 0;
  for (const box of await r.smembers(`${PREFIX}:inbox-nonempty`)) n += await r.exists(`${PREFIX}:inbox-lock:${box}`);
  return n;
}

async function world(api: Api, doubleUrl: string, users: string[]): Promise<{ ws: string; agent: string; hook: string }> {
  const ws = await createWorkspace(api);
  const agent = ((await api.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '김상담', maxConcurrent: 100 }, 201)) as { id: string }).id;
  await api.admin('PUT', `/v1/workspaces/${ws}/agents/${agent}/status`, { online: true }, 200);
  const ch = await createChannel(api, ws, { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'bench-naver-auth-key-1234567890' }, apiBaseUrl: doubleUrl });
  const hook = `/webhooks/naver/${ch.id}?key=${ch.webhookKey}`;
  for (const user of users) await api.call('POST', hook, { event: 'send', user, textContent: { text: '상담 요청', inputType: 'inquiry' } });
  return { ws, agent, hook };
}

export interface RecoveryResult {
  inbound: { afterRestartMs: number; afterKillMs: number; restartMs: number; leases: number; acked: number };
  sends: { afterKillMs: number; held: number; total: number };
}

async function inboundScenario(redis: BenchRedis, doubleUrl: string): Promise<RecoveryResult['inbound']> {
  const port = String(await freePort());
  const a = await startGateway(redis, { PORT: port });
  const api = apiClient(a.url);
  const users = Array.from({ length: 16 }, (_, i) => `recov-${i}`);
  const w = await world(api, doubleUrl, users);
  await until('the inquiries handled', 20_000, () => redis.withClient(async (r) => (await r.scard(`${PREFIX}:inbox-nonempty`)) === 0));
  let killed = false;
  let acked = 0;
  const stream = Promise.all(
    users.map(async (user) => {
      for (let k = 1; !killed && k <= 200; k++) {
        const res = await api.call('POST', w.hook, { event: 'send', user, textContent: { text: `${user} ${k}`, inputType: 'typing' } }).catch(() => null);
        if (res?.status !== 200) return;
        acked++;
      }
    }),
  );
  let leases = 0;
  await until('a mailbox lease held mid-batch', 30_000, () =>
    redis.withClient(async (r) => {
      if (acked < 60 || (await heldLeases(r)) === 0) return false;
      process.kill(a.pid, 'SIGSTOP');
      await sleep(50);
      leases = await heldLeases(r);
      if (leases === 0) process.kill(a.pid, 'SIGCONT');
      return leases > 0;
    }),
  );
  killed = true;
  await a.kill();
  const killedAt = Date.now();
  await stream;
  const b = await startGateway(redis, { PORT: port });
  const restartedAt = Date.now();
  await until('every recorded event processed', 120_000, () => redis.withClient(async (r) => (await r.scard(`${PREFIX}:inbox-nonempty`)) === 0));
  const doneAt = Date.now();
  await b.stop();
  return { afterRestartMs: doneAt - restartedAt, afterKillMs: doneAt - killedAt, restartMs: restartedAt - killedAt, leases, acked };
}

async function sendsScenario(redis: BenchRedis, double: Awaited<ReturnType<typeof startNaverDouble>>): Promise<RecoveryResult['sends']> {
  const a = await startGateway(redis, { SEND_TIMEOUT_MS: '30000' });
  const api = apiClient(a.url);
  const users = Array.from({ length: 8 }, (_, i) => `send-${i}`);
  const w = await world(api, double.url, users);
  await until('the inquiries handled', 20_000, () => redis.withClient(async (r) => (await r.scard(`${PREFIX}:inbox-nonempty`)) === 0));
  await sleep(500);
  const convs = ((await api.admin('GET', `/v1/workspaces/${w.ws}/conversations?status=assigned&limit=999`)) as { items: { id: string }[] }).items;
  if (convs.length !== users.length) throw new Error(`${convs.length} of ${users.length} conversations assigned`);
  double.hold(true);
  const before = double.delivered();
  for (const c of convs) for (let k = 1; k <= 3; k++) await api.admin('POST', `/v1/workspaces/${w.ws}/conversations/${c.id}/messages`, { agentId: w.agent, text: `답변 ${k}` }, 202);
  await until('a send in flight per conversation', 10_000, () => double.holding() >= convs.length);
  // a second default process (a ROLE=worker one has no /readyz to wait for)
  const b = await startGateway(redis, {});
  process.kill(a.pid, 'SIGSTOP');
  const held = double.holding();
  await a.kill();
  const killedAt = Date.now();
  double.hold(false);
  const total = convs.length * 3;
  await until('every send delivered by the other worker', 120_000, () => double.delivered() - before >= total);
  const afterKillMs = Date.now() - killedAt;
  await b.stop();
  return { afterKillMs, held, total };
}

export async function runRecoveryBench(): Promise<{ rows: BenchRow[]; notes: string[]; result: RecoveryResult }> {
  const double = await startNaverDouble();
  const redis = await startBenchRedis();
  try {
    const inbound = await inboundScenario(redis, double.url);
    await redis.flush();
    const sends = await sendsScenario(redis, double);
    const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    const rows: BenchRow[] = [
      {
        name: 'recovery: kill -9 mid-batch → acknowledged inbound processed',
        measured: `${s(inbound.afterRestartMs)} after the restart (${s(inbound.afterKillMs)} after the kill; ${inbound.leases} mailbox leases held)`,
        baseline: '—',
        target: `≤ ${s(RECOVERY_TARGET_MS)} after the restart`,
        met: inbound.afterRestartMs <= RECOVERY_TARGET_MS,
      },
      {
        name: 'recovery: sends held by a killed worker → another worker',
        measured: `${s(sends.afterKillMs)} after the kill (${sends.held} sends held, ${sends.total} delivered)`,
        baseline: '—',
        target: `≤ ${s(RECOVERY_TARGET_MS)}`,
        met: sends.afterKillMs <= RECOVERY_TARGET_MS,
      },
    ];
    return { rows, notes: [`restart of the killed gateway took ${s(inbound.restartMs)}; ${inbound.acked} webhooks acknowledged before the kill`], result: { inbound, sends } };
  } finally {
    for (const gw of started.splice(0)) await gw.kill();
    await redis.stop();
    await double.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runRecoveryBench();
  for (const n of r.notes) console.log(n);
  console.log(renderTable(r.rows));
}

// Outbound: agent messages from `POST …/conversations/:id/messages` to a local Kakao Event API
// double through the real gateway, against the bare pipeline measured in this run (an express
// route that adds the message to a BullMQ queue, and a BullMQ worker that POSTs it with axios
// to the same double, at the gateway's WORKER_CONCURRENCY).   npx tsx bench/outbound.ts
//
// Fairness: the gateway, the baseline and the double each run in their own child process; the
// load generator (autocannon for throughput, a paced fetch sender for latency) runs in this
// process. Sends are spread over 10 Kakao channels × 10 conversations, so neither the
// per-conversation order nor a channel throttle is what is measured. Throughput is measured in
// three alternating rounds per side (total messages ÷ total time); latency is timestamped at the API call and at the arrival in
// the double (CLOCK_MONOTONIC, comparable across processes).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BENCH_ADMIN_TOKEN, BENCH_SECRET_KEY, apiClient, createAgent, createChannel, createWorkspace, kakaoChannelBody, listConversations } from './lib/api-client.js';
import { fmtCpu, withCpu, type CpuUse } from './lib/cpu.js';
import { runLoad } from './lib/load.js';
import { paced } from './lib/paced.js';
import { startBenchRedis, type BenchRedis } from './lib/redis.js';
import { renderTable, type BenchRow } from './lib/report.js';
import { PROFILE_DIR, startServerChild, type ServerChild } from './lib/server-child.js';
import { fmtInt, fmtMs, fmtRatio, nowMs, summarize, type Summary } from './lib/stats.js';

export const OUTBOUND_RATIO_TARGET = 0.8;
export const OUTBOUND_P95_TARGET_MS = 50;
const CHANNELS = 10;
const CONVERSATIONS_PER_CHANNEL = 10;
const WORKER_CONCURRENCY = 20;
const ROUNDS = 3;

export interface OutboundBenchOptions {
  /** messages per side for the throughput figure */
  messages?: number;
  /** API connections used to enqueue */
  connections?: number;
  rate?: number;
  seconds?: number;
}

export interface Target {
  name: string;
  server: ServerChild;
  /** request paths of the message route, one per conversation */
  paths: string[];
  agentId: string;
}

/** arrivals at the double, by marker; markers are unique per message or per throughput run */
export class Arrivals {
  private readonly counts = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly waiters = new Set<() => void>();
  record(marker: number, at: number): void {
    this.counts.set(marker, (this.counts.get(marker) ?? 0) + 1);
    this.last.set(marker, at);
    for (const w of this.waiters) w();
  }
  count(marker: number): number {
    return this.counts.get(marker) ?? 0;
  }
  at(marker: number): number | undefined {
    return this.last.get(marker);
  }
  /** resolves when predicate holds, or false after timeoutMs */
  async until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    if (predicate()) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, timeoutMs);
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(true);
      };
      this.waiters.add(check);
    });
  }
}

let nextMarker = 1;

function messageBody(agentId: string, marker: number): string {
  return JSON.stringify({ agentId, text: `주문하신 상품은 오늘 발송됩니다. #${marker}` });
}

const authHeaders = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };

/** count messages through the API as fast as it takes them; msg/s = count ÷ (first call → last arrival) */
export async function throughput(t: Target, arrivals: Arrivals, count: number, connections: number): Promise<{ perSec: number; enqueuePerSec: number; seconds: number; errors: number }> {
  const marker = nextMarker++;
  const body = messageBody(t.agentId, marker);
  const started = nowMs();
  const load = await runLoad({ url: t.server.url, connections, amount: count, requests: t.paths.map((path) => ({ method: 'POST', path, headers: authHeaders, body })) });
  const enqueueSeconds = (nowMs() - started) / 1000;
  const done = await arrivals.until(() => arrivals.count(marker) >= load.ok, 120_000);
  if (!done) throw new Error(`${t.name}: only ${arrivals.count(marker)} of ${load.ok} messages arrived within 120 s`);
  const seconds = ((arrivals.at(marker) ?? nowMs()) - started) / 1000;
  return { perSec: load.ok / seconds, enqueuePerSec: load.ok / enqueueSeconds, seconds, errors: load.non2xx + load.errors + (count - load.ok) };
}

/** a steady rate through the API; latency = API call started → arrival at the double */
async function latency(t: Target, arrivals: Arrivals, rate: number, seconds: number): Promise<{ e2e: Summary; api: Summary; missing: number; failures: number; maxLagMs: number }> {
  const count = Math.round(rate * seconds);
  const markers = Array.from({ length: count }, () => nextMarker++);
  const r = await paced({
    rate,
    count,
    send: async (i) => {
      const res = await fetch(`${t.server.url}${t.paths[i % t.paths.length]}`, { method: 'POST', headers: authHeaders, body: messageBody(t.agentId, markers[i]!) });
      await res.arrayBuffer();
      return res.status === 202;
    },
  });
  await arrivals.until(() => markers.every((m) => arrivals.count(m) > 0), 10_000);
  const e2e: number[] = [];
  markers.forEach((m, i) => {
    const at = arrivals.at(m);
    if (at !== undefined) e2e.push(at - r.startedAt[i]!);
  });
  return { e2e: summarize(e2e), api: summarize(r.latencies), missing: count - e2e.length, failures: r.failures, maxLagMs: r.maxLagMs };
}

export async function gatewayTarget(redis: BenchRedis, doubleUrl: string): Promise<Target> {
  const server = await startServerChild({
    kind: 'gateway',
    redisUrl: redis.url,
    prefix: 'go',
    adminToken: BENCH_ADMIN_TOKEN,
    secretKey: BENCH_SECRET_KEY,
    env: { ROLE: 'all', WORKER_CONCURRENCY: String(WORKER_CONCURRENCY) },
  });
  const api = apiClient(server.url);
  const ws = await createWorkspace(api);
  const agentId = await createAgent(api, ws);
  const connect = JSON.parse(readFileSync(new URL('../fixtures/kakao/inbound/connect-utterance.json', import.meta.url), 'utf8'));
  for (let c = 0; c < CHANNELS; c++) {
    const botId = `bench-bot-${c}`;
    const ch = await createChannel(api, ws, kakaoChannelBody(botId, doubleUrl));
    for (let u = 0; u < CONVERSATIONS_PER_CHANNEL; u++) {
      const body = structuredClone(connect);
      body.bot.id = botId;
      body.userRequest.user.id = `bench-bot-user-${c}-${u}`;
      body.userRequest.user.properties.plusfriendUserKey = `pf-${c}-${u}`;
      const r = await api.call('POST', `/webhooks/kakao/${ch.id}`, body, { 'x-talkgate-key': ch.webhookKey });
      if (r.status !== 200) throw new Error(`connect webhook → ${r.status} ${r.text}`);
    }
  }
  const conversations = await listConversations(api, ws, 'waiting');
  if (conversations.length !== CHANNELS * CONVERSATIONS_PER_CHANNEL) throw new Error(`expected ${CHANNELS * CONVERSATIONS_PER_CHANNEL} open conversations, got ${conversations.length}`);
  return { name: 'gateway', server, agentId, paths: conversations.map((c) => `/v1/workspaces/${ws}/conversations/${c.id}/messages`) };
}

async function baselineTarget(redis: BenchRedis, doubleUrl: string): Promise<Target> {
  const targets: Record<string, { botId: string; userKey: string }> = {};
  for (let c = 0; c < CHANNELS; c++) for (let u = 0; u < CONVERSATIONS_PER_CHANNEL; u++) targets[`conv-${c}-${u}`] = { botId: `bench-bot-${c}`, userKey: `pf-${c}-${u}` };
  const server = await startServerChild({ kind: 'outbound-baseline', redisUrl: redis.url, prefix: 'bo', platformUrl: doubleUrl, concurrency: WORKER_CONCURRENCY, targets });
  return { name: 'baseline', server, agentId: 'agent-1', paths: Object.keys(targets).map((id) => `/v1/workspaces/ws-bench/conversations/${id}/messages`) };
}

export interface OutboundBenchResult {
  rows: BenchRow[];
  notes: string[];
}

export async function runOutboundBench(opts: OutboundBenchOptions = {}): Promise<OutboundBenchResult> {
  const o = { messages: opts.messages ?? 3000, connections: opts.connections ?? 20, rate: opts.rate ?? 100, seconds: opts.seconds ?? Number(process.env['BENCH_SECONDS'] ?? 10) };
  const redis = await startBenchRedis();
  const double = await startServerChild({ kind: 'kakao-double' });
  const arrivals = new Arrivals();
  double.onArrival((marker, at) => arrivals.record(marker, at));
  const servers: ServerChild[] = [double];
  try {
    const base = await baselineTarget(redis, double.url);
    servers.push(base.server);
    const gw = await gatewayTarget(redis, double.url);
    servers.push(gw.server);
    const sides = [base, gw];
    for (const t of sides) await throughput(t, arrivals, 300, o.connections);
    const tp = new Map<Target, { messages: number; seconds: number; enqueue: number[]; errors: number; cpu: CpuUse[] }>(sides.map((t) => [t, { messages: 0, seconds: 0, enqueue: [], errors: 0, cpu: [] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of sides) {
        const n = Math.round(o.messages / ROUNDS);
        const r = await withCpu({ server: t.server.pid, redis: redis.pid }, () => throughput(t, arrivals, n, o.connections));
        const acc = tp.get(t)!;
        acc.messages += n;
        acc.seconds += r.value.seconds;
        acc.enqueue.push(r.value.enqueuePerSec);
        acc.errors += r.value.errors;
        acc.cpu.push(r.cpu);
      }
    }
    const lat = new Map<Target, Awaited<ReturnType<typeof latency>>>();
    for (const t of sides) lat.set(t, await latency(t, arrivals, o.rate, o.seconds));

    const rate = (t: Target): number => tp.get(t)!.messages / tp.get(t)!.seconds;
    const ratio = rate(gw) / rate(base);
    const gl = lat.get(gw)!;
    const bl = lat.get(base)!;
    const rows: BenchRow[] = [
      {
        name: `outbound: agent messages → Kakao double, ${CHANNELS} ch × ${CONVERSATIONS_PER_CHANNEL} conv`,
        measured: `${fmtInt(rate(gw))} msg/s delivered (${fmtInt(o.messages)} msgs), ${tp.get(gw)!.errors} errors`,
        baseline: `express → BullMQ → axios: ${fmtInt(rate(base))} msg/s`,
        target: `${fmtRatio(ratio)} (≥ ${OUTBOUND_RATIO_TARGET})`,
        met: ratio >= OUTBOUND_RATIO_TARGET && tp.get(gw)!.errors === 0,
      },
      {
        name: `outbound: enqueue → platform at ${o.rate} msg/s, ${o.seconds} s`,
        measured: `p95 ${fmtMs(gl.e2e.p95)} (p50 ${fmtMs(gl.e2e.p50)}, p99 ${fmtMs(gl.e2e.p99)}), ${gl.missing + gl.failures} lost/failed`,
        baseline: `p95 ${fmtMs(bl.e2e.p95)} (p50 ${fmtMs(bl.e2e.p50)}, p99 ${fmtMs(bl.e2e.p99)})`,
        target: `p95 < ${OUTBOUND_P95_TARGET_MS} ms`,
        met: gl.e2e.p95 < OUTBOUND_P95_TARGET_MS && gl.missing + gl.failures === 0,
      },
    ];
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const notes = sides.flatMap((t) => {
      const acc = tp.get(t)!;
      const l = lat.get(t)!;
      const cpu = acc.cpu.reduce((a, c) => ({ server: a.server + c.server / acc.cpu.length, redis: a.redis + c.redis / acc.cpu.length, loadGen: a.loadGen + c.loadGen / acc.cpu.length }), { server: 0, redis: 0, loadGen: 0 });
      return [
        `${t.name} throughput: API took ${fmtInt(mean(acc.enqueue))} msg/s while enqueuing; ${fmtCpu(cpu)}`,
        `${t.name} at ${o.rate} msg/s: API answer p99 ${fmtMs(l.api.p99)}, sender lag max ${fmtMs(l.maxLagMs)}, ${l.missing} not arrived, ${l.failures} failed`,
      ];
    });
    return { rows, notes };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await redis.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runOutboundBench();
  for (const n of r.notes) console.log(n);
  if (process.env['BENCH_CPU_PROF'] === '1') console.log(`CPU profiles: ${PROFILE_DIR}`);
  console.log(renderTable(r.rows));
}

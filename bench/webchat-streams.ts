// Web chat v2 streams: N concurrent SSE streams (STREAMS, default 10000) held by one gateway
// process; its resident memory with all of them open, and the fan-out latency of agent messages
// to a sample of the visitors while all N are held.   STREAMS=10000 npx tsx bench/webchat-streams.ts
//
// The gateway (ROLE=all, so one process holds the streams and also delivers) runs in a child
// process whose RSS is read from /proc; the streams are held by SSE_CLIENT_PROCS (default 2)
// client processes, one socket per stream as one browser tab would. Fan-out latency is the
// time from the agent API call to the SSE client's receipt (CLOCK_MONOTONIC across processes).
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BENCH_ADMIN_TOKEN, BENCH_SECRET_KEY, apiClient, createAgent, createChannel, createWorkspace, listConversations, type Api } from './lib/api-client.js';
import { paced } from './lib/paced.js';
import { startBenchRedis } from './lib/redis.js';
import { renderTable, type BenchRow } from './lib/report.js';
import { startCompiledGateway } from './lib/compiled-gateway.js';
import { PROFILE_DIR, startServerChild } from './lib/server-child.js';
import type { SseClientMessage, SseClientsSpec } from './lib/sse-clients.js';
import { fmtInt, fmtMs, sleep, summarize } from './lib/stats.js';

export const STREAMS_RSS_TARGET_MB = 300;
export const FANOUT_P99_TARGET_MS = 50;
const CLIENT = new URL('./lib/sse-clients.ts', import.meta.url).pathname;
/** descriptors the gateway needs besides the streams (Redis connections, listening socket, files) */
const FD_MARGIN = 200;

export interface WebchatBenchOptions {
  streams?: number;
  clientProcesses?: number;
  sample?: number;
  rate?: number;
}

export interface WebchatBenchResult {
  rows: BenchRow[];
  notes: string[];
}

function openFilesLimit(): number {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !m?.[1] || m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
}

interface Fleet {
  children: ChildProcess[];
  opened: number;
  failed: number;
  firstError: string | null;
  sample: Array<{ visitorId: string; token: string }>;
}

async function openFleet(spec: Omit<SseClientsSpec, 'count' | 'sample'>, total: number, procs: number, sample: number, onGot: (marker: number, at: number) => void): Promise<Fleet> {
  const fleet: Fleet = { children: [], opened: 0, failed: 0, firstError: null, sample: [] };
  let progress = 0;
  await Promise.all(
    Array.from({ length: procs }, (_, k) => {
      const count = Math.floor(total / procs) + (k < total % procs ? 1 : 0);
      const child = fork(CLIENT, [JSON.stringify({ ...spec, count, sample: Math.ceil(sample / procs) } satisfies SseClientsSpec)], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      fleet.children.push(child);
      return new Promise<void>((resolve, reject) => {
        child.on('message', (m: SseClientMessage) => {
          if (m.type === 'got') onGot(m.marker, m.at);
          else if (m.type === 'progress') {
            progress += 1000;
            if (progress % 5000 === 0) process.stderr.write(`  ${fmtInt(progress)} streams open…\n`);
          } else if (m.type === 'ready') {
            fleet.opened += m.opened;
            fleet.failed += m.failed;
            fleet.firstError ??= m.firstError;
            fleet.sample.push(...m.sample);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`SSE client process exited (${code}) before it was ready`)));
      });
    }),
  );
  return fleet;
}

async function openStreamsNow(fleet: Fleet): Promise<number> {
  const counts = await Promise.all(
    fleet.children.map(
      (c) =>
        new Promise<number>((resolve) => {
          const on = (m: SseClientMessage): void => {
            if (m.type !== 'status') return;
            c.off('message', on);
            resolve(m.open);
          };
          c.on('message', on);
          c.send({ type: 'status' });
        }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** the sample visitors ask for an agent; their conversations are found through the API */
async function sampleConversations(api: Api, ws: string, channelId: string, sample: Fleet['sample']): Promise<string[]> {
  for (const v of sample) {
    const r = await api.call('POST', `/webhooks/webchat/${channelId}`, { type: 'connect_request', eventId: randomUUID() }, { authorization: `Bearer ${v.token}` });
    if (r.status !== 202) throw new Error(`connect_request → ${r.status} ${r.text}`);
  }
  let convs: Awaited<ReturnType<typeof listConversations>> = [];
  for (let i = 0; i < 100 && convs.length < sample.length; i++) {
    await sleep(100);
    convs = await listConversations(api, ws, 'waiting');
  }
  const byVisitor = new Map<string, string>();
  for (const c of convs) {
    const customer = (await api.admin('GET', `/v1/workspaces/${ws}/customers/${c.customerId}`)) as { identifier: string };
    byVisitor.set(customer.identifier, c.id);
  }
  const ids = sample.map((v) => byVisitor.get(v.visitorId)).filter((id): id is string => id !== undefined);
  if (ids.length !== sample.length) throw new Error(`found conversations for ${ids.length} of ${sample.length} sample visitors`);
  return ids;
}

export async function runWebchatBench(opts: WebchatBenchOptions = {}): Promise<WebchatBenchResult> {
  const requested = opts.streams ?? Number(process.env['STREAMS'] ?? 10_000);
  const limit = openFilesLimit();
  const streams = Math.min(requested, limit - FD_MARGIN);
  const procs = opts.clientProcesses ?? Number(process.env['SSE_CLIENT_PROCS'] ?? 2);
  const sampleSize = Math.min(opts.sample ?? 200, streams);
  const rate = opts.rate ?? 50;
  const notes: string[] = [];
  if (streams < requested) notes.push(`open-files limit ${limit}: ${fmtInt(streams)} streams instead of ${fmtInt(requested)} (raise \`ulimit -n\` for more)`);

  const redis = await startBenchRedis();
  // measured as `npm start` runs it (compiled, plain node); BENCH_TSX=1 measures the tsx-run source instead
  const spec = { redisUrl: redis.url, prefix: 'wc', adminToken: BENCH_ADMIN_TOKEN, secretKey: BENCH_SECRET_KEY, env: { ROLE: 'all' } };
  const gw = process.env['BENCH_TSX'] === '1' ? await startServerChild({ kind: 'gateway', ...spec }, ['--expose-gc']) : await startCompiledGateway(spec);
  let fleet: Fleet | null = null;
  try {
    const api = apiClient(gw.url);
    const ws = await createWorkspace(api);
    const agentId = await createAgent(api, ws);
    const ch = await createChannel(api, ws, { type: 'webchat', name: '웹채팅' });
    await sleep(1000);
    const idleMem = await gw.mem({ gc: true });
    const idle = { rss: gw.rss(), heap: idleMem.heapUsed };

    const got = new Map<number, number>();
    const openStarted = Date.now();
    fleet = await openFleet({ url: gw.url, channelId: ch.id, concurrency: 50 }, streams, procs, sampleSize, (m, at) => got.set(m, at));
    const openSeconds = (Date.now() - openStarted) / 1000;
    await sleep(3000);
    // as found (what the OS sees), then after a full collection (what the streams really hold)
    const heldRss = gw.rss();
    const heldGc = await gw.mem({ gc: true });
    const held = { rss: heldRss, rssGc: heldGc.rss, heap: heldGc.heapUsed, open: await openStreamsNow(fleet) };

    const convs = await sampleConversations(api, ws, ch.id, fleet.sample);
    const markers = convs.map((_, i) => 1_000_000 + i);
    const r = await paced({
      rate,
      count: convs.length,
      send: async (i) => {
        const res = await api.call('POST', `/v1/workspaces/${ws}/conversations/${convs[i]}/messages`, { agentId, text: `안녕하세요, 상담사입니다. #${markers[i]}` }, { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` });
        return res.status === 202;
      },
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && markers.some((m) => !got.has(m))) await sleep(50);
    const lat: number[] = [];
    markers.forEach((m, i) => {
      const at = got.get(m);
      if (at !== undefined) lat.push(at - r.startedAt[i]!);
    });
    const fan = summarize(lat);
    const missing = markers.length - lat.length;
    const after = { rss: gw.rss(), open: await openStreamsNow(fleet) };

    const mb = (b: number): string => (Number.isNaN(b) ? 'n/a' : `${Math.round(b / 1024 / 1024)} MB`);
    const rows: BenchRow[] = [
      {
        name: `web chat: gateway RSS with ${fmtInt(held.open)} SSE streams open`,
        measured: Number.isNaN(held.heap)
          ? `${mb(held.rss)} (${((held.rss - idle.rss) / Math.max(1, held.open) / 1024).toFixed(1)} KiB per stream; compiled, as npm start runs it)`
          : `${mb(held.rss)} as found, ${mb(held.rssGc)} after a full GC (${((held.rssGc - idle.rss) / Math.max(1, held.open) / 1024).toFixed(1)} KiB per stream)`,
        baseline: `idle gateway: ${mb(idle.rss)}`,
        target: `< ${STREAMS_RSS_TARGET_MB} MB${held.open < requested ? ` (only ${fmtInt(held.open)} of ${fmtInt(requested)} streams)` : ''}`,
        met: held.rss < STREAMS_RSS_TARGET_MB * 1024 * 1024 && held.open >= requested,
      },
      {
        name: `web chat: fan-out to ${convs.length} visitors at ${rate}/s among ${fmtInt(held.open)} streams`,
        measured: `p99 ${fmtMs(fan.p99)} (p50 ${fmtMs(fan.p50)}, max ${fmtMs(fan.max)}), ${missing + r.failures} lost/failed`,
        baseline: '—',
        target: `p99 < ${FANOUT_P99_TARGET_MS} ms`,
        met: fan.p99 < FANOUT_P99_TARGET_MS && missing + r.failures === 0,
      },
    ];
    notes.push(
      `${fmtInt(fleet.opened)} streams opened in ${openSeconds.toFixed(1)} s by ${procs} client processes (${fleet.failed} failed${fleet.firstError ? `, first: ${fleet.firstError}` : ''}); ${fmtInt(held.open)} open at the RSS reading, ${fmtInt(after.open)} after the fan-out`,
      `gateway memory: idle RSS ${mb(idle.rss)}, live heap ${mb(idle.heap)}; with the streams RSS ${mb(held.rss)} as found, ${mb(held.rssGc)} after a full GC, live heap ${mb(held.heap)}; after the fan-out RSS ${mb(after.rss)}`,
      `fan-out: agent API answer p99 ${fmtMs(summarize(r.latencies).p99)}, sender lag max ${fmtMs(r.maxLagMs)}`,
    );
    return { rows, notes };
  } finally {
    for (const c of fleet?.children ?? []) c.kill('SIGKILL');
    await gw.kill();
    await redis.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runWebchatBench();
  for (const n of r.notes) console.log(n);
  if (process.env['BENCH_CPU_PROF'] === '1') console.log(`CPU profiles: ${PROFILE_DIR}`);
  console.log(renderTable(r.rows));
}

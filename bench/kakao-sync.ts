// Kakao's synchronous answer (issue 13): the time from a skill request to its SkillResponse, at a
// steady open-loop rate (default 200 req/s), on the process `npm start` runs (compiled, ROLE=all).
//   new customers:   each request is a first "상담 연결" from an unknown user → profile card (PB-1/2)
//   known customers: the same users send a text while their profile is missing → PROFILE_REQUIRED (PB-8)
// Both phases check what Kakao got back (the card, the fixed text), not only the status.
//   npx tsx bench/kakao-sync.ts   (BENCH_KAKAO_RATE, BENCH_KAKAO_SECONDS; BENCH_NODE_FLAGS profiles)
import http from 'node:http';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { BENCH_ADMIN_TOKEN, BENCH_SECRET_KEY, apiClient, createChannel, createWorkspace } from './lib/api-client.js';
import { startCompiledGateway } from './lib/compiled-gateway.js';
import { fmtCpu, withCpu, type CpuUse } from './lib/cpu.js';
import { paced } from './lib/paced.js';
import { commandCounts, perRequest } from './lib/commandstats.js';
import { startBenchRedis } from './lib/redis.js';
import { renderTable, type BenchRow } from './lib/report.js';
import { fmtMs, sleep, summarize, type Summary } from './lib/stats.js';

export const KAKAO_SYNC_P99_TARGET_MS = 50;

const PROFILE_REQUIRED = '프로필이 확인되지 않았습니다. 프로필을 먼저 입력 후 메시지를 남겨주세요.';
const CONNECT_BLOCK = '64a1f40be8b7d90011a1b2c3';

type Json = Record<string, any>;
const fixture = (rel: string): Json => JSON.parse(readFileSync(new URL(`../fixtures/${rel}`, import.meta.url), 'utf8')) as Json;

const SETTINGS = {
  profileBot: {
    enabled: true,
    guideMessage: '상담 전 프로필을 입력해 주세요.',
    guideImageId: null,
    fields: ['name', 'phone'],
    onMissingProfile: 'hold',
    privacyConsent: { enabled: false, url: null },
  },
  distribution: { mode: 'auto', backlog: 'auto' },
  businessHours: { enabled: false, timeZone: 'Asia/Seoul', acceptOffHours: false, weekly: {}, holidays: [] },
  autoMessages: { greeting: '안녕하세요, 무엇을 도와드릴까요?', offHours: null },
  autoClose: { customerIdleMinutes: null },
};

function skillBody(base: Json, user: string): string {
  const body = structuredClone(base);
  body['userRequest'].user.id = `bench-bot-user-key-${user}`;
  body['userRequest'].user.properties.plusfriendUserKey = `benchPf${user}`;
  return JSON.stringify(body);
}

/** what Kakao received, by kind: the profile card, the PROFILE_REQUIRED text, or anything else */
function answerKind(text: string): string {
  try {
    const outputs = (JSON.parse(text) as Json)['template']?.outputs as Json[] | undefined;
    if (!outputs) return 'no template';
    const kinds = outputs.map((o) => (o['basicCard'] || o['textCard'] ? 'card' : o['simpleText']?.text === PROFILE_REQUIRED ? 'profile-required' : 'text'));
    return kinds.join('+');
  } catch {
    return 'not JSON';
  }
}

/** the Kakao Event API double: async leftovers (if any) are accepted at once */
async function eventApiDouble(): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"taskId":"t","status":"SUCCESS","message":"ok"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface KakaoPhase {
  latency: Summary;
  errors: number;
  maxLagMs: number;
  answers: Record<string, number>;
  cpu: CpuUse;
  /** Redis commands per request (INFO commandstats over the phase; commands inside scripts count) */
  commands: { total: number; top: string };
}

export interface KakaoSyncResult {
  rate: number;
  seconds: number;
  newCustomer: KakaoPhase;
  knownCustomer: KakaoPhase;
  load: [number, number];
}

export async function runKakaoSync(opts: { rate?: number; seconds?: number } = {}): Promise<KakaoSyncResult> {
  const rate = opts.rate ?? Number(process.env['BENCH_KAKAO_RATE'] ?? 200);
  const seconds = opts.seconds ?? Number(process.env['BENCH_KAKAO_SECONDS'] ?? 10);
  const count = Math.round(rate * seconds);
  const load0 = os.loadavg()[0]!;
  const redis = await startBenchRedis();
  const kakaoApi = await eventApiDouble();
  const gw = await startCompiledGateway({ redisUrl: redis.url, prefix: 'bks', adminToken: BENCH_ADMIN_TOKEN, secretKey: BENCH_SECRET_KEY, env: {} });
  try {
    const api = apiClient(gw.url);
    const ws = await createWorkspace(api);
    await api.admin('PUT', `/v1/workspaces/${ws}/settings`, SETTINGS, 200);
    const connect = fixture('kakao/inbound/connect-block.json');
    const text = fixture('kakao/inbound/message-text.json');
    const ch = await createChannel(api, ws, {
      type: 'kakao',
      name: '카카오',
      credentials: { botId: (connect['bot'] as Json)['id'], restApiKey: 'bench-kakao-rest-api-key-123456', eventName: 'talkgate_message' },
      apiBaseUrl: kakaoApi.url,
      connectTriggers: { blockIds: [CONNECT_BLOCK] },
    });
    const path = `${gw.url}/webhooks/kakao/${ch.id}`;
    const headers = { 'content-type': 'application/json', 'x-talkgate-key': ch.webhookKey };

    const phase = async (bodies: string[]): Promise<KakaoPhase> => {
      const answers: Record<string, number> = {};
      const before = await commandCounts(redis);
      const r = await withCpu({ server: gw.pid, redis: redis.pid }, () =>
        paced({
          rate,
          count: bodies.length,
          send: async (i) => {
            const res = await fetch(path, { method: 'POST', headers, body: bodies[i]! });
            const kind = res.status === 200 ? answerKind(await res.text()) : `HTTP ${res.status}`;
            answers[kind] = (answers[kind] ?? 0) + 1;
            return res.status === 200;
          },
        }),
      );
      await sleep(500); // the replies' deferred work (sync-hold sends, job completion) lands in the phase
      const commands = perRequest(before, await commandCounts(redis), bodies.length, 12);
      return { latency: summarize(r.value.latencies), errors: r.value.failures, maxLagMs: r.value.maxLagMs, answers, cpu: r.cpu, commands };
    };

    // warm-up (JIT, connections, the workers' queues) on users the measured phases never use
    const warm = Array.from({ length: Math.min(400, count) }, (_, i) => `w${i}`);
    await phase(warm.map((u) => skillBody(connect, u)));
    await phase(warm.map((u) => skillBody(text, u)));
    await sleep(1000);

    if (process.env['KAKAO_TRACE']) {
      // one request of each kind under MONITOR: what it costs in Redis, top-level and inside scripts
      await sleep(5000); // the warm-up's queued work done
      for (const [name, body] of [['new customer', skillBody(connect, 'trace')], ['known customer', skillBody(text, 'trace')]] as const) {
        {
          const mon = await new Redis(redis.url).monitor();
          const trace: string[] = [];
          mon.on('monitor', (time: string, args: string[], source: string) => {
            if (!['bzpopmin', 'info', 'monitor', 'ping'].includes(args[0]!.toLowerCase())) trace.push(`${time} ${source.padEnd(22)} ${args.map((a) => a.slice(0, 40).replace(/\s+/g, ' ')).join(' ').slice(0, 160)}`);
          });
          await sleep(100);
          await fetch(path, { method: 'POST', headers, body });
          await sleep(300);
          mon.disconnect();
          console.log(`--- ${name}: ${trace.length} commands\n${trace.join('\n')}`);
        }
      }
    }

    const users = Array.from({ length: count }, (_, i) => `u${i}`);
    const newCustomer = await phase(users.map((u) => skillBody(connect, u)));
    await sleep(1000);
    const knownCustomer = await phase(users.map((u) => skillBody(text, u)));
    return { rate, seconds, newCustomer, knownCustomer, load: [load0, os.loadavg()[0]!] };
  } finally {
    await gw.stop();
    await kakaoApi.close();
    await redis.stop();
  }
}

/** every answer was of the expected kind (the card may come with MANUAL_GREETING, in either order) */
const expected = (p: KakaoPhase, ok: (kind: string) => boolean): boolean => Object.keys(p.answers).every(ok);

export async function runKakaoSyncBench(): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const r = await runKakaoSync();
  const row = (name: string, p: KakaoPhase, kind: string, ok: (k: string) => boolean): BenchRow => ({
    name: `Kakao synchronous answer at a steady ${r.rate} req/s: ${name}`,
    measured: `p99 ${fmtMs(p.latency.p99)} (p50 ${fmtMs(p.latency.p50)}, max ${fmtMs(p.latency.max)}), ${p.errors} errors, answers ${JSON.stringify(p.answers)}`,
    baseline: '—',
    target: `p99 < ${KAKAO_SYNC_P99_TARGET_MS} ms, every answer ${kind}`,
    met: p.latency.p99 < KAKAO_SYNC_P99_TARGET_MS && p.errors === 0 && expected(p, ok),
  });
  return {
    rows: [
      row('new customer → card', r.newCustomer, 'with the card', (k) => k.split('+').includes('card')),
      row('known customer → message', r.knownCustomer, 'PROFILE_REQUIRED', (k) => k === 'profile-required'),
    ],
    notes: [
      `${r.rate} req/s for ${r.seconds} s per phase; 1-min load ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`,
      `new: ${fmtCpu(r.newCustomer.cpu)}, sender lag max ${fmtMs(r.newCustomer.maxLagMs)}; Redis commands per request ${r.newCustomer.commands.total.toFixed(1)}: ${r.newCustomer.commands.top}`,
      `known: ${fmtCpu(r.knownCustomer.cpu)}, sender lag max ${fmtMs(r.knownCustomer.maxLagMs)}; Redis commands per request ${r.knownCustomer.commands.total.toFixed(1)}: ${r.knownCustomer.commands.top}`,
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runKakaoSyncBench();
  console.log(renderTable(r.rows));
  for (const n of r.notes) console.log(n);
}

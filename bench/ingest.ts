// Webhook ingest: TalkTalk webhooks/s and p99 through the real gateway against a bare express
// handler that parses the same JSON and does one XADD, both measured in this run; plus the
// Kakao synchronous answer p99.   npx tsx bench/ingest.ts   (BENCH_SECONDS=10 by default)
//
// Fairness: every server under test (baseline and gateway) runs alone in a child process; the
// load generator (autocannon) runs in this process; all share one private redis-server that is
// flushed between phases. Each phase gets a 2 s warm-up before its measured run.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createKeys } from '../src/infra/keys.js';
import { BENCH_ADMIN_TOKEN, BENCH_SECRET_KEY, apiClient, createChannel, createWorkspace, kakaoChannelBody, naverChannelBody } from './lib/api-client.js';
import { runLoad, type LoadRequest, type LoadResult } from './lib/load.js';
import { startBenchRedis, type BenchRedis } from './lib/redis.js';
import { renderTable, type BenchRow } from './lib/report.js';
import { startServerChild, type ServerChild } from './lib/server-child.js';
import { fmtInt, fmtMs, fmtRatio } from './lib/stats.js';

export const INGEST_RATIO_TARGET = 0.8;
export const INGEST_P99_TARGET_MS = 25;
export const KAKAO_SYNC_P99_TARGET_MS = 50;

export interface IngestBenchOptions {
  seconds?: number;
  connections?: number;
  kakaoConnections?: number;
  users?: number;
}

export interface IngestBenchResult {
  rows: BenchRow[];
  baseline: LoadResult;
  gatewayHttp: LoadResult;
  gatewayAll: LoadResult;
  kakao: LoadResult;
  kakaoAnswers: Record<string, number>;
  recorded: number;
}

const fixture = (rel: string): any => JSON.parse(readFileSync(new URL(`../fixtures/${rel}`, import.meta.url), 'utf8'));
const userId = (i: number): string => `bench-user-${String(i).padStart(5, '0')}-2eGuGr5WQ`;

function naverRequests(path: string, users: number): LoadRequest[] {
  const base = fixture('naver/inbound/send-text.json');
  return Array.from({ length: users }, (_, i) => ({
    method: 'POST' as const,
    path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...base, user: userId(i) }),
  }));
}

function kakaoRequests(path: string, key: string, users: number): LoadRequest[] {
  const base = fixture('kakao/inbound/message-text.json');
  return Array.from({ length: users }, (_, i) => {
    const body = structuredClone(base);
    body.userRequest.user.id = `bench-bot-user-key-${i}`;
    body.userRequest.user.properties.plusfriendUserKey = `benchPf${i}`;
    return { method: 'POST' as const, path, headers: { 'content-type': 'application/json', 'x-talkgate-key': key }, body: JSON.stringify(body) };
  });
}

async function measure(url: string, connections: number, seconds: number, requests: LoadRequest[]): Promise<LoadResult> {
  await runLoad({ url, connections, duration: 2, requests });
  return runLoad({ url, connections, duration: seconds, requests });
}

async function gatewayChild(redis: BenchRedis, prefix: string, env: Record<string, string>): Promise<ServerChild> {
  return startServerChild({ kind: 'gateway', redisUrl: redis.url, prefix, adminToken: BENCH_ADMIN_TOKEN, secretKey: BENCH_SECRET_KEY, env });
}

async function naverGatewayRun(redis: BenchRedis, prefix: string, role: 'http' | 'all', o: Required<IngestBenchOptions>): Promise<{ load: LoadResult; recorded: number }> {
  await redis.flush();
  const gw = await gatewayChild(redis, prefix, { ROLE: role });
  try {
    const api = apiClient(gw.url);
    const ws = await createWorkspace(api);
    const ch = await createChannel(api, ws, naverChannelBody());
    const load = await measure(gw.url, o.connections, o.seconds, naverRequests(`/webhooks/naver/${ch.id}?key=${ch.webhookKey}`, o.users));
    // proof of work: with the workers off, every acknowledged event is still in a mailbox
    const keys = createKeys(prefix);
    const recorded = await redis.withClient(async (r) => {
      let n = 0;
      for (const mailbox of await r.smembers(keys.inboxNonEmpty())) n += await r.llen(keys.inboxList(mailbox));
      return n;
    });
    return { load, recorded };
  } finally {
    await gw.stop();
  }
}

async function kakaoRun(redis: BenchRedis, o: Required<IngestBenchOptions>): Promise<{ load: LoadResult; answers: Record<string, number> }> {
  await redis.flush();
  const gw = await gatewayChild(redis, 'bk', { ROLE: 'all' });
  try {
    const api = apiClient(gw.url);
    const ws = await createWorkspace(api);
    const botId = (fixture('kakao/inbound/message-text.json') as { bot: { id: string } }).bot.id;
    const ch = await createChannel(api, ws, kakaoChannelBody(botId, 'http://127.0.0.1:9'));
    const requests = kakaoRequests(`/webhooks/kakao/${ch.id}`, ch.webhookKey, o.users);
    const load = await measure(gw.url, o.kakaoConnections, o.seconds, requests);
    // what the answers were (the bot is off, so every one should be the acknowledgement)
    const answers: Record<string, number> = {};
    for (const r of requests.slice(0, 20)) {
      const a = await api.call('POST', r.path, JSON.parse(r.body ?? '{}'), r.headers);
      const key = a.status === 200 ? a.text : `HTTP ${a.status}`;
      answers[key] = (answers[key] ?? 0) + 1;
    }
    return { load, answers };
  } finally {
    await gw.stop();
  }
}

const errorsOf = (r: LoadResult): number => r.non2xx + r.errors;
const loadText = (r: LoadResult): string => `${fmtInt(r.reqPerSec)} req/s, p99 ${fmtMs(r.p99)}, ${errorsOf(r)} errors`;

export async function runIngestBench(opts: IngestBenchOptions = {}): Promise<IngestBenchResult> {
  const o: Required<IngestBenchOptions> = {
    seconds: opts.seconds ?? Number(process.env['BENCH_SECONDS'] ?? 10),
    connections: opts.connections ?? 50,
    kakaoConnections: opts.kakaoConnections ?? 20,
    users: opts.users ?? 200,
  };
  const redis = await startBenchRedis();
  try {
    const base = await startServerChild({ kind: 'ingest-baseline', redisUrl: redis.url, prefix: 'bi' });
    let baseline: LoadResult;
    try {
      baseline = await measure(base.url, o.connections, o.seconds, naverRequests('/webhooks/naver/bench-channel', o.users));
    } finally {
      await base.stop();
    }
    const http = await naverGatewayRun(redis, 'gh', 'http', o);
    const all = await naverGatewayRun(redis, 'ga', 'all', o);
    const kakao = await kakaoRun(redis, o);

    const ratio = http.load.reqPerSec / baseline.reqPerSec;
    const ratioAll = all.load.reqPerSec / baseline.reqPerSec;
    const c = o.connections;
    const rows: BenchRow[] = [
      {
        name: `ingest: TalkTalk webhook, ROLE=http, ${c} conn, ${o.seconds} s`,
        measured: loadText(http.load),
        baseline: `express.json + XADD: ${loadText(baseline)}`,
        target: `${fmtRatio(ratio)} (≥ ${INGEST_RATIO_TARGET}, 0 errors)`,
        met: ratio >= INGEST_RATIO_TARGET && errorsOf(http.load) === 0,
      },
      {
        name: `ingest: p99 at ${c} conn (ROLE=http)`,
        measured: fmtMs(http.load.p99),
        baseline: fmtMs(baseline.p99),
        target: `< ${INGEST_P99_TARGET_MS} ms`,
        met: http.load.p99 < INGEST_P99_TARGET_MS,
      },
      {
        name: `ingest: ROLE=all (workers on, same process)`,
        measured: loadText(all.load),
        baseline: `express.json + XADD: ${fmtInt(baseline.reqPerSec)} req/s`,
        target: `${fmtRatio(ratioAll)} (information)`,
        met: null,
      },
      {
        name: `Kakao synchronous answer, ROLE=all, ${o.kakaoConnections} conn`,
        measured: `p99 ${fmtMs(kakao.load.p99)} (p50 ${fmtMs(kakao.load.p50)}), ${fmtInt(kakao.load.reqPerSec)} req/s, ${errorsOf(kakao.load)} errors`,
        baseline: '—',
        target: `p99 < ${KAKAO_SYNC_P99_TARGET_MS} ms`,
        met: kakao.load.p99 < KAKAO_SYNC_P99_TARGET_MS && errorsOf(kakao.load) === 0,
      },
    ];
    return { rows, baseline, gatewayHttp: http.load, gatewayAll: all.load, kakao: kakao.load, kakaoAnswers: kakao.answers, recorded: http.recorded };
  } finally {
    await redis.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runIngestBench();
  console.log(`ROLE=http run: ${fmtInt(r.gatewayHttp.total)} requests sent (incl. those in flight at the end), ${fmtInt(r.recorded)} events recorded in mailboxes (warm-up included)`);
  console.log('Kakao answers (sample of 20 after the run):', r.kakaoAnswers);
  console.log(renderTable(r.rows));
}

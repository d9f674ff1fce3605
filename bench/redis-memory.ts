// Redis memory per stored inbound message: a gateway (ROLE=all, as users run it) receives
// TalkTalk texts of ~70 characters from a fixed set of customers; `used_memory` and the key
// count are read once every customer has an open conversation (warm-up: one message each) and
// again after N more messages are processed, so the figure is the cost of one more message in a
// living conversation: its stored copy, its event entry, its dedupe/done/dispatch records, the
// queue's job records. A breakdown by key family (MEMORY USAGE of every key) shows where it goes.
//   npx tsx bench/redis-memory.ts   (BENCH_MEMORY_MESSAGES=5000, BENCH_MEMORY_USERS=100)
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Redis } from 'ioredis';
import { BENCH_ADMIN_TOKEN, BENCH_SECRET_KEY, apiClient, createChannel, createWorkspace, naverChannelBody } from './lib/api-client.js';
import { startBenchRedis, type BenchRedis } from './lib/redis.js';
import type { BenchRow } from './lib/report.js';
import { startServerChild } from './lib/server-child.js';

export const MEMORY_TARGET_BYTES = 400;
/** this bench run on the layout before issue 12 (bench/README.md "Redis memory") */
const BEFORE = { total: '1,750 B, 4.00 keys', withoutLog: '1,237 B' };
const PREFIX = 'bm';
/** 70 characters, Korean with digits and spaces as customers type them (~150 UTF-8 bytes) */
export const BENCH_TEXT = '배송이 언제 되나요? 주문번호 20261204-0012345 입니다. 오늘 출발하면 내일 도착할까요? 답변 부탁드립니다!!';

export interface MemoryBenchResult {
  messages: number;
  /** used_memory after − before, ÷ messages: everything, its event-log entry included */
  bytesPerMessage: number;
  /** the part in the workspace event log (MEMORY USAGE of the events stream, ÷ messages) */
  eventLogBytesPerMessage: number;
  keysPerMessage: number;
  families: { family: string; keys: number; bytes: number }[];
  rows: BenchRow[];
  notes: string[];
}

interface Snapshot {
  usedMemory: number;
  keys: number;
  families: Map<string, { keys: number; bytes: number }>;
}

/** a key with its ids replaced: `bm:conv:cnv_x1:msgs` → `bm:conv:*:msgs` */
export function familyOf(key: string): string {
  return key
    .split(':')
    .map((part, i) => (i === 0 || /^[a-z][a-z-]*$/.test(part) ? part : '*'))
    .join(':');
}

async function usedMemory(r: Redis): Promise<number> {
  const info = await r.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
}

async function snapshot(r: Redis): Promise<Snapshot> {
  const families = new Map<string, { keys: number; bytes: number }>();
  let keys = 0;
  let cursor = '0';
  do {
    const [next, batch] = await r.scan(cursor, 'COUNT', 1000);
    cursor = next;
    const pipe = r.pipeline();
    for (const k of batch) pipe.memory('USAGE', k, 'SAMPLES', 0);
    const sizes = (await pipe.exec()) ?? [];
    batch.forEach((k, i) => {
      const f = families.get(familyOf(k)) ?? { keys: 0, bytes: 0 };
      f.keys++;
      f.bytes += Number(sizes[i]?.[1] ?? 0);
      families.set(familyOf(k), f);
      keys++;
    });
  } while (cursor !== '0');
  // the SCAN above allocates nothing that stays; read used_memory last so it is not counted
  return { usedMemory: await usedMemory(r), keys, families };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/naver/inbound/send-text.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const userId = (i: number): string => `bench-mem-user-${String(i).padStart(5, '0')}-2eGuGr5WQ`;

async function sendAll(url: string, path: string, users: number, count: number): Promise<void> {
  let next = 0;
  const one = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const body = { ...fixture, user: userId(i % users), textContent: { text: BENCH_TEXT, inputType: 'typing' } };
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`webhook → ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, one));
}

/** every recorded event processed: no mailbox holds one and the event log stopped growing */
async function settled(r: Redis, ws: string, expectEvents: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const pending = await r.scard(`${PREFIX}:inbox-nonempty`);
    const events = await r.xlen(`${PREFIX}:ws:${ws}:events`);
    if (pending === 0 && events >= expectEvents) return;
    if (Date.now() > deadline) throw new Error(`not processed in time: ${pending} mailboxes pending, ${events}/${expectEvents} events`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

export async function runMemoryBench(opts: { messages?: number; users?: number } = {}): Promise<MemoryBenchResult> {
  const messages = opts.messages ?? Number(process.env['BENCH_MEMORY_MESSAGES'] ?? 5000);
  const users = opts.users ?? Number(process.env['BENCH_MEMORY_USERS'] ?? 100);
  const redis: BenchRedis = await startBenchRedis();
  try {
    const gw = await startServerChild({ kind: 'gateway', redisUrl: redis.url, prefix: PREFIX, adminToken: BENCH_ADMIN_TOKEN, secretKey: BENCH_SECRET_KEY, env: { ROLE: 'all' } });
    try {
      const api = apiClient(gw.url);
      const ws = await createWorkspace(api);
      const ch = await createChannel(api, ws, naverChannelBody());
      const path = `/webhooks/naver/${ch.id}?key=${ch.webhookKey}`;
      // warm-up: every customer, conversation and queue exists before the first measurement
      await sendAll(gw.url, path, users, users);
      const r = await redis.withClient(async (c) => {
        await settled(c, ws, users);
        const startEvents = await c.xlen(`${PREFIX}:ws:${ws}:events`);
        const before = await snapshot(c);
        await sendAll(gw.url, path, users, messages);
        await settled(c, ws, startEvents + messages);
        const after = await snapshot(c);
        return { before, after };
      });
      const bytesPerMessage = (r.after.usedMemory - r.before.usedMemory) / messages;
      const keysPerMessage = (r.after.keys - r.before.keys) / messages;
      const names = new Set([...r.before.families.keys(), ...r.after.families.keys()]);
      const families = [...names]
        .map((family) => {
          const a = r.after.families.get(family) ?? { keys: 0, bytes: 0 };
          const b = r.before.families.get(family) ?? { keys: 0, bytes: 0 };
          return { family, keys: a.keys - b.keys, bytes: a.bytes - b.bytes };
        })
        .filter((f) => f.bytes !== 0 || f.keys !== 0)
        .sort((x, y) => y.bytes - x.bytes);
      const per = (n: number): string => (n / messages).toFixed(1);
      const eventLogBytesPerMessage = families.filter((f) => /:ws:\*:events$/.test(f.family)).reduce((a, f) => a + f.bytes, 0) / messages;
      const withoutLog = bytesPerMessage - eventLogBytesPerMessage;
      const notes = [
        `${messages} TalkTalk texts of ${BENCH_TEXT.length} characters (${Buffer.byteLength(BENCH_TEXT)} UTF-8 bytes) from ${users} customers with open conversations`,
        `by key family (MEMORY USAGE, per message): ${families.map((f) => `${f.family} ${per(f.bytes)} B / ${per(f.keys)} keys`).join('; ')}`,
      ];
      const rows: BenchRow[] = [
        {
          name: 'redis memory per inbound message, all of it',
          measured: `${bytesPerMessage.toFixed(0)} B, ${keysPerMessage.toFixed(2)} keys`,
          baseline: `before: ${BEFORE.total} (same bench)`,
          target: `≤ ${MEMORY_TARGET_BYTES} B`,
          met: bytesPerMessage <= MEMORY_TARGET_BYTES,
        },
        {
          name: 'redis memory per inbound message, without its event-log entry',
          measured: `${withoutLog.toFixed(0)} B (event-log entry: ${eventLogBytesPerMessage.toFixed(0)} B, kept EVENT_RETENTION_DAYS)`,
          baseline: `before: ${BEFORE.withoutLog}`,
          target: `≤ ${MEMORY_TARGET_BYTES} B`,
          met: withoutLog <= MEMORY_TARGET_BYTES,
        },
      ];
      return { messages, bytesPerMessage, eventLogBytesPerMessage, keysPerMessage, families, rows, notes };
    } finally {
      await gw.kill();
    }
  } finally {
    await redis.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runMemoryBench();
  for (const n of r.notes) console.log(n);
  console.log('');
  console.log(`used_memory per message: ${r.bytesPerMessage.toFixed(0)} B, of which its event-log entry ${r.eventLogBytesPerMessage.toFixed(0)} B (target ≤ ${MEMORY_TARGET_BYTES} B); keys per message: ${r.keysPerMessage.toFixed(2)}`);
  console.log('');
  console.log('| key family | keys / message | bytes / message (MEMORY USAGE) |');
  console.log('|---|---|---|');
  for (const f of r.families) console.log(`| \`${f.family}\` | ${(f.keys / r.messages).toFixed(2)} | ${(f.bytes / r.messages).toFixed(1)} |`);
  process.exit(0);
}

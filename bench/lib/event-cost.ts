// What writing the integration events costs per inbound message, measured in the same run as
// its baseline: (1) two ROLE=all gateways, one with events and one without, under the same
// webhook load in alternating rounds; (2) the Redis time of the store itself (INFO
// commandstats), with and without the event, in alternating batches: Redis is the shared limit.
import { createKeys } from '../../src/infra/keys.js';
import { RedisEventLog } from '../../src/infra/events/event-log.redis.js';
import { RedisConversationStore } from '../../src/infra/stores/conversation-store.redis.js';
import { RedisDispatchStore } from '../../src/infra/stores/dispatch-store.redis.js';
import { RedisMessageStore } from '../../src/infra/stores/message-store.redis.js';
import type { CpuUse } from './cpu.js';
import { combine, runLoad, type LoadRequest, type LoadResult } from './load.js';
import type { BenchRedis } from './redis.js';
import type { ServerChild } from './server-child.js';

interface Measured {
  load: LoadResult;
  cpu: CpuUse;
}

/** the ingest bench's helpers this phase reuses */
export interface Kit {
  naverPath(gw: ServerChild): Promise<string>;
  naverRequests(path: string, users: number): LoadRequest[];
  gatewayChild(redis: BenchRedis, prefix: string, env: Record<string, string>, noEvents?: boolean): Promise<ServerChild>;
  measured(redis: BenchRedis, server: ServerChild, run: () => Promise<LoadResult>): Promise<Measured>;
  meanCpu(xs: CpuUse[]): CpuUse;
  rounds: number;
}

/**
 * The cost of writing each inbound message's integration event: two ROLE=all gateways, one
 * writing events and one not (the only place that switch exists), measured in alternating
 * rounds, each round starting with empty mailboxes so neither drains the other's backlog.
 */
export async function eventCost(
  redis: BenchRedis,
  o: { seconds: number; connections: number; users: number },
  k: Kit,
): Promise<{ on: Measured & { processedPerSec: number }; off: Measured & { processedPerSec: number }; events: number }> {
  await redis.flush();
  const [on, off] = await Promise.all([k.gatewayChild(redis, 'ge', { ROLE: 'all' }), k.gatewayChild(redis, 'gn', { ROLE: 'all' }, true)]);
  try {
    const targets = [
      { server: on, prefix: 'ge', requests: k.naverRequests(await k.naverPath(on), o.users), runs: [] as Measured[], processed: 0, ms: 0 },
      { server: off, prefix: 'gn', requests: k.naverRequests(await k.naverPath(off), o.users), runs: [] as Measured[], processed: 0, ms: 0 },
    ];
    const drained = async (prefix: string): Promise<void> => {
      const keys = createKeys(prefix);
      for (let i = 0; i < 600; i++) {
        if ((await redis.withClient((r) => r.scard(keys.inboxNonEmpty()))) === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    for (const t of targets) await runLoad({ url: t.server.url, connections: o.connections, duration: 2, requests: t.requests });
    const roundSeconds = Math.max(1, Math.round(o.seconds / k.rounds));
    for (let round = 0; round < k.rounds; round++) {
      for (const t of targets) {
        await Promise.all(targets.map((x) => drained(x.prefix)));
        // processed = acknowledged and taken out of the mailboxes by the workers (events written)
        const started = Date.now();
        const run = await k.measured(redis, t.server, () => runLoad({ url: t.server.url, connections: o.connections, duration: roundSeconds, requests: t.requests }));
        await drained(t.prefix);
        t.runs.push(run);
        t.processed += run.load.ok;
        t.ms += Date.now() - started;
      }
    }
    await drained('ge');
    // proof of work: the events the measured gateway wrote (the other wrote none)
    const events = await redis.withClient(async (r) => {
      let n = 0;
      for (const key of await r.keys('ge:ws:*:events')) n += await r.xlen(key);
      return n;
    });
    const [a, b] = targets.map((t) => ({
      load: combine(t.runs.map((r) => r.load)),
      cpu: k.meanCpu(t.runs.map((r) => r.cpu)),
      processedPerSec: (t.processed * 1000) / t.ms,
    }));
    return { on: a!, off: b!, events };
  } finally {
    await Promise.all([on.kill(), off.kill()]);
  }
}

/** Redis µs per stored inbound message (EXEC's time from INFO commandstats), with and without its event */
export async function redisEventCost(redis: BenchRedis, batch = 2000, rounds = 4): Promise<{ on: number; off: number }> {
  await redis.flush();
  return redis.withClient(async (r) => {
    const keys = createKeys('ec');
    const stores = (enabled: boolean): RedisDispatchStore => {
      const log = new RedisEventLog(r, keys, { retentionMs: 7 * 86_400_000, enabled, now: () => new Date() });
      return new RedisDispatchStore(r, keys, new RedisConversationStore(r, keys, log, 90 * 86_400), new RedisMessageStore(r, keys, log, 90 * 86_400));
    };
    const usec = async (): Promise<number> => {
      const info = await r.info('commandstats');
      // EXEC's time includes every command of the transaction (which are also counted on their own)
      return Number(/cmdstat_exec:calls=\d+,usec=(\d+)/.exec(info)?.[1] ?? 0);
    };
    const total = { on: 0, off: 0 };
    let n = 0;
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['on', 'off'] as const) {
        const store = stores(mode === 'on');
        const before = await usec();
        for (let i = 0; i < batch; i++, n++) {
          const at = new Date().toISOString();
          const conv = `conv_${n % 100}`;
          await store.commit({
            key: `k${n}`,
            workspaceId: 'ws_bench',
            prev: null,
            next: null,
            cause: { key: `k${n}`, by: 'auto', at },
            inbound: { id: `msg_${n}`, conversationId: conv, direction: 'in', from: 'customer', kind: 'text', text: '안녕하세요, 주문한 상품 배송이 언제 되는지 궁금합니다. 확인 부탁드려요.', status: 'received', createdAt: at },
            outbound: [],
          });
        }
        total[mode] += (await usec()) - before;
      }
    }
    return { on: total.on / (batch * rounds), off: total.off / (batch * rounds) };
  });
}

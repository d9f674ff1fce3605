// Reads the event logs of the workspaces that have endpoints and hands each event to the chain
// of every endpoint that wants it. Each workspace has one cursor; a batch moves it with a
// compare-and-set in the same script as the appends, so several processes may read the same
// log and each event still lands in each chain once, in log order. A sweep re-queues the heads
// of chains whose job was lost in a crash, and measures the oldest undelivered event.
import type { RedisClient as Redis } from '../redis-client.js';
import { wantsEvent } from '../../domain/webhook.js';
import type { Keys } from '../keys.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RedisWebhookStore } from '../stores/webhook-store.redis.js';
import type { ChainItem, WebhookChains } from './webhook-chains.redis.js';
import type { WebhookQueue } from './webhook-queue.js';

export interface DispatcherDeps {
  redis: Redis;
  /** a connection of its own: XREAD BLOCK holds it */
  blocking: Redis;
  keys: Keys;
  store: RedisWebhookStore;
  chains: WebhookChains;
  queue: WebhookQueue;
  metrics: Metrics;
  log: Logger;
  blockMs?: number;
  sweepMs?: number;
}

export interface Dispatcher {
  /** one sweep now (tests) */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

type StreamEntries = [id: string, fields: string[]][];
const BATCH = 500;

export function startWebhookDispatcher(d: DispatcherDeps): Dispatcher {
  let running = true;
  const blockMs = d.blockMs ?? 1000;

  const dispatch = async (ws: string, expected: string, entries: StreamEntries): Promise<void> => {
    // disabled endpoints get their events too: the worker lists them as failed at once, so
    // after re-enabling, `resend {since}` catches up on what was missed
    const endpoints = await d.store.list(ws);
    const items: ChainItem[] = [];
    for (const [, fields] of entries) {
      const json = fields[fields.indexOf('e') + 1];
      if (!json) continue;
      const event = JSON.parse(json) as { id: string; type: string; conversationId: string | null };
      for (const ep of endpoints) {
        if (wantsEvent(ep, event.type)) items.push({ endpointId: ep.id, conversationId: event.conversationId, token: event.id, eventJson: json });
      }
    }
    const last = entries[entries.length - 1]?.[0] ?? expected;
    const started = await d.chains.append({ key: d.keys.webhookCursor(ws), expected, next: last }, items);
    if (!started) return; // another process moved this cursor first; it appended these
    for (const chain of started) {
      const first = items.find((i) => d.chains.chainKey(i.endpointId, i.conversationId) === chain);
      if (first) await d.queue.enqueue({ endpointId: first.endpointId, chain, token: first.token });
    }
  };

  const readOnce = async (): Promise<void> => {
    const wss = await d.store.workspacesWithEndpoints();
    const cursors = wss.length ? await d.redis.mget(wss.map((ws) => d.keys.webhookCursor(ws))) : [];
    const live = wss.map((ws, i) => ({ ws, cursor: cursors[i] ?? null })).filter((x): x is { ws: string; cursor: string } => x.cursor !== null);
    if (live.length === 0) {
      await new Promise((r) => setTimeout(r, Math.min(blockMs, 500)));
      return;
    }
    const byStream = new Map(live.map((x) => [d.keys.events(x.ws), x]));
    const res = (await d.blocking.xread('COUNT', BATCH, 'BLOCK', blockMs, 'STREAMS', ...byStream.keys(), ...live.map((x) => x.cursor)));
    for (const [stream, entries] of res ?? []) {
      const x = byStream.get(stream);
      if (x && entries.length) await dispatch(x.ws, x.cursor, entries);
    }
  };

  const loop = (async () => {
    while (running) {
      try {
        await readOnce();
      } catch (err) {
        if (!running) break;
        d.log.warn({ err: (err as Error).message }, 'webhook dispatcher read failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  let measured = new Set<string>();
  const sweep = async (): Promise<void> => {
    const oldest = new Map<string, number>();
    for await (const chain of d.chains.nonEmptyChains()) {
      const head = await d.chains.head(chain);
      if (!head) continue;
      const endpointId = d.chains.endpointOf(chain);
      await d.queue.enqueue({ endpointId, chain, token: head.token });
      const at = Date.parse((JSON.parse(head.eventJson) as { timestamp: string }).timestamp);
      if (!Number.isNaN(at)) oldest.set(endpointId, Math.min(oldest.get(endpointId) ?? at, at));
    }
    for (const ep of measured) if (!oldest.has(ep)) d.metrics.webhookOldestUndelivered.set({ endpoint: ep }, 0);
    for (const [ep, at] of oldest) d.metrics.webhookOldestUndelivered.set({ endpoint: ep }, Math.max(0, (Date.now() - at) / 1000));
    measured = new Set([...measured, ...oldest.keys()]);
  };
  let sweeping: Promise<void> | null = null;
  const timer = setInterval(() => {
    sweeping ??= sweep()
      .catch((err: Error) => d.log.warn({ err: err.message }, 'webhook sweep failed'))
      .finally(() => (sweeping = null));
  }, d.sweepMs ?? 2000);
  timer.unref();

  return {
    sweep,
    async stop() {
      running = false;
      clearInterval(timer);
      d.blocking.disconnect();
      await loop;
      await sweeping;
    },
  };
}

// Delivers the head of one chain per job. The outcome settles the chain (2xx, 410, or the last
// attempt given up) and queues the next head; a failure with attempts left moves the job to
// the delayed set for the schedule's next delay (or the receiver's Retry-After), so a failing
// conversation holds only its own chain and no worker slot while it waits.
import { DelayedError, Worker } from 'bullmq';
import type { RedisClient as Redis } from '../redis-client.js';
import type { WebhookEndpoint } from '../../domain/webhook.js';
import { signingSecrets } from '../../domain/webhook.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { STALL_RECOVERY } from '../queues/bull-queues.js';
import type { RedisWebhookStore } from '../stores/webhook-store.redis.js';
import type { TargetGuard } from '../target-guard.js';
import { deliverOnce, type DeliveryResult } from './deliver.js';
import type { AttemptRecord, WebhookChains } from './webhook-chains.redis.js';
import { WEBHOOK_QUEUE, type WebhookJob, type WebhookQueue } from './webhook-queue.js';

export interface WebhookWorkerDeps {
  connection: Redis;
  prefix: string;
  queue: WebhookQueue;
  chains: WebhookChains;
  store: RedisWebhookStore;
  guard: TargetGuard;
  metrics: Metrics;
  log: Logger;
  /** delays before each retry; attempts = delays + 1 */
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  concurrency: number;
  now: () => Date;
}

/**
 * At most this share of a process's worker slots waits on one endpoint, so an endpoint that
 * hangs (15 s per attempt, many conversations) cannot take every slot from the others.
 */
export const ENDPOINT_SHARE = 0.5;
/** how soon a job put aside because its endpoint has its share in flight looks again */
const BUSY_RECHECK_MS = 200;

/** Retry-After is honoured up to a day; longer asks are clipped */
const MAX_RETRY_AFTER_MS = 86400_000;

/** the schedule's delay before retry number `attempt` (1-based), with ±20 % jitter */
export function retryDelay(delays: readonly number[], attempt: number): number {
  const base = delays[Math.min(attempt, delays.length) - 1] ?? 0;
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

interface EventHead {
  id: string;
  type: string;
  timestamp: string;
  conversationId: string | null;
}

export function createWebhookWorker(d: WebhookWorkerDeps): Worker {
  const maxAttempts = d.retryDelaysMs.length + 1;
  const perEndpoint = Math.max(1, Math.ceil(d.concurrency * ENDPOINT_SHARE));
  const inFlight = new Map<string, number>();

  const advance = async (job: WebhookJob, record: AttemptRecord | null, eventMs: number): Promise<void> => {
    const { next } = await d.chains.settle(job.chain, job.token, record, eventMs, d.now());
    if (next) await d.queue.enqueue({ endpointId: job.endpointId, chain: job.chain, token: next.token });
  };

  const recordOf = (base: Omit<AttemptRecord, 'status' | 'attempts' | 'lastStatusCode' | 'lastError' | 'lastResponse' | 'at'>, status: AttemptRecord['status'], attempts: number, r: DeliveryResult | null, error?: string): AttemptRecord => ({
    ...base,
    status,
    attempts,
    lastStatusCode: r?.statusCode ?? null,
    lastError: error ?? (r && !r.ok ? r.error : null),
    lastResponse: r?.response ?? null,
    at: d.now().toISOString(),
  });

  const disable = async (ep: WebhookEndpoint, reason: string): Promise<void> => {
    const fresh = (await d.store.get(ep.id)) ?? ep;
    await d.store.save({ ...fresh, enabled: false, disabledReason: reason, updatedAt: d.now().toISOString() });
    d.log.warn({ endpointId: ep.id }, 'webhook endpoint disabled: it answered 410 Gone');
  };

  const worker = new Worker<WebhookJob>(
    WEBHOOK_QUEUE,
    async (job, lockToken) => {
      const data = job.data;
      const head = await d.chains.head(data.chain);
      if (!head || head.token !== data.token) {
        // already settled (a crash after the settle, or a doubled job): make sure the real head moves
        if (head) await d.queue.enqueue({ ...data, token: head.token });
        return 'stale';
      }
      const event = JSON.parse(head.eventJson) as EventHead;
      const eventMs = Date.parse(event.timestamp) || Date.now();
      const ep = await d.store.get(data.endpointId, { cached: true });
      if (!ep) {
        await advance(data, null, eventMs);
        return 'endpoint gone';
      }
      const prev = await d.chains.attempt(ep.id, event.id);
      const made = prev?.token === data.token ? prev.attempts : 0;
      const base = { eventId: event.id, type: event.type, token: data.token, conversationId: event.conversationId, event: head.eventJson };
      if (!ep.enabled) {
        await advance(data, recordOf(base, 'failed', made, null, `the endpoint is disabled${ep.disabledReason ? ` (${ep.disabledReason})` : ''}; enable it and resend`), eventMs);
        return 'disabled';
      }
      const busy = inFlight.get(ep.id) ?? 0;
      if (busy >= perEndpoint) {
        // not an attempt: wait for a slot this endpoint may use
        await job.moveToDelayed(Date.now() + BUSY_RECHECK_MS + Math.round(Math.random() * BUSY_RECHECK_MS), lockToken);
        throw new DelayedError();
      }
      inFlight.set(ep.id, busy + 1);
      const now = d.now();
      let result: DeliveryResult;
      try {
        result = await deliverOnce({ url: ep.url, eventId: event.id, body: head.eventJson, secrets: signingSecrets(ep, now), now }, d.guard, d.timeoutMs);
      } finally {
        const left = (inFlight.get(ep.id) ?? 1) - 1;
        if (left > 0) inFlight.set(ep.id, left);
        else inFlight.delete(ep.id);
      }
      const attempts = made + 1;
      if (result.ok) {
        d.metrics.webhookDeliveries.inc({ endpoint: ep.id, outcome: 'delivered' });
        d.metrics.webhookLatency.observe({ endpoint: ep.id }, Math.max(0, (Date.now() - eventMs) / 1000));
        await advance(data, recordOf(base, 'delivered', attempts, result), eventMs);
        return 'delivered';
      }
      if (result.statusCode === 410) {
        d.metrics.webhookDeliveries.inc({ endpoint: ep.id, outcome: 'disabled' });
        await disable(ep, `the receiver answered 410 Gone at ${now.toISOString()}`);
        await advance(data, recordOf(base, 'failed', attempts, result), eventMs);
        return 'disabled';
      }
      if (attempts >= maxAttempts) {
        d.metrics.webhookDeliveries.inc({ endpoint: ep.id, outcome: 'failed' });
        d.log.warn({ endpointId: ep.id, eventId: event.id, attempts, error: result.error }, 'webhook delivery given up');
        await advance(data, recordOf(base, 'failed', attempts, result), eventMs);
        return 'failed';
      }
      d.metrics.webhookDeliveries.inc({ endpoint: ep.id, outcome: 'retry' });
      await d.chains.recordPending(ep.id, recordOf(base, 'pending', attempts, result), now);
      const delay = result.retryAfterMs !== null ? Math.min(result.retryAfterMs, MAX_RETRY_AFTER_MS) : retryDelay(d.retryDelaysMs, attempts);
      await job.moveToDelayed(Date.now() + delay, lockToken);
      throw new DelayedError();
    },
    { connection: d.connection, prefix: d.prefix, concurrency: d.concurrency, ...STALL_RECOVERY },
  );
  worker.on('error', (err) => d.log.warn({ err: err.message }, 'webhook worker error'));
  return worker;
}

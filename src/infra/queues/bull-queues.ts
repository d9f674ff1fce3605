// The BullMQ queues and the ports the use cases see (OutboundQueue, InboundQueue, TimerQueue).
// Queue names carry no ':'; every key lives under REDIS_PREFIX.
import { Queue, type JobsOptions } from 'bullmq';
import type { RedisClient as Redis } from '../redis-client.js';
import { createHash } from 'node:crypto';
import type { InboundQueue, OutboundQueue, TimerQueue } from '../../app/ports.js';
import type { Keys } from '../keys.js';

export const QUEUE_NAMES = { inbound: 'inbound', outbound: 'outbound', timers: 'timers' } as const;

/**
 * How soon the active jobs of a process that died (kill -9, OOM) go to another worker, and why a
 * live worker's job is not taken from it.
 *
 * A dead worker's job lock runs out at most lockDuration after its death; the next stalled check
 * (every stalledInterval, whichever worker gets there first) that finds the job marked and the
 * lock gone puts it back in wait: another worker has it at most 8 + 3 = 11 s after the death
 * (measured by test/integration/faults/recovery-time.test.ts; the bound there is 15 s).
 *
 * A live worker renews the locks of all its active jobs on a timer, not when a job makes
 * progress, so a slow send keeps its lock however long it takes: renewal every lockRenewTime
 * (BullMQ checks every lockRenewTime / 2 and renews what is due), lock 8 s, so only a worker
 * whose event loop or Redis link stalls for ~6 s could lose a job it is still running. That is
 * more slack than BullMQ's default ratio (renewal at lockDuration / 2). Should it happen anyway,
 * a second run of a send finds the message already settled ('sent' is skipped) or behind the
 * conversation's sequence gate; only two runs inside the same platform call could both deliver.
 *
 * maxStalledCount: a job found stalled more often than this is failed instead of retried (a job
 * that kills its worker each time). Sends then wait in the failed set, the dead-letter view; 3
 * keeps two crashes in a row during one send from parking it there.
 */
export const STALL_RECOVERY = { lockDuration: 8_000, lockRenewTime: 2_000, stalledInterval: 3_000, maxStalledCount: 3 } as const;

export interface SendPolicy {
  attempts: number;
  backoffMs: number;
}

export interface Queues {
  readonly inbound: Queue;
  readonly outbound: Queue;
  readonly timers: Queue;
  readonly prefix: string;
  readonly outboundPort: OutboundQueue;
  readonly inboundPort: InboundQueue;
  readonly timerPort: TimerQueue;
  close(): Promise<void>;
}

function idFor(kind: string, key: string): string {
  return `${kind}-${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
}

export function bullPrefix(keys: Keys): string {
  return `${keys.prefix}:bq`;
}

export function createQueues(connection: Redis, keys: Keys, policy: SendPolicy): Queues {
  const prefix = bullPrefix(keys);
  // BullMQ's own event stream per queue (nobody here reads it) is capped at 1,000 entries, not its
  // default 10,000: it would otherwise hold ~50 bytes per processed job
  const opts = { connection, prefix, skipWaitingForReady: true, streams: { events: { maxLen: 1000 } } };
  const inbound = new Queue(QUEUE_NAMES.inbound, opts);
  const outbound = new Queue(QUEUE_NAMES.outbound, opts);
  const timers = new Queue(QUEUE_NAMES.timers, opts);
  for (const q of [inbound, outbound, timers]) q.on('error', () => undefined);

  const sendJob = (delayMs?: number): JobsOptions => ({
    attempts: policy.attempts,
    backoff: { type: 'custom' },
    removeOnComplete: { age: 3600, count: 5000 },
    // failed sends stay: the failed set is the dead-letter view
    removeOnFail: false,
    ...(delayMs ? { delay: delayMs } : {}),
  });

  const outboundPort: OutboundQueue = {
    async add(messageId, o = {}) {
      await outbound.add('send', { messageId, replay: o.replay ?? false }, { ...sendJob(o.delayMs), jobId: messageId });
    },
    async promote(messageId) {
      const job = await outbound.getJob(messageId);
      if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
    },
    async discard(messageId) {
      // a job already running (its hold ran out) cannot be removed; it finds the message delivered
      await outbound.remove(messageId).catch(() => undefined);
    },
    async has(messageId) {
      return (await outbound.getJob(messageId)) !== undefined;
    },
  };

  const inboundPort: InboundQueue = {
    async drain(mailbox) {
      // nothing kept: the job id must be free again for the next drain of the same mailbox
      await inbound.add('drain', { mailbox }, { jobId: idFor('drain', mailbox), attempts: 20, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: true });
    },
  };

  const timerPort: TimerQueue = {
    async scheduleAutoClose(conversationId, at) {
      const jobId = idFor('autoclose', conversationId);
      await timers.remove(jobId).catch(() => undefined);
      await timers.add('auto-close', { conversationId }, { jobId, delay: Math.max(0, at.getTime() - Date.now()), removeOnComplete: true, removeOnFail: { age: 86400 }, attempts: 5, backoff: { type: 'exponential', delay: 1000 } });
    },
    async cancelAutoClose(conversationId) {
      await timers.remove(idFor('autoclose', conversationId)).catch(() => undefined);
    },
  };

  return {
    inbound,
    outbound,
    timers,
    prefix,
    outboundPort,
    inboundPort,
    timerPort,
    async close() {
      await Promise.all([inbound.close(), outbound.close(), timers.close()]);
    },
  };
}

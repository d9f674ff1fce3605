// The BullMQ queues and the ports the use cases see (OutboundQueue, InboundQueue, TimerQueue).
// Queue names carry no ':'; every key lives under REDIS_PREFIX.
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import type { InboundQueue, OutboundQueue, TimerQueue } from '../../app/ports.js';
import type { Keys } from '../keys.js';

export const QUEUE_NAMES = { inbound: 'inbound', outbound: 'outbound', timers: 'timers' } as const;

/**
 * How soon the active jobs of a process that died (kill -9, OOM) go to another worker. With
 * BullMQ's defaults (30 s lock, a check every 30 s) a crash held conversations for 60-90 s.
 */
export const STALL_RECOVERY = { lockDuration: 10_000, stalledInterval: 5_000 } as const;

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
  const opts = { connection, prefix, skipWaitingForReady: true };
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

// Delayed jobs that must survive restarts: the auto-close timer of a conversation (PB-21).
import { Worker } from 'bullmq';
import type { RedisClient as Redis } from '../redis-client.js';
import type { Logger } from '../logger.js';
import { QUEUE_NAMES, STALL_RECOVERY } from './bull-queues.js';

export interface TimerWorkerDeps {
  connection: Redis;
  prefix: string;
  onAutoClose(conversationId: string, firedAt: number): Promise<void>;
  log: Logger;
}

export function createTimerWorker(d: TimerWorkerDeps): Worker {
  const worker = new Worker(
    QUEUE_NAMES.timers,
    async (job) => {
      if (job.name === 'auto-close') {
        const { conversationId } = job.data as { conversationId: string };
        await d.onAutoClose(conversationId, job.timestamp + (job.opts.delay ?? 0));
      }
    },
    { connection: d.connection, prefix: d.prefix, concurrency: 5, ...STALL_RECOVERY },
  );
  worker.on('error', (err) => d.log.warn({ err: err.message }, 'timer worker error'));
  return worker;
}

// Runs sendOutbound for each job and maps its outcome onto BullMQ: wait → delayed without
// using an attempt, retry → throw (custom backoff honours Retry-After), failed → Unrecoverable.
import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import type { RedisClient as Redis } from '../redis-client.js';
import { ChannelSendError } from '../../domain/errors.js';
import { sendOutbound, type SendDeps } from '../../app/send-outbound.js';
import type { Logger } from '../logger.js';
import { QUEUE_NAMES, STALL_RECOVERY, type SendPolicy } from './bull-queues.js';

export interface OutboundWorkerDeps {
  connection: Redis;
  prefix: string;
  send: SendDeps;
  policy: SendPolicy;
  concurrency: number;
  log: Logger;
}

/** exponential from backoffMs with ±25 % jitter; a platform's Retry-After wins */
export function sendBackoff(policy: SendPolicy) {
  return (attemptsMade: number, _type?: string, err?: Error): number => {
    if (err instanceof ChannelSendError && err.retryAfterMs !== null) return Math.min(err.retryAfterMs, 600_000);
    const base = policy.backoffMs * 2 ** Math.max(0, attemptsMade - 1);
    return Math.round(base * (0.75 + Math.random() * 0.5));
  };
}

export function createOutboundWorker(d: OutboundWorkerDeps): Worker {
  const worker = new Worker(
    QUEUE_NAMES.outbound,
    async (job, token) => {
      const data = job.data as { messageId: string; replay?: boolean };
      const outcome = await sendOutbound(d.send, {
        messageId: data.messageId,
        attemptsMade: job.attemptsMade,
        maxAttempts: job.opts.attempts ?? d.policy.attempts,
        replay: data.replay ?? false,
      });
      switch (outcome.type) {
        case 'sent':
        case 'skipped':
          return outcome;
        case 'wait':
          await job.moveToDelayed(Date.now() + outcome.ms, token);
          if (outcome.stillBlocked && !(await outcome.stillBlocked())) {
            // settled between our check and the move: the predecessor's promote missed us
            setImmediate(() => void job.promote().catch(() => undefined));
          }
          throw new DelayedError();
        case 'retry':
          throw outcome.error;
        case 'failed':
          throw new UnrecoverableError(outcome.error.message);
      }
    },
    {
      connection: d.connection,
      prefix: d.prefix,
      concurrency: d.concurrency,
      ...STALL_RECOVERY,
      settings: { backoffStrategy: sendBackoff(d.policy) },
    },
  );
  worker.on('error', (err) => d.log.warn({ err: err.message }, 'outbound worker error'));
  return worker;
}

// The webhook delivery queue (BullMQ, its own queue family). A job is the head of one chain;
// its id comes from the endpoint and the queued copy's token, so putting the same head on the
// queue twice (dispatcher, worker and sweep after a crash) yields one job.
import { Queue } from 'bullmq';
import type { RedisClient as Redis } from '../redis-client.js';
import { createHash } from 'node:crypto';

export const WEBHOOK_QUEUE = 'webhooks';

export interface WebhookJob {
  endpointId: string;
  chain: string;
  token: string;
}

export interface WebhookQueue {
  readonly queue: Queue;
  enqueue(job: WebhookJob): Promise<void>;
  close(): Promise<void>;
}

export function webhookJobId(endpointId: string, token: string): string {
  return `wh-${createHash('sha256').update(`${endpointId}\n${token}`).digest('base64url').slice(0, 22)}`;
}

export function createWebhookQueue(connection: Redis, prefix: string): WebhookQueue {
  const queue = new Queue(WEBHOOK_QUEUE, { connection, prefix, skipWaitingForReady: true });
  queue.on('error', () => undefined);
  return {
    queue,
    async enqueue(job) {
      // a job leaves the queue only after its chain moved on, so nothing needs keeping;
      // a job that failed unexpectedly is dropped and the sweep queues the head again
      await queue.add('deliver', job, { jobId: webhookJobId(job.endpointId, job.token), attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true });
    },
    close: () => queue.close(),
  };
}

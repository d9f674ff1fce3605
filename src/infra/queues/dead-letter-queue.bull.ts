// The outbound queue's failed set seen as the dead-letter view (DeadLetterQueue port): read
// newest first straight from BullMQ's sorted set, and moved back to waiting for a replay.
import type { Queue } from 'bullmq';
import type { RedisClient as Redis } from '../redis-client.js';
import type { DeadLetterQueue, FailedEntry, FailedPosition } from '../../app/dead-letters.js';
import type { Keys } from '../keys.js';

const CHUNK = 200;
const POLL_MS = 50;

function parseStoredError(raw: string | null | undefined): FailedEntry['lastError'] {
  if (!raw) return null;
  try {
    const e = JSON.parse(raw) as { code?: unknown; message?: unknown } | null;
    return e && typeof e.code === 'string' ? { code: e.code, message: typeof e.message === 'string' ? e.message : '' } : null;
  } catch {
    return null;
  }
}

export function createDeadLetterQueue(redis: Redis, keys: Keys, outbound: Queue): DeadLetterQueue {
  const failedKey = outbound.keys['failed'] ?? outbound.toKey('failed');

  async function withJobFields(pairs: string[]): Promise<FailedEntry[]> {
    const ids: { id: string; failedAt: number }[] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) ids.push({ id: pairs[i] ?? '', failedAt: Number(pairs[i + 1]) });
    if (ids.length === 0) return [];
    const pipe = redis.pipeline();
    for (const { id } of ids) {
      pipe.hmget(outbound.toKey(id), 'atm', 'failedReason');
      // the error the send use case stored with the message (its code is the one operators filter on)
      pipe.hget(keys.message(id), 'error');
    }
    const rows = (await pipe.exec()) ?? [];
    return ids.map(({ id, failedAt }, i) => {
      const [atm, reason] = (rows[2 * i]?.[1] as (string | null)[] | undefined) ?? [];
      const stored = rows[2 * i + 1]?.[1] as string | null | undefined;
      return { id, failedAt, attemptsMade: Number(atm ?? 0), failedReason: reason ?? null, lastError: parseStoredError(stored) };
    });
  }

  return {
    async *scanFailed(from: { before?: FailedPosition; since?: number }) {
      const max = from.before ? String(from.before.failedAt) : '+inf';
      const min = from.since !== undefined ? String(from.since) : '-inf';
      // offsets over one score range: entries added meanwhile are newer than `max` and never seen
      for (let offset = 0; ; offset += CHUNK) {
        const pairs = await redis.zrevrangebyscore(failedKey, max, min, 'WITHSCORES', 'LIMIT', offset, CHUNK);
        for (const e of await withJobFields(pairs)) {
          // equal scores come in descending id order: those at or above the cursor id were seen
          if (from.before && e.failedAt === from.before.failedAt && e.id >= from.before.id) continue;
          yield e;
        }
        if (pairs.length < CHUNK * 2) return;
      }
    },

    async failedEntry(id) {
      const score = await redis.zscore(failedKey, id);
      if (score === null) return null;
      const [entry] = await withJobFields([id, score]);
      return entry ?? null;
    },

    async requeue(id) {
      const job = await outbound.getJob(id);
      if (!job) return false;
      const data = job.data as Record<string, unknown>;
      await job.updateData({ ...data, replay: true });
      try {
        // atomic ZREM from the failed set: of two concurrent retries only one moves the job
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return true;
      } catch {
        return false;
      }
    },

    async waitFinished(id, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const state = await outbound.getJobState(id);
        if (state === 'completed' || state === 'failed' || state === 'unknown') return true;
        if (Date.now() >= deadline) return false;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
  };
}

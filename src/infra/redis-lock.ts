// A short Redis lease (SET NX PX with a random token). It expires by itself, so a crashed
// holder never blocks others for longer than the lease.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export interface Lease {
  extend(): Promise<boolean>;
  release(): Promise<void>;
}

export async function tryLock(redis: Redis, key: string, ttlMs: number): Promise<Lease | null> {
  const token = randomBytes(12).toString('base64url');
  let ok: string | null;
  try {
    ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  } catch (err) {
    // the SET may have reached Redis with only its reply lost: then nobody could release it
    retryRelease(redis, key, token, Date.now() + ttlMs);
    throw err;
  }
  if (ok !== 'OK') return null;
  return {
    extend: async () => (await redis.eval(EXTEND, 1, key, token, String(ttlMs))) === 1,
    release: async () => {
      try {
        await redis.eval(RELEASE, 1, key, token);
      } catch (err) {
        retryRelease(redis, key, token, Date.now() + ttlMs);
        throw err;
      }
    },
  };
}

// A lease whose SET or release failed because Redis blinked would block everyone else for the
// rest of its ttl (30 s for an inbox lease). Hand it back as soon as Redis answers again; the
// token check makes this a no-op when the key is not ours.
function retryRelease(redis: Redis, key: string, token: string, until: number, delay = 100): void {
  setTimeout(() => {
    if (redis.status === 'end' || Date.now() > until) return;
    redis.eval(RELEASE, 1, key, token).catch(() => retryRelease(redis, key, token, until, Math.min(delay * 2, 1000)));
  }, delay).unref();
}

/** Waits for the lease (polling) up to waitMs; throws when it cannot get it. */
export async function lock(redis: Redis, key: string, ttlMs: number, waitMs: number): Promise<Lease> {
  const deadline = Date.now() + waitMs;
  let delay = 5;
  for (;;) {
    const lease = await tryLock(redis, key, ttlMs);
    if (lease) return lease;
    if (Date.now() > deadline) throw new Error(`lock ${key} busy for ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 50);
  }
}

export async function withLock<T>(redis: Redis, key: string, fn: () => Promise<T>, ttlMs = 15_000, waitMs = 10_000): Promise<T> {
  const lease = await lock(redis, key, ttlMs, waitMs);
  try {
    return await fn();
  } finally {
    await lease.release();
  }
}

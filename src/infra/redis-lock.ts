// A short Redis lease (SET NX PX with a random token). It expires by itself, so a crashed
// holder never blocks others for longer than the lease. A live holder keeps it: a timer extends
// it every third of its ttl, compare-and-extend on the token, for as long as the work runs. So
// the ttl only has to outlast a pause of the holder's event loop, not the longest piece of work,
// and a killed holder's lease comes free within seconds.
import { randomBytes } from 'node:crypto';
import type { RedisClient as Redis } from './redis-client.js';
import { LuaScript } from './lua-script.js';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE_SCRIPT = new LuaScript(RELEASE);
const EXTEND_SCRIPT = new LuaScript(EXTEND);

/**
 * Inbox leases and customer/workspace locks. Renewed every 2 s while held, so a holder whose
 * event loop stalls for up to ~4 s keeps it; a killed holder frees it at most 6 s after death.
 */
export const LEASE_TTL_MS = 6_000;

export interface Lease {
  /** true once a renewal found the key gone or someone else's: stop the work it guarded */
  readonly lost: boolean;
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
  return heldLease(redis, key, token, ttlMs);
}

function heldLease(redis: Redis, key: string, token: string, ttlMs: number): Lease {
  let lost = false;
  let lastExtended = Date.now();
  let renewing = false;
  const extend = async (): Promise<boolean> => {
    const startedAt = Date.now();
    const ok = (await EXTEND_SCRIPT.run(redis, [key], [token, String(ttlMs)])) === 1;
    if (ok) lastExtended = startedAt;
    else lost = true;
    return ok;
  };
  const timer = setInterval(() => {
    if (renewing || lost) return;
    renewing = true;
    extend()
      .catch(() => {
        // Redis unreachable: we cannot prove the lease is still ours once its ttl has passed
        if (Date.now() - lastExtended >= ttlMs) lost = true;
      })
      .finally(() => {
        renewing = false;
        if (lost) clearInterval(timer);
      });
  }, Math.max(1, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    extend,
    release: async () => {
      clearInterval(timer);
      try {
        await RELEASE_SCRIPT.run(redis, [key], [token]);
      } catch (err) {
        retryRelease(redis, key, token, Date.now() + ttlMs);
        throw err;
      }
    },
  };
}

// A lease whose SET or release failed because Redis blinked would block everyone else for the
// rest of its ttl. Hand it back as soon as Redis answers again; the token check makes this a
// no-op when the key is not ours.
function retryRelease(redis: Redis, key: string, token: string, until: number, delay = 100): void {
  setTimeout(() => {
    if (redis.status === 'end' || Date.now() > until) return;
    RELEASE_SCRIPT.run(redis, [key], [token]).catch(() => retryRelease(redis, key, token, until, Math.min(delay * 2, 1000)));
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

/**
 * Runs fn under the lease, renewed while fn runs. waitMs stays above the ttl so that a lock left
 * by a killed holder is always outwaited rather than reported as busy.
 */
export async function withLock<T>(redis: Redis, key: string, fn: () => Promise<T>, ttlMs = LEASE_TTL_MS, waitMs = 10_000): Promise<T> {
  const lease = await lock(redis, key, ttlMs, waitMs);
  try {
    return await fn();
  } finally {
    await lease.release();
  }
}

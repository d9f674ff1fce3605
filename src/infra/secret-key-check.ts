// At start, before anything is served: does SECRET_KEY open what this Redis already holds? A
// different key (a lost variable, a second replica that generated its own) would otherwise start
// fine and answer 500 to every webhook and channel read. A constant sealed with the key on first
// start is the quick proof; every channel document is then opened too, and what only
// SECRET_KEY_PREVIOUS opens is re-sealed with SECRET_KEY (the rotation).
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { replaceIfUnchanged } from './replace-if-unchanged.js';
import type { SecretBox } from './secret-box.js';
import { RedisChannelStore } from './stores/channel-store.redis.js';

const CHECK_PLAIN = 'talkgate secret key check v1';

export class SecretKeyMismatchError extends Error {
  override readonly name = 'SecretKeyMismatchError';
  constructor(prefix: string, what: string) {
    super(
      `SECRET_KEY cannot open ${what} this Redis holds under REDIS_PREFIX "${prefix}" (sealed with another key): ` +
        'start with the key it was sealed with, or set that key as SECRET_KEY_PREVIOUS to rotate to this one',
    );
  }
}

export async function checkSecretKey(redis: Redis, keys: Keys, box: SecretBox): Promise<{ resealed: number }> {
  const checkKey = keys.secretKeyCheck();
  const stored = await redis.get(checkKey);
  const check = stored === null ? null : box.tryOpen(stored);
  if (stored !== null && (check === null || check.plain !== CHECK_PLAIN)) throw new SecretKeyMismatchError(keys.prefix, 'the key check');
  const { resealed, unreadable } = await new RedisChannelStore(redis, keys, box).resealAll();
  if (unreadable > 0) throw new SecretKeyMismatchError(keys.prefix, `${unreadable} channel secret(s)`);
  if (stored === null) {
    const written = await redis.set(checkKey, box.seal(CHECK_PLAIN), 'NX');
    // another process wrote its check first: it must be sealed with this same key
    if (written === null) return checkSecretKey(redis, keys, box);
  } else if (check?.stale) {
    // only after every channel is re-sealed: from now on the previous key is no longer needed
    await replaceIfUnchanged(redis, checkKey, stored, box.seal(CHECK_PLAIN));
  }
  return { resealed };
}

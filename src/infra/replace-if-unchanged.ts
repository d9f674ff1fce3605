// Compare-and-set on a string key: write `fresh` only if the key still holds `expected`, so a
// background rewrite (a re-seal) never overwrites what another process saved in between.
import type { Redis } from 'ioredis';

const SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0`;

export async function replaceIfUnchanged(redis: Redis, key: string, expected: string, fresh: string): Promise<boolean> {
  return Number(await redis.eval(SCRIPT, 1, key, expected, fresh)) === 1;
}

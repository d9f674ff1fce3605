// At start, before anything is served: does SECRET_KEY open what this Redis already holds? A
// different key (a lost variable, a second replica that generated its own) would otherwise start
// fine and answer 500 to every webhook and channel read. A constant sealed with the key on first
// start is the quick proof; every sealed document is then opened too, and what only
// SECRET_KEY_PREVIOUS opens is re-sealed with SECRET_KEY (the rotation).
import type { RedisClient as Redis } from './redis-client.js';
import type { Keys } from './keys.js';
import type { SecretBox } from './secret-box.js';

const CHECK_PLAIN = 'talkgate secret key check v1';
/** write only if nobody changed the key since it was read (a save, another process's re-seal) */
const REPLACE_IF_UNCHANGED = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0`;
const BATCH = 200;

/** JSON documents with a `sealed` field (SecretBox output) that a store keeps, e.g. channels */
export interface SealedDocuments {
  /** how a refusal names them: "channel secret(s)" */
  readonly what: string;
  documentKeys(): Promise<readonly string[]>;
}

export class SecretKeyMismatchError extends Error {
  override readonly name = 'SecretKeyMismatchError';
  constructor(prefix: string, what: string) {
    super(
      `SECRET_KEY cannot open ${what} this Redis holds under REDIS_PREFIX "${prefix}" (sealed with another key): ` +
        'start with the key it was sealed with, or set that key as SECRET_KEY_PREVIOUS to rotate to this one',
    );
  }
}

async function replaceIfUnchanged(
  redis: Redis,
  key: string,
  expected: string,
  fresh: string,
): Promise<boolean> {
  return Number(await redis.eval(REPLACE_IF_UNCHANGED, 1, key, expected, fresh)) === 1;
}

/** re-seals with SECRET_KEY what only the previous key opens; counts what no key opens */
async function resealDocuments(
  redis: Redis,
  box: SecretBox,
  docKeys: readonly string[],
): Promise<{ resealed: number; unreadable: number }> {
  let resealed = 0;
  let unreadable = 0;
  for (let i = 0; i < docKeys.length; i += BATCH) {
    const batch = docKeys.slice(i, i + BATCH);
    const raws = await redis.mget(batch);
    for (const [j, raw] of raws.entries()) {
      if (raw === null) continue;
      const doc = JSON.parse(raw) as { sealed: string };
      const opened = box.tryOpen(doc.sealed);
      if (!opened) unreadable++;
      else if (
        opened.stale &&
        (await replaceIfUnchanged(
          redis,
          batch[j] as string,
          raw,
          JSON.stringify({ ...doc, sealed: box.seal(opened.plain) }),
        ))
      )
        resealed++;
    }
  }
  return { resealed, unreadable };
}

export async function checkSecretKey(
  redis: Redis,
  keys: Keys,
  box: SecretBox,
  sealed: readonly SealedDocuments[],
): Promise<{ resealed: number }> {
  const checkKey = keys.secretKeyCheck();
  const stored = await redis.get(checkKey);
  const check = stored === null ? null : box.tryOpen(stored);
  if (stored !== null && (check === null || check.plain !== CHECK_PLAIN))
    throw new SecretKeyMismatchError(keys.prefix, 'the key check');
  let resealed = 0;
  for (const docs of sealed) {
    const r = await resealDocuments(redis, box, await docs.documentKeys());
    if (r.unreadable > 0) throw new SecretKeyMismatchError(keys.prefix, `${r.unreadable} ${docs.what}`);
    resealed += r.resealed;
  }
  if (stored === null) {
    const written = await redis.set(checkKey, box.seal(CHECK_PLAIN), 'NX');
    // another process wrote its check first: it must be sealed with this same key
    if (written === null) return checkSecretKey(redis, keys, box, sealed);
  } else if (check?.stale) {
    // only after every document is re-sealed: from now on the previous key is no longer needed
    await replaceIfUnchanged(redis, checkKey, stored, box.seal(CHECK_PLAIN));
  }
  return { resealed };
}

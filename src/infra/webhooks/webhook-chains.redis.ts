// Per endpoint and conversation, a Redis list ("chain") holds the events not yet delivered, in
// log order; only the head is ever on the delivery queue, so the next event of a conversation
// is not sent before the previous one was answered 2xx or given up. Every step that moves a
// chain (append with the cursor, settle with the attempt record) is one Lua script, so a crash
// between two steps leaves neither a lost event nor a doubled one; a sweep re-queues heads.
import type { RedisClient as Redis } from '../redis-client.js';
import type { Keys } from '../keys.js';

export type AttemptStatus = 'pending' | 'delivered' | 'failed';

/** the delivery state of one event at one endpoint */
export interface AttemptRecord {
  eventId: string;
  type: string;
  status: AttemptStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** the first KiB of the last answer */
  lastResponse: string | null;
  at: string;
  /** which queued copy (first send or a resend) the attempts count belongs to */
  token: string;
  conversationId: string | null;
  /** the event JSON, so a resend does not depend on the log's retention */
  event: string;
}

export interface ChainItem {
  endpointId: string;
  conversationId: string | null;
  /** the event id, or the event id + a resend suffix: unique per queued copy */
  token: string;
  eventJson: string;
}

/** how long attempt records are kept unless told (the event log's default retention) */
export const ATTEMPT_RETENTION_MS = 7 * 86400_000;

const NO_CONVERSATION = '_';

// KEYS: cursor (or '' for a resend), chains set, then one chain per item · ARGV: expected, next, then the items
const APPEND = `
if KEYS[1] ~= '' then
  if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return false end
  redis.call('SET', KEYS[1], ARGV[2])
end
local started = {}
for i = 3, #KEYS do
  if redis.call('RPUSH', KEYS[i], ARGV[i]) == 1 then
    redis.call('SADD', KEYS[2], KEYS[i])
    started[#started + 1] = KEYS[i]
  end
end
return started`;

// KEYS: chain, chains set, attempts, index, failed · ARGV: token, record, event id, at ms, status, event ms, expiry ms
const SETTLE = `
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then redis.call('SREM', KEYS[2], KEYS[1]) return {0} end
if string.sub(head, 1, #ARGV[1] + 1) ~= ARGV[1] .. '\\n' then return {0, head} end
redis.call('LPOP', KEYS[1])
if ARGV[5] ~= 'none' then
  redis.call('HSET', KEYS[3], ARGV[3], ARGV[2])
  redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
  if ARGV[5] == 'failed' then redis.call('ZADD', KEYS[5], ARGV[6], ARGV[3]) else redis.call('ZREM', KEYS[5], ARGV[3]) end
  local old = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[7], 'LIMIT', 0, 100)
  for _, id in ipairs(old) do
    redis.call('HDEL', KEYS[3], id)
    redis.call('ZREM', KEYS[4], id)
    redis.call('ZREM', KEYS[5], id)
  end
end
local nxt = redis.call('LINDEX', KEYS[1], 0)
if not nxt then redis.call('SREM', KEYS[2], KEYS[1]) return {1} end
return {1, nxt}`;

export interface ChainHead {
  token: string;
  eventJson: string;
}

function parseItem(raw: string | null): ChainHead | null {
  if (!raw) return null;
  const nl = raw.indexOf('\n');
  return nl < 0 ? null : { token: raw.slice(0, nl), eventJson: raw.slice(nl + 1) };
}

export class WebhookChains {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** attempt records are kept as long as the events (EVENT_RETENTION_DAYS) */
    private readonly retentionMs = ATTEMPT_RETENTION_MS,
  ) {}

  chainKey(endpointId: string, conversationId: string | null): string {
    return this.keys.webhookChain(endpointId, conversationId ?? NO_CONVERSATION);
  }

  /** the endpoint id a chain key belongs to */
  endpointOf(chainKey: string): string {
    return chainKey.slice(this.keys.webhookChain('', '').length - 1).split(':')[0] ?? '';
  }

  /**
   * Appends the items and moves the workspace cursor from `expected` to `next` in one step;
   * null when another dispatcher moved the cursor first. Returns the chains that were empty.
   */
  async append(cursor: { key: string; expected: string; next: string } | null, items: readonly ChainItem[]): Promise<string[] | null> {
    const chains = items.map((i) => this.chainKey(i.endpointId, i.conversationId));
    const values = items.map((i) => `${i.token}\n${i.eventJson}`);
    const out = (await this.redis.eval(APPEND, 2 + chains.length, cursor?.key ?? '', this.keys.webhookChains(), ...chains, cursor?.expected ?? '', cursor?.next ?? '', ...values)) as string[] | null;
    return out;
  }

  async head(chainKey: string): Promise<ChainHead | null> {
    return parseItem(await this.redis.lindex(chainKey, 0));
  }

  /**
   * Takes `token` off the head of its chain and stores the outcome (null: nothing to record,
   * the endpoint is gone). Returns whether it was the head, and the chain's next head.
   */
  async settle(chainKey: string, token: string, record: AttemptRecord | null, eventTimestampMs: number, now: Date): Promise<{ settled: boolean; next: ChainHead | null }> {
    const ep = this.endpointOf(chainKey);
    const k = this.keys;
    const r = (await this.redis.eval(SETTLE, 5, chainKey, k.webhookChains(), k.webhookAttempts(ep), k.webhookAttemptIndex(ep), k.webhookFailed(ep),
      token, record ? JSON.stringify(record) : '', record?.eventId ?? '', now.getTime(), record?.status ?? 'none', eventTimestampMs, now.getTime() - this.retentionMs)) as [number, string?];
    return { settled: r[0] === 1, next: r[0] === 1 ? parseItem(r[1] ?? null) : null };
  }

  /** a retry is coming: the record shows the attempts so far */
  async recordPending(endpointId: string, record: AttemptRecord, now: Date): Promise<void> {
    const k = this.keys;
    await this.redis.multi().hset(k.webhookAttempts(endpointId), record.eventId, JSON.stringify(record)).zadd(k.webhookAttemptIndex(endpointId), now.getTime(), record.eventId).exec();
  }

  async attempt(endpointId: string, eventId: string): Promise<AttemptRecord | null> {
    const raw = await this.redis.hget(this.keys.webhookAttempts(endpointId), eventId);
    return raw ? (JSON.parse(raw) as AttemptRecord) : null;
  }

  /** the ids among `eventIds` this endpoint has a record of (what a resend would queue) */
  async knownEvents(endpointId: string, eventIds: readonly string[]): Promise<string[]> {
    if (eventIds.length === 0) return [];
    const found = await this.redis.hmget(this.keys.webhookAttempts(endpointId), ...eventIds);
    return eventIds.filter((_, i) => found[i] !== null);
  }

  /** newest first; `failed` reads the failed index, which holds only what is failed now */
  async listAttempts(endpointId: string, status: AttemptStatus | undefined, limit: number): Promise<AttemptRecord[]> {
    const k = this.keys;
    const ids = status === 'failed'
      ? await this.redis.zrevrange(k.webhookFailed(endpointId), 0, limit - 1)
      : await this.redis.zrevrange(k.webhookAttemptIndex(endpointId), 0, -1);
    if (ids.length === 0) return [];
    const out: AttemptRecord[] = [];
    for (let i = 0; i < ids.length && out.length < limit; i += 500) {
      const raws = await this.redis.hmget(k.webhookAttempts(endpointId), ...ids.slice(i, i + 500));
      for (const raw of raws) {
        if (!raw) continue;
        const rec = JSON.parse(raw) as AttemptRecord;
        if (!status || rec.status === status) out.push(rec);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  /** ids of the events failed at this endpoint whose event time is at or after `sinceMs` */
  failedSince(endpointId: string, sinceMs: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.webhookFailed(endpointId), sinceMs, '+inf');
  }

  /** every chain that holds an undelivered event (for the sweep) */
  async *nonEmptyChains(): AsyncGenerator<string> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.sscan(this.keys.webhookChains(), cursor, 'COUNT', 500);
      cursor = next;
      yield* keys;
    } while (cursor !== '0');
  }
}

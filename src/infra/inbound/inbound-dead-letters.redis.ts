// Inbound dead letters: events that failed MAX_EVENT_FAILURES times, set aside so their
// customer's mailbox moves on. A sorted set (event id by failed-at ms) indexes one hash per event
// (the recorded event, its mailbox, attempts and last error). A replay puts events back at the
// head of their mailbox in one script, so of two operators replaying the same event one wins.
import type { RedisClient as Redis } from '../redis-client.js';
import type { InboundDeadEntry, InboundDeadStore } from '../../app/inbound-dead-letters.js';
import type { FailedPosition } from '../../app/dead-letters.js';
import type { Keys } from '../keys.js';
import { RedisInbox, type RecordedEvent } from './inbox.redis.js';

const CHUNK = 200;
const DONE_TTL_SECONDS = 86400;

// KEYS: index, entry, done marker; ARGV: event id, raw, failed-at ms, attempts, error, mailbox
const SET_ASIDE = `
redis.call('HSET', KEYS[2], 'raw', ARGV[2], 'failedAt', ARGV[3], 'attempts', ARGV[4], 'error', ARGV[5], 'mailbox', ARGV[6])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('SET', KEYS[3], 'dead', 'EX', ARGV[7])
return 1`;

// KEYS: index, inbox list, non-empty set, then (entry, done marker, failure count) per event,
// newest first; ARGV: mailbox, then the event ids in the same order. Each event still in the
// index leaves it and is pushed at the head, so the oldest ends up first; its done marker and
// failure count go, so the drain processes it again with fresh attempts.
const REQUEUE = `
local won = {}
for i = 2, #ARGV do
  local k = 4 + (i - 2) * 3
  if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then
    local raw = redis.call('HGET', KEYS[k], 'raw')
    redis.call('DEL', KEYS[k], KEYS[k + 1], KEYS[k + 2])
    if raw then
      redis.call('LPUSH', KEYS[2], raw)
      table.insert(won, ARGV[i])
    end
  end
end
if #won > 0 then redis.call('SADD', KEYS[3], ARGV[1]) end
return won`;

export class RedisInboundDeadLetters implements InboundDeadStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private get index(): string {
    return `${this.keys.prefix}:inbound-dead-letters`;
  }

  private entryKey(eventId: string): string {
    return `${this.keys.prefix}:inbound-dead-letter:${eventId}`;
  }

  /** before this store, set-aside events were only pushed on this list */
  private get legacyList(): string {
    return `${this.keys.prefix}:inbound-dead`;
  }

  async setAside(raw: string, rec: RecordedEvent, attempts: number, error: { code: string; message: string }, at: Date): Promise<void> {
    const mailbox = RedisInbox.mailboxKey(rec.workspaceId, rec.channelType, rec.event.channelUserId);
    await this.redis.eval(
      SET_ASIDE,
      3,
      this.index,
      this.entryKey(rec.eventId),
      this.keys.inboundDone(rec.eventId),
      rec.eventId,
      raw,
      String(at.getTime()),
      String(attempts),
      JSON.stringify(error),
      mailbox,
      String(DONE_TTL_SECONDS),
    );
  }

  /** moves events set aside by an older gateway (a bare list) into the index, once */
  private async adoptLegacy(): Promise<void> {
    if ((await this.redis.llen(this.legacyList)) === 0) return;
    for (let raw = await this.redis.lindex(this.legacyList, 0); raw !== null; raw = await this.redis.lindex(this.legacyList, 0)) {
      const rec = JSON.parse(raw) as RecordedEvent;
      // HSET/ZADD by event id: two processes adopting the same entry store it once
      const error = { code: 'unknown', message: 'Set aside before errors were kept with the event.' };
      await this.redis
        .multi()
        .hset(this.entryKey(rec.eventId), 'raw', raw, 'failedAt', String(Date.parse(rec.receivedAt)), 'attempts', '5', 'error', JSON.stringify(error),
          'mailbox', RedisInbox.mailboxKey(rec.workspaceId, rec.channelType, rec.event.channelUserId))
        .zadd(this.index, String(Date.parse(rec.receivedAt)), rec.eventId)
        .lrem(this.legacyList, 1, raw)
        .exec();
    }
  }

  async count(): Promise<number> {
    await this.adoptLegacy();
    return this.redis.zcard(this.index);
  }

  private async entries(pairs: string[]): Promise<InboundDeadEntry[]> {
    const ids: { id: string; failedAt: number }[] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) ids.push({ id: pairs[i] ?? '', failedAt: Number(pairs[i + 1]) });
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const { id } of ids) pipe.hmget(this.entryKey(id), 'raw', 'attempts', 'error');
    const rows = (await pipe.exec()) ?? [];
    return ids.flatMap(({ id, failedAt }, i) => {
      const [raw, attempts, error] = (rows[i]?.[1] as (string | null)[] | undefined) ?? [];
      if (!raw) return [];
      const lastError = error ? (JSON.parse(error) as { code: string; message: string }) : { code: 'unknown', message: '' };
      return [{ id, failedAt, attempts: Number(attempts ?? 0), lastError, rec: JSON.parse(raw) as RecordedEvent }];
    });
  }

  async *scan(from: { before?: FailedPosition; since?: number }): AsyncIterable<InboundDeadEntry> {
    await this.adoptLegacy();
    const max = from.before ? String(from.before.failedAt) : '+inf';
    const min = from.since !== undefined ? String(from.since) : '-inf';
    for (let offset = 0; ; offset += CHUNK) {
      const pairs = await this.redis.zrevrangebyscore(this.index, max, min, 'WITHSCORES', 'LIMIT', offset, CHUNK);
      for (const e of await this.entries(pairs)) {
        // equal scores come in descending id order: those at or above the cursor id were seen
        if (from.before && e.failedAt === from.before.failedAt && e.id >= from.before.id) continue;
        yield e;
      }
      if (pairs.length < CHUNK * 2) return;
    }
  }

  async get(id: string): Promise<InboundDeadEntry | null> {
    await this.adoptLegacy();
    const score = await this.redis.zscore(this.index, id);
    if (score === null) return null;
    const [entry] = await this.entries([id, score]);
    return entry ?? null;
  }

  async requeue(mailbox: string, newestFirst: string[]): Promise<string[]> {
    const keys = newestFirst.flatMap((id) => [this.entryKey(id), this.keys.inboundDone(id), `${this.keys.inboundDone(id)}:failures`]);
    const won = await this.redis.eval(REQUEUE, 3 + keys.length, this.index, this.keys.inboxList(mailbox), this.keys.inboxNonEmpty(), ...keys, mailbox, ...newestFirst);
    return won as string[];
  }

  async customerIdOf(rec: RecordedEvent): Promise<string | null> {
    return this.redis.get(this.keys.customerIndex(rec.workspaceId, rec.channelType, rec.event.channelUserId));
  }
}

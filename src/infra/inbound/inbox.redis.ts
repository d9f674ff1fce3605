// Durable inbound mailboxes. A webhook is acknowledged only after its event is in the
// customer's mailbox (one Lua script: dedupe + append + mark non-empty, all or nothing). A
// mailbox is drained by one worker at a time, head first, and an event leaves the mailbox only
// after it was processed, so a crash replays it instead of losing it.
import type { RedisClient as Redis } from '../redis-client.js';
import type { RecordedEvent } from '../../domain/mailbox.js';
import type { InboxWriter } from '../../app/ports.js';
import type { Keys } from '../keys.js';
import { DEDUPE_BUCKET_TTL_SECONDS, dedupeWindow } from './dedupe-window.js';
import { LuaScript } from '../lua-script.js';

// moved to the domain (the use cases' ports need it); re-exported for existing importers
export type { RecordedEvent } from '../../domain/mailbox.js';

// dedupe: ARGV[4] (the delivery's digest) is looked up in today's bucket (KEYS[1]) and the others
// of the window (KEYS[4..]), then added to today's
const RECORD = new LuaScript(`
if ARGV[3] == '1' then
  if redis.call('SISMEMBER', KEYS[1], ARGV[4]) == 1 then return 0 end
  for i = 4, #KEYS do if redis.call('SISMEMBER', KEYS[i], ARGV[4]) == 1 then return 0 end end
  redis.call('SADD', KEYS[1], ARGV[4])
  redis.call('EXPIRE', KEYS[1], ARGV[5])
end
redis.call('RPUSH', KEYS[2], ARGV[1])
if redis.call('SADD', KEYS[3], ARGV[2]) == 1 then return 2 end
return 1`);

const POP_IF_HEAD = new LuaScript(`
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('LPOP', KEYS[1]) end
if redis.call('LLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) return 0 end
return 1`);

export const DEDUPE_TTL_SECONDS = 7 * 24 * 3600;

export class RedisInbox implements InboxWriter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly now: () => Date = () => new Date(),
  ) {}

  static mailboxKey(workspaceId: string, channelType: string, channelUserId: string): string {
    return `${workspaceId}|${channelType}|${channelUserId}`;
  }

  /**
   * 'duplicate' when the delivery id was seen before (nothing recorded); 'first' when the mailbox
   * was empty (it needs a drain job); 'queued' when a drain is already due for it.
   */
  async record(mailbox: string, rec: RecordedEvent): Promise<'duplicate' | 'first' | 'queued'> {
    const deliveryId = rec.event.deliveryId;
    // one round trip by SHA: the return value is also the drain decision (2: the mailbox was empty)
    const d = deliveryId ? dedupeWindow(this.keys, rec.event.channelId, deliveryId, this.now()) : null;
    const r = await RECORD.run(
      this.redis,
      [d ? d.today : this.keys.dedupe('_'), this.keys.inboxList(mailbox), this.keys.inboxNonEmpty(), ...(d?.others ?? [])],
      [JSON.stringify(rec), mailbox, deliveryId ? '1' : '0', d?.member ?? '', String(DEDUPE_BUCKET_TTL_SECONDS)],
    );
    return r === 0 ? 'duplicate' : r === 2 ? 'first' : 'queued';
  }

  async head(mailbox: string): Promise<{ raw: string; rec: RecordedEvent } | null> {
    const raw = await this.redis.lindex(this.keys.inboxList(mailbox), 0);
    return raw ? { raw, rec: JSON.parse(raw) as RecordedEvent } : null;
  }

  /** removes the processed head; false when the mailbox is now empty */
  async popHead(mailbox: string, raw: string): Promise<boolean> {
    const r = await POP_IF_HEAD.run(this.redis, [this.keys.inboxList(mailbox), this.keys.inboxNonEmpty()], [raw, mailbox]);
    return r === 1;
  }

  async nonEmpty(): Promise<string[]> {
    return this.redis.smembers(this.keys.inboxNonEmpty());
  }

  async length(mailbox: string): Promise<number> {
    return this.redis.llen(this.keys.inboxList(mailbox));
  }

  lockKey(mailbox: string): string {
    return this.keys.inboxLock(mailbox);
  }
}

// Writes everything one conversation-engine dispatch decided in ONE transaction: the customer's
// message, the conversation's new state, the replies, each with its integration events, and a
// record of what was written. Events therefore reach the log in the order a reader expects (a
// conversation's creation before its first message) and a crash leaves all of it or none. A
// replay of a committed dispatch finds the record and only re-queues its sends: deciding again
// from the already changed conversation would act twice.
import type { RedisClient as Redis } from '../redis-client.js';
import { execAll } from '../events/event-log.redis.js';
import type { Keys } from '../keys.js';
import type { RedisConversationStore } from './conversation-store.redis.js';
import type { RedisMessageStore } from './message-store.redis.js';
import type { DispatchRecord, DispatchStore, DispatchWrite } from '../../app/ports.js';

/**
 * Records are fields of one hash per UTC day (no key per dispatch); a bucket lives until the end
 * of the next day, and a lookup reads yesterday's, today's and tomorrow's (another process's clock
 * may be ahead), so a replay finds a record for at least 24 hours, as long as inbound events are
 * deduplicated.
 */
const DAY_MS = 86_400_000;
const BUCKET_TTL_SECONDS = 2 * 86_400;

/** `conversationId|outboundId,outboundId` */
function encodeRecord(r: DispatchRecord): string {
  return `${r.conversationId ?? ''}|${r.outboundIds.join(',')}`;
}

function decodeRecord(raw: string): DispatchRecord {
  const bar = raw.indexOf('|');
  const conv = raw.slice(0, bar);
  const ids = raw.slice(bar + 1);
  return { conversationId: conv || null, outboundIds: ids ? ids.split(',') : [] };
}

// moved to the use cases' ports; re-exported for existing importers
export type { DispatchRecord, DispatchWrite } from '../../app/ports.js';

export class RedisDispatchStore implements DispatchStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly conversations: RedisConversationStore,
    private readonly messages: RedisMessageStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private bucket(daysAgo: number): string {
    return this.keys.dispatchDone(String(Math.floor(this.now().getTime() / DAY_MS) - daysAgo));
  }

  async recorded(key: string): Promise<DispatchRecord | null> {
    const found = await Promise.all([0, 1, -1].map((d) => this.redis.hget(this.bucket(d), key)));
    const raw = found.find((r) => r !== null) ?? null;
    return raw !== null ? decodeRecord(raw) : null;
  }

  async commit(w: DispatchWrite): Promise<void> {
    if (!w.next && !w.inbound && w.outbound.length === 0) return;
    const m = this.redis.multi();
    // a new conversation is announced before anything said in it; otherwise the customer's
    // message comes first, then what it changed, then the replies
    const created = w.next !== null && w.prev === null;
    if (created && w.next) this.conversations.saveIn(m, w.prev, w.next, w.cause);
    if (w.inbound) this.messages.storeInboundIn(m, w.inbound, w.workspaceId);
    if (!created && w.next) this.conversations.saveIn(m, w.prev, w.next, w.cause);
    for (const o of w.outbound) this.messages.storeOutboundIn(m, o);
    const record: DispatchRecord = { conversationId: w.next?.id ?? w.prev?.id ?? null, outboundIds: w.outbound.map((o) => o.message.id) };
    const bucket = this.bucket(0);
    m.hset(bucket, w.key, encodeRecord(record)).expire(bucket, BUCKET_TTL_SECONDS);
    await execAll(m);
  }
}

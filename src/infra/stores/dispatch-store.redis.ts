// Writes everything one conversation-engine dispatch decided in ONE transaction: the customer's
// message, the conversation's new state, the replies, each with its integration events, and a
// record of what was written. Events therefore reach the log in the order a reader expects (a
// conversation's creation before its first message) and a crash leaves all of it or none. A
// replay of a committed dispatch finds the record and only re-queues its sends: deciding again
// from the already changed conversation would act twice.
import type { Redis } from 'ioredis';
import type { Conversation, StoredMessage } from '../../domain/conversation.js';
import { execAll } from '../events/event-log.redis.js';
import type { Keys } from '../keys.js';
import type { RedisConversationStore, SaveCause } from './conversation-store.redis.js';
import type { NewOutbound, RedisMessageStore } from './message-store.redis.js';

/** how long a replay can still find what its dispatch wrote (as long as inbound events are deduplicated) */
const RECORD_TTL_SECONDS = 86_400;

export interface DispatchWrite {
  key: string;
  workspaceId: string;
  prev: Conversation | null;
  /** the conversation to save; null when it did not change */
  next: Conversation | null;
  cause: SaveCause;
  inbound?: StoredMessage;
  outbound: NewOutbound[];
}

export interface DispatchRecord {
  conversationId: string | null;
  outboundIds: string[];
}

export class RedisDispatchStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly conversations: RedisConversationStore,
    private readonly messages: RedisMessageStore,
  ) {}

  async recorded(key: string): Promise<DispatchRecord | null> {
    const raw = await this.redis.get(this.keys.dispatchDone(key));
    return raw ? (JSON.parse(raw) as DispatchRecord) : null;
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
    m.set(this.keys.dispatchDone(w.key), JSON.stringify(record), 'EX', RECORD_TTL_SECONDS);
    await execAll(m);
  }
}

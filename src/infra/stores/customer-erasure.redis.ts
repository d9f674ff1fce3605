// Erases a customer (api.md "Running"): their profile, conversations and messages, web chat
// streams, indexes and pointers, in one transaction with the `customer.erased` event. The audit
// trail keeps only who erased the customer and when, never a value.
import type { RedisClient as Redis } from '../redis-client.js';
import { OUTSIDE_CONVERSATION_PREFIX, type Conversation, type Customer } from '../../domain/conversation.js';
import { customerErased } from '../../domain/event-drafts.js';
import { execAll, type RedisEventLog } from '../events/event-log.redis.js';
import type { Keys } from '../keys.js';
import type { CustomerErasure } from '../../app/ports.js';

/** the image id in the URL of a photo a customer sent (inbound-ports stores it under /images/:id) */
const SENT_IMAGE = /\/images\/(img_[A-Za-z0-9_-]+)/;

export class RedisCustomerErasure implements CustomerErasure {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly events: RedisEventLog,
  ) {}

  /** `conversations`: every conversation of the customer (callers hold the customer's lock) */
  async erase(c: Customer, conversations: Conversation[], actor: string, at: string): Promise<void> {
    const k = this.keys;
    const lists = [...conversations.map((v) => v.id), `${OUTSIDE_CONVERSATION_PREFIX}${c.id}`];
    // a customer's messages live in the streams; only outbound messages have keys of their own,
    // and a photo the customer sent is a copy in the image store
    const streams = await Promise.all(lists.map((id) => this.redis.xrange(k.conversationMessages(id), '-', '+')));
    const messageIds = streams.map((entries) => entries.flatMap(([, f]) => (f[0] === 'o' && f[1] ? [f[1]] : [])));
    const photos = streams.flatMap((entries) => entries.flatMap(([, f]) => (f[0] === 'i' ? (SENT_IMAGE.exec(f[5] ?? '')?.slice(1, 2) ?? []) : [])));
    const m = this.redis.multi();
    for (const [i, id] of lists.entries()) {
      const ids = messageIds[i] ?? [];
      if (ids.length > 0) m.del(...ids.map((x) => k.message(x)));
      const seq = k.outboundSeq(id);
      m.del(k.conversationMessages(id), k.conversation(id), `${k.conversation(id)}:reply-ctx`, seq, `${seq}-map`, `${seq}-parked`, k.outboundSettled(id), k.eventSeq(id));
    }
    for (const v of conversations) {
      m.zrem(k.conversationsByStatus(c.workspaceId, v.status), v.id);
      if (v.agentId) m.srem(k.agentActive(c.workspaceId, v.agentId), v.id);
      if (v.channelType === 'webchat') m.del(k.visitorStream(v.channelId, c.identifier));
    }
    for (const img of photos) m.del(k.image(img), k.imageBytes(img, 'original'), k.imageBytes(img, 'kakao'));
    m.del(k.customer(c.id), k.customerIndex(c.workspaceId, c.channelType, c.identifier), k.openConversation(c.id), k.customerAudit(c.id));
    m.rpush(k.customerAudit(c.id), JSON.stringify({ at, actor, field: '*', erased: true }));
    this.events.appendIn(m, { workspaceId: c.workspaceId, conversationId: null, at, drafts: [customerErased(c.id)] });
    await execAll(m);
  }
}

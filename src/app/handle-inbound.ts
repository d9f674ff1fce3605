// One recorded inbound event → its effects on the shared conversation model.
import type { ChannelRecord } from '../domain/channel.js';
import type { VisitorStreamEvent } from '../domain/adapter-port.js';
import type { Conversation, StoredMessage } from '../domain/conversation.js';
import { assertNever } from '../domain/errors.js';
import type { RecordedEvent } from '../infra/inbound/inbox.redis.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import type { RedisChannelStore } from '../infra/stores/channel-store.redis.js';
import type { RedisConversationStore } from '../infra/stores/conversation-store.redis.js';
import type { RedisCustomerStore } from '../infra/stores/customer-store.redis.js';
import type { Backlog } from './backlog.js';
import type { ConversationEngine } from './conversation-engine.js';

export interface HandleInboundDeps {
  /** web chat: the visitor's own messages join their stream too (the page's history) */
  appendVisitorStream(channelId: string, visitorId: string, event: VisitorStreamEvent): Promise<string>;
  channels: RedisChannelStore;
  customers: RedisCustomerStore;
  conversations: RedisConversationStore;
  engine: ConversationEngine;
  backlog: Backlog;
  metrics: Metrics;
  log: Logger;
  now(): Date;
}

export interface InboundResult {
  outboundIds: string[];
  conversationId: string | null;
}

type Inbound = Omit<StoredMessage, 'conversationId' | 'id'>;

export async function handleInbound(d: HandleInboundDeps, rec: RecordedEvent): Promise<InboundResult> {
  const e = rec.event;
  const log = d.log.child({ eventId: rec.eventId, channelId: e.channelId, kind: e.kind });
  const channel = await d.channels.get(e.channelId, { cached: true });
  if (!channel) {
    log.warn('channel deleted before its event was processed; event dropped');
    return { outboundIds: [], conversationId: null };
  }
  const customer = await d.customers.findOrCreate(channel.workspaceId, channel.type, e.channelUserId, d.now(), e.channelUserIdType);
  const at = e.occurredAt;
  const inbound = (m: Pick<Inbound, 'kind' | 'text' | 'imageUrl'>): Inbound => ({
    direction: 'in',
    from: 'customer',
    status: 'received',
    createdAt: at,
    ...m,
  });
  const base = {
    channel,
    customerId: customer.id,
    eventKey: rec.eventId,
    ...(e.channelUserIdType ? { channelUserIdType: e.channelUserIdType } : {}),
    ...(e.replyContext ? { replyContext: e.replyContext } : {}),
    ...(channel.type === 'kakao' ? { syncEventId: rec.eventId } : {}),
  };
  let result: InboundResult = { outboundIds: [], conversationId: null };
  switch (e.kind) {
    case 'conversation.connect_requested': {
      const r = await d.engine.dispatch({ ...base, event: { type: 'connect_requested' }, inbound: inbound({ kind: 'event', text: 'connect_request' }) });
      result = { outboundIds: r.outboundIds, conversationId: r.conversation?.id ?? null };
      break;
    }
    case 'message.text':
    case 'message.image': {
      const m = e.kind === 'message.text' ? inbound({ kind: 'text', text: e.text }) : inbound({ kind: 'image', imageUrl: e.imageUrl });
      if (channel.type === 'webchat' && e.kind === 'message.text') {
        // before the replies it causes; the page shows it at once under the client's eventId
        // and drops this echo by id (a replay after a crash may echo twice: same id, dropped too)
        const clientId = e.deliveryId?.startsWith(`${e.channelUserId}:`) ? e.deliveryId.slice(e.channelUserId.length + 1) : rec.eventId;
        await d.appendVisitorStream(channel.id, e.channelUserId, { id: clientId, from: 'customer', kind: 'text', text: e.text });
      }
      const r = await d.engine.dispatch({ ...base, event: { type: 'customer_message' }, inbound: m });
      result = { outboundIds: r.outboundIds, conversationId: r.conversation?.id ?? null };
      break;
    }
    case 'conversation.left':
    case 'customer.blocked': {
      const open = await d.conversations.openFor(customer.id);
      if (open) await closeFromCustomer(d, open, channel, e.kind === 'conversation.left' ? 'customer_left' : 'customer_blocked');
      result = { outboundIds: [], conversationId: open?.id ?? null };
      break;
    }
    case 'customer.updated':
      await d.customers.setFlags(customer.id, e.flags, d.now());
      break;
    default:
      assertNever(e);
  }
  d.metrics.inboundLag.observe({ channel: channel.type }, Math.max(0, d.now().getTime() - Date.parse(rec.receivedAt)) / 1000);
  log.info({ conversationId: result.conversationId, replies: result.outboundIds.length }, 'inbound event processed');
  return result;
}

async function closeFromCustomer(d: HandleInboundDeps, c: Conversation, channel: ChannelRecord, reason: 'customer_left' | 'customer_blocked'): Promise<void> {
  await d.backlog.close(c, channel, reason);
}

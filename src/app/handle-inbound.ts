// One recorded inbound event → its effects on the shared conversation model.
import type { ChannelRecord, ChannelType } from '../domain/channel.js';
import type { ChannelAdapter, InboundPorts, VisitorStreamEvent } from '../domain/adapter-port.js';
import type { Conversation, StoredMessage } from '../domain/conversation.js';
import { assertNever } from '../domain/errors.js';
import type { RecordedEvent } from '../domain/mailbox.js';
import type { Backlog } from './backlog.js';
import type { ConversationEngine } from './conversation-engine.js';
import { keepSessionContext, linkSession, sessionEnded, type PlatformSessionStore } from './platform-sessions.js';
import type { ChannelStore, ConversationStore, CustomerStore, Logger, UseCaseMetrics } from './ports.js';

export interface HandleInboundDeps {
  adapterOf(type: ChannelType): ChannelAdapter;
  /** what an adapter may fetch and store while it completes an event (completeInbound) */
  inboundPorts: InboundPorts;
  sessions: PlatformSessionStore;
  /** web chat: the visitor's own messages join their stream too (the page's history) */
  appendVisitorStream(channelId: string, visitorId: string, event: VisitorStreamEvent): Promise<string>;
  channels: ChannelStore;
  customers: Pick<CustomerStore, 'findOrCreate' | 'setFlags'>;
  conversations: Pick<ConversationStore, 'openFor'>;
  engine: ConversationEngine;
  backlog: Backlog;
  metrics: Pick<UseCaseMetrics, 'inboundLag'>;
  log: Logger;
  now(): Date;
}

export interface InboundResult {
  outboundIds: string[];
  conversationId: string | null;
}

type Inbound = Omit<StoredMessage, 'conversationId' | 'id'>;

export async function handleInbound(d: HandleInboundDeps, rec: RecordedEvent): Promise<InboundResult> {
  const log = d.log.child({ eventId: rec.eventId, channelId: rec.event.channelId, kind: rec.event.kind });
  const channel = await d.channels.get(rec.event.channelId, { cached: true });
  if (!channel) {
    log.warn('channel deleted before its event was processed; event dropped');
    return { outboundIds: [], conversationId: null };
  }
  const adapter = d.adapterOf(channel.type);
  // what the webhook only linked to (a long text, a photo on the platform's servers); a replay
  // after a crash fetches again and stores the same content-addressed image
  const e = adapter.completeInbound ? await adapter.completeInbound(rec.event, channel, d.inboundPorts) : rec.event;
  const customer = await d.customers.findOrCreate(channel.workspaceId, channel.type, e.channelUserId, d.now(), e.channelUserIdType);
  const at = e.occurredAt;
  const inbound = (m: Pick<Inbound, 'kind' | 'text' | 'imageUrl' | 'media'>): Inbound => ({
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
    // replies the webhook's own answer may carry (Kakao) are held briefly for it
    ...(adapter.webhooks.repliesInAnswer ? { syncEventId: rec.eventId } : {}),
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
      const m =
        e.kind === 'message.text'
          ? inbound({ kind: 'text', text: e.text, ...(e.media ? { media: e.media } : {}) })
          : inbound({ kind: 'image', imageUrl: e.imageUrl });
      // before the replies it causes (web chat: the visitor's own text joins their stream)
      if (e.kind === 'message.text' && adapter.echoCustomerText) await adapter.echoCustomerText(e, rec.eventId, d);
      // a connection request when no conversation is open (and a plain message when one is)
      const r = await d.engine.dispatch({ ...base, event: { type: e.opensConversation ? 'connect_requested' : 'customer_message' }, inbound: m });
      result = { outboundIds: r.outboundIds, conversationId: r.conversation?.id ?? null };
      if (e.sessionId && r.conversation) await linkSession(d.sessions, r.conversation, channel.id, e.sessionId);
      break;
    }
    case 'conversation.context': {
      const open = await d.conversations.openFor(customer.id);
      await keepSessionContext(d.sessions, open, channel.id, e.sessionId, e.context);
      result = { outboundIds: [], conversationId: open?.platformSession?.id === e.sessionId ? open.id : null };
      break;
    }
    case 'conversation.left':
    case 'customer.blocked': {
      const found = await d.conversations.openFor(customer.id);
      // the end of an older session of the customer does not close the one open now
      const open = found && sessionEnded(found, e.sessionId) ? found : null;
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

// Every change to a conversation goes through here, under the customer's lock: load the world,
// ask the pure profile bot what to do (decide), apply it, persist it in one transaction with
// its events, then perform side effects (queue sends, timers). Ids derive from the triggering
// event, and a replay of a committed dispatch only re-queues its sends, so replaying an event
// after a crash never doubles anything.
import { createHash } from 'node:crypto';
import type { ChannelRecord } from '../domain/channel.js';
import { OUTSIDE_CONVERSATION_PREFIX, type Conversation, type Customer, type StoredMessage } from '../domain/conversation.js';
import type { ReplyContext } from '../domain/inbound-event.js';
import type { OutboundImage, OutboundMessage } from '../domain/outbound-message.js';
import { applyActions, decide, noteMessage, type BotAction, type BotEvent } from '../domain/profile-bot/index.js';
import type { NewOutbound } from '../domain/outbound-record.js';
import type { FormLinks } from './form-links.js';
import type {
  AgentStore,
  ConversationStore,
  CrashPoint,
  CustomerStore,
  DispatchStore,
  Logger,
  OutboundQueue,
  OutboundStore,
  ReplyContextStore,
  SettingsStore,
  TimerQueue,
} from './ports.js';

export interface EngineDeps {
  withCustomerLock<T>(customerId: string, fn: () => Promise<T>): Promise<T>;
  customers: CustomerStore;
  conversations: ConversationStore;
  messages: Pick<OutboundStore, 'leaveOutbox'> & ReplyContextStore;
  dispatches: DispatchStore;
  workspaces: SettingsStore;
  agents: AgentStore;
  outbound: OutboundQueue;
  timers: TimerQueue;
  formLinks: FormLinks;
  resolveImage(workspaceId: string, imageId: string): Promise<OutboundImage | undefined>;
  log: Logger;
  now(): Date;
  /** Kakao: how long a reply stays claimable by the synchronous webhook answer */
  syncHoldMs: number;
  /** crash tests: may end the process here */
  crashPoint?(point: CrashPoint): void;
}

export interface DispatchRequest {
  channel: ChannelRecord;
  customerId: string;
  /** the conversation the event is about; unset = the customer's open conversation */
  conversationId?: string;
  event: BotEvent;
  /** stable id of what triggered this (inbound event id, API request id): ids derive from it */
  eventKey: string;
  /** the kind of platform id the event named the customer by (InboundEvent.channelUserIdType) */
  channelUserIdType?: string;
  replyContext?: ReplyContext;
  /** Kakao: the webhook waiting to answer these replies synchronously */
  syncEventId?: string;
  /** the customer's message to store in the conversation */
  inbound?: Omit<StoredMessage, 'conversationId' | 'id'>;
  /** an agent's message to send before the bot reacts (agent API) */
  agentSend?: { agentId: string; message: OutboundMessage };
}

export interface DispatchResult {
  conversation: Conversation | null;
  outboundIds: string[];
  actions: BotAction[];
}

export function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('base64url').slice(0, 22);
}

function storedFrom(id: string, conversationId: string, m: OutboundMessage, at: string, agentId?: string): StoredMessage {
  const base = { id, conversationId, direction: 'out' as const, from: m.from, status: 'queued' as const, createdAt: at };
  const extra = agentId ? { agentId } : {};
  switch (m.kind) {
    case 'text':
      return { ...base, ...extra, kind: 'text', text: m.text };
    case 'image':
      return { ...base, ...extra, kind: 'image', imageUrl: m.image.url };
    case 'card':
      return {
        ...base,
        ...extra,
        kind: 'card',
        card: {
          ...(m.title ? { title: m.title } : {}),
          description: m.description,
          ...(m.image ? { imageUrl: m.image.url } : {}),
          buttons: m.buttons,
        },
      };
  }
}

export function createConversationEngine(d: EngineDeps) {
  function outbound(
    req: DispatchRequest,
    to: Customer,
    conversationId: string,
    id: string,
    message: OutboundMessage,
    at: string,
    agentId?: string,
  ): NewOutbound {
    return {
      workspaceId: req.channel.workspaceId,
      message: storedFrom(id, conversationId, message, at, agentId),
      content: message,
      conversationId,
      channelId: req.channel.id,
      channelUserId: to.identifier,
      ...(to.identifierType ? { channelUserIdType: to.identifierType } : {}),
      ...(req.replyContext ? { replyContext: req.replyContext } : {}),
      ...(req.syncEventId ? { syncEventId: req.syncEventId } : {}),
    };
  }

  /** A customer stored before its id type was recorded learns it from its next event. */
  async function noteIdentifierType(c: Customer, type: string | undefined): Promise<Customer> {
    if (type === undefined || c.identifierType === type) return c;
    const typed = { ...c, identifierType: type };
    await d.customers.save(typed);
    return typed;
  }

  async function dispatchLocked(req: DispatchRequest): Promise<DispatchResult> {
    const now = d.now();
    const at = now.toISOString();
    const key = shortHash(req.eventKey);
    // independent reads go out together (auto-pipelined into one round trip)
    const [stored, conv, done] = await Promise.all([
      d.customers.get(req.customerId),
      req.conversationId ? d.conversations.get(req.conversationId) : d.conversations.openFor(req.customerId),
      d.dispatches.recorded(key),
    ]);
    if (done) {
      // committed before a crash: its sends may lack their jobs (adding one twice is a no-op)
      for (const id of done.outboundIds) {
        await d.outbound.add(id);
        await d.messages.leaveOutbox(id);
      }
      const c = done.conversationId ? await d.conversations.get(done.conversationId) : null;
      return { conversation: c, outboundIds: done.outboundIds, actions: [] };
    }
    if (!stored) throw new Error(`customer ${req.customerId} not found`);
    const customer = await noteIdentifierType(stored, req.channelUserIdType);
    const ws = req.channel.workspaceId;
    const routes = !['agent_message', 'customer_message', 'idle_timeout'].includes(req.event.type);
    const [settings, agents, replyContext] = await Promise.all([
      d.workspaces.getSettings(ws, conv && conv.status !== 'closed' ? conv.settingsVersion : undefined),
      routes ? d.agents.list(ws) : Promise.resolve([]),
      req.agentSend && conv ? d.messages.replyContext(conv.id) : Promise.resolve(undefined),
    ]);
    if (!settings) throw new Error(`settings of workspace ${ws} not found`);
    const seedId = `conv_${key}`;
    const targetId = conv && conv.status !== 'closed' ? conv.id : seedId;
    const imageId = settings.profileBot.guideImageId;
    const guideImage = imageId ? await d.resolveImage(ws, imageId) : undefined;

    const replies: NewOutbound[] = [];
    let current = conv;
    if (req.agentSend && current) {
      const { agentId, message } = req.agentSend;
      // an agent reply may still use the customer's last Kakao callbackUrl
      const agentReq = replyContext ? { ...req, replyContext } : req;
      replies.push(outbound(agentReq, customer, current.id, `msg_${key}_a`, message, at, agentId));
      current = noteMessage(current, 'agent', now);
    }
    if (req.inbound && current && current.status !== 'closed') current = noteMessage(current, 'customer', now);
    const actions = decide({
      event: req.event,
      conversation: current,
      customer,
      settings,
      agents,
      now,
      formUrl: d.formLinks.url(targetId, now),
      ...(guideImage ? { guideImage } : {}),
    });
    const seed = { id: seedId, workspaceId: ws, channelId: req.channel.id, channelType: req.channel.type, customerId: req.customerId };
    const next = applyActions(current, actions, { now, seed });
    const convId = next?.id ?? current?.id ?? null;

    // a message outside any conversation (PB-1: no bot) is still kept, under the customer
    const inbound = req.inbound
      ? { ...req.inbound, id: `msg_${key}_in`, conversationId: convId ?? `${OUTSIDE_CONVERSATION_PREFIX}${req.customerId}` }
      : undefined;
    let i = 0;
    for (const a of actions) {
      if (a.type !== 'send' || !convId) continue;
      replies.push(outbound(req, customer, convId, `msg_${key}_${i++}`, a.message, at));
    }
    const saved = next;
    const by = actions.some((a) => a.type === 'assign' && a.via === 'manager') ? 'manual' : 'auto';
    await d.dispatches.commit({
      key,
      workspaceId: ws,
      // a closed conversation followed by a new one: the new one has no previous state
      prev: saved && conv && conv.id !== saved.id ? null : conv,
      next: saved && JSON.stringify(saved) !== JSON.stringify(conv) ? saved : null,
      cause: { key: req.eventKey, by, at },
      ...(inbound ? { inbound } : {}),
      outbound: replies,
    });
    const outboundIds = replies.map((r) => r.message.id);
    // the stored sends sit in the outbox until their jobs exist: a crash here strands nothing
    if (replies.length > 0) d.crashPoint?.('after-store-outbound');
    for (const r of replies) {
      await d.outbound.add(r.message.id, r.syncEventId ? { delayMs: d.syncHoldMs } : {});
      await d.messages.leaveOutbox(r.message.id);
    }
    if (req.replyContext && convId) await d.messages.saveReplyContext(convId, req.replyContext, now);
    for (const a of actions) {
      if (a.type === 'schedule_auto_close' && saved) await d.timers.scheduleAutoClose(saved.id, a.at);
      if (a.type === 'cancel_auto_close' && saved) await d.timers.cancelAutoClose(saved.id);
      if (a.type === 'close' && saved) await d.timers.cancelAutoClose(saved.id);
      if (a.type === 'assign') await d.agents.update(ws, a.agentId, { lastAssignedAt: at });
    }
    return { conversation: saved, outboundIds, actions };
  }

  return {
    dispatch: (req: DispatchRequest): Promise<DispatchResult> => d.withCustomerLock(req.customerId, () => dispatchLocked(req)),
  };
}

export type ConversationEngine = ReturnType<typeof createConversationEngine>;

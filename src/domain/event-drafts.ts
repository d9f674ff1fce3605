// Turns a change the gateway is about to store into the integration events that describe it
// (integration.md "Events"). Pure: the stores write what this returns in the same script or
// transaction as the change. Event ids derive from the change's own id, so a change replayed
// after a crash (same message id, same triggering event) can never yield a second event.
import { createHash } from 'node:crypto';
import type { Conversation, StoredMessage } from './conversation.js';
import type { PendingEvent } from './events.js';
import type { ProfileField } from './settings.js';

/** an event ready to store: its id is fixed, its time and sequence come with the write */
export interface EventDraft {
  id: string;
  event: PendingEvent;
}

/** the events of one change, all in one workspace and at most one conversation */
export interface EventBatch {
  workspaceId: string;
  /** null for events outside a conversation (customer events, messages kept outside one) */
  conversationId: string | null;
  /** ISO time of the change */
  at: string;
  drafts: EventDraft[];
}

export function eventId(changeKey: string, type: PendingEvent['type']): string {
  return `evt_${createHash('sha256').update(`${type}|${changeKey}`).digest('base64url').slice(0, 24)}`;
}

/** message.created of a stored message; none for the internal `event` markers (connect requests) */
export function messageCreated(m: StoredMessage): EventDraft | null {
  if (m.kind === 'event') return null;
  const data: Extract<PendingEvent, { type: 'message.created' }>['data'] = {
    messageId: m.id,
    direction: m.direction === 'in' ? 'inbound' : 'outbound',
    from: m.from,
    kind: m.kind,
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.imageUrl !== undefined ? { imageUrl: m.imageUrl } : {}),
    ...(m.card !== undefined ? { card: m.card } : {}),
  };
  return { id: eventId(m.id, 'message.created'), event: { type: 'message.created', data } };
}

/**
 * The conversation events of one save (prev → next). `changeKey` names the triggering change
 * (the dispatch's event key), so a replay of it maps onto the same ids.
 */
export function conversationChanged(prev: Conversation | null, next: Conversation, changeKey: string, by: 'auto' | 'manual'): EventDraft[] {
  const key = `${next.id}|${changeKey}`;
  const out: EventDraft[] = [];
  if (!prev) out.push({ id: eventId(key, 'conversation.created'), event: { type: 'conversation.created', data: { conversation: { ...next } } } });
  const assignedNow = next.status === 'assigned' && next.agentId !== null && (prev?.status !== 'assigned' || prev.agentId !== next.agentId);
  if (assignedNow && next.agentId) {
    out.push({ id: eventId(key, 'conversation.assigned'), event: { type: 'conversation.assigned', data: { agentId: next.agentId, by } } });
  }
  const from = prev?.status ?? null;
  if (from !== next.status) {
    const reason = next.status === 'closed' ? next.closeReason : from === null ? 'created' : next.status === 'assigned' ? by : null;
    out.push({
      id: eventId(key, 'conversation.status_changed'),
      event: { type: 'conversation.status_changed', data: { from, to: next.status, reason } },
    });
  }
  return out;
}

/** field names only: a profile value never enters an event */
export function profileUpdated(customerId: string, fields: readonly ProfileField[], changeKey: string): EventDraft {
  return {
    id: eventId(`${customerId}|${changeKey}`, 'customer.profile_updated'),
    event: { type: 'customer.profile_updated', data: { customerId, fields: [...fields] } },
  };
}

export function messageDelivered(messageId: string, via: string): EventDraft {
  return { id: eventId(messageId, 'message.delivered'), event: { type: 'message.delivered', data: { messageId, via } } };
}

/** `generation` counts the replays of the message, so a replayed message that fails again is a new event */
export function messageFailed(messageId: string, error: { code: string; message: string }, attempts: number, generation: number): EventDraft {
  return {
    id: eventId(`${messageId}|${generation}`, 'message.failed'),
    event: { type: 'message.failed', data: { messageId, error, attempts } },
  };
}

export function customerErased(customerId: string): EventDraft {
  return { id: eventId(customerId, 'customer.erased'), event: { type: 'customer.erased', data: { customerId } } };
}

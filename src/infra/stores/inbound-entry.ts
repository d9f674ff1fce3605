// A customer's message as an entry of its conversation's stream: the document without what its
// place implies (id and time are fields of their own; conversation, direction and status follow
// from the stream; from/kind only when not the usual customer text). Kept small on purpose:
// issue 12 "Bounded memory" (bench/redis-memory.ts).
import type { StoredMessage } from '../../domain/conversation.js';

/** a customer's message without what its place implies (id, conversation, direction, status) or its defaults */
export function encodeInbound(msg: StoredMessage): { doc: string; at: string } {
  const { id: _id, conversationId: _c, direction, status, from, kind, createdAt, ...rest } = msg;
  const ms = Date.parse(createdAt);
  // a time that does not survive the round trip through ms is kept as it was
  const exact = !Number.isNaN(ms) && new Date(ms).toISOString() === createdAt;
  const doc = {
    ...rest,
    ...(direction !== 'in' ? { direction } : {}),
    ...(status !== 'received' ? { status } : {}),
    ...(from !== 'customer' ? { from } : {}),
    ...(kind !== 'text' ? { kind } : {}),
    ...(exact ? {} : { createdAt }),
  };
  return { doc: JSON.stringify(doc), at: exact ? String(ms) : '' };
}

export function decodeInbound(id: string, at: string, doc: string, conversationId: string): StoredMessage {
  const rest = JSON.parse(doc) as Partial<StoredMessage>;
  const createdAt = at ? new Date(Number(at)).toISOString() : '';
  return { id, conversationId, direction: 'in', status: 'received', from: 'customer', kind: 'text', createdAt, ...rest };
}

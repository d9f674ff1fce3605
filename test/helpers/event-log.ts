// Writes integration events straight into a workspace's event log (the Redis stream the
// event-log side of the gateway appends to), for tests of what reads it: entry field `e` = the
// event JSON, `sequence` growing per conversation.
import { randomBytes } from 'node:crypto';
import type { RedisClient as Redis } from '../../src/infra/redis-client.js';
import type { Keys } from '../../src/infra/keys.js';

export interface TestEvent {
  id: string;
  type: string;
  timestamp: string;
  workspaceId: string;
  conversationId: string | null;
  sequence: number | null;
  data: Record<string, unknown>;
}

export function eventLog(redis: Redis, keys: Keys, ws: string) {
  const seq = new Map<string, number>();
  return {
    /** appends one message.created (or `type`) event of `conversationId`; returns it */
    async append(conversationId: string | null, text: string, type = 'message.created'): Promise<TestEvent> {
      const sequence = conversationId ? (seq.get(conversationId) ?? 0) + 1 : null;
      if (conversationId) seq.set(conversationId, sequence as number);
      const event: TestEvent = {
        id: `evt_${randomBytes(9).toString('base64url')}`,
        type,
        timestamp: new Date().toISOString(),
        workspaceId: ws,
        conversationId,
        sequence,
        data: type === 'message.created' ? { messageId: `msg_${randomBytes(6).toString('hex')}`, direction: 'inbound', from: 'customer', kind: 'text', text } : { customerId: 'cust_1' },
      };
      await redis.xadd(keys.events(ws), '*', 'e', JSON.stringify(event));
      return event;
    },
  };
}

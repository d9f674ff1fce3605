// Conversations: a hash per conversation (one JSON-encoded value per field), a sorted set per status for the lists (oldest first), and a
// pointer from the customer to their open conversation. Each save appends its integration
// events (created, assigned, status changed) in the same MULTI.
import type { ChainableCommander, Redis } from 'ioredis';
import type { Conversation, ConversationStatus } from '../../domain/conversation.js';
import { conversationChanged } from '../../domain/event-drafts.js';
import { execAll, type RedisEventLog } from '../events/event-log.redis.js';
import type { Keys } from '../keys.js';

/** what caused a save: its stable key (ids of its events derive from it) and who assigned */
export interface SaveCause {
  key: string;
  by: 'auto' | 'manual';
  /** ISO time of the change (the events' timestamp) */
  at: string;
}

function encode(c: Conversation): string[] {
  return Object.entries(c).flatMap(([k, v]) => [k, JSON.stringify(v ?? null)]);
}

export class RedisConversationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly events: RedisEventLog,
  ) {}

  async get(id: string): Promise<Conversation | null> {
    const h = await this.redis.hgetall(this.keys.conversation(id));
    if (!h['id']) return null;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(h)) out[k] = JSON.parse(v);
    return out as unknown as Conversation;
  }

  async openFor(customerId: string): Promise<Conversation | null> {
    const id = await this.redis.get(this.keys.openConversation(customerId));
    if (!id) return null;
    const c = await this.get(id);
    return c && c.status !== 'closed' ? c : null;
  }

  /**
   * Writes a conversation and keeps its indexes right (status lists, agent load sets, the
   * customer's open pointer). Callers hold the customer's lock (see conversation-engine).
   */
  async save(prev: Conversation | null, next: Conversation, cause: SaveCause): Promise<void> {
    const m = this.redis.multi();
    this.saveIn(m, prev, next, cause);
    await execAll(m);
  }

  /** queues the save and its events in a MULTI the caller runs (see dispatch-store) */
  saveIn(m: ChainableCommander, prev: Conversation | null, next: Conversation, cause: SaveCause): void {
    m.hset(this.keys.conversation(next.id), ...encode(next));
    const ws = next.workspaceId;
    if (!prev || prev.status !== next.status) {
      if (prev) m.zrem(this.keys.conversationsByStatus(ws, prev.status), next.id);
      m.zadd(this.keys.conversationsByStatus(ws, next.status), Date.parse(next.createdAt), next.id);
    }
    const prevAgent = prev?.status === 'assigned' ? prev.agentId : null;
    const nextAgent = next.status === 'assigned' ? next.agentId : null;
    if (prevAgent && prevAgent !== nextAgent) m.srem(this.keys.agentActive(ws, prevAgent), next.id);
    if (nextAgent) m.sadd(this.keys.agentActive(ws, nextAgent), next.id);
    if (next.status === 'closed') m.del(this.keys.openConversation(next.customerId));
    else if (!prev) m.set(this.keys.openConversation(next.customerId), next.id);
    const drafts = conversationChanged(prev, next, cause.key, cause.by);
    this.events.appendIn(m, { workspaceId: ws, conversationId: next.id, at: cause.at, drafts });
  }

  /** Oldest first; `cursor` is the offset returned as `next`. */
  async list(ws: string, status: ConversationStatus, cursor: number, limit: number): Promise<{ items: Conversation[]; next: number | null }> {
    const ids = await this.redis.zrange(this.keys.conversationsByStatus(ws, status), String(cursor), String(cursor + limit));
    const page = ids.slice(0, limit);
    const items = (await Promise.all(page.map((id) => this.get(id)))).filter((c): c is Conversation => c !== null);
    return { items, next: ids.length > limit ? cursor + limit : null };
  }

  async listAll(ws: string, status: ConversationStatus): Promise<Conversation[]> {
    const ids = await this.redis.zrange(this.keys.conversationsByStatus(ws, status), '0', '-1');
    return (await Promise.all(ids.map((id) => this.get(id)))).filter((c): c is Conversation => c !== null);
  }

}

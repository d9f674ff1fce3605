// Conversations: a hash per conversation (one JSON-encoded value per field), a sorted set per status for the lists (oldest first), and a
// pointer from the customer to their open conversation. Each save appends its integration
// events (created, assigned, status changed) in the same MULTI.
import type { ChainableCommander } from 'ioredis';
import type { RedisClient as Redis } from '../redis-client.js';
import type { Conversation, ConversationStatus } from '../../domain/conversation.js';
import { conversationChanged } from '../../domain/event-drafts.js';
import { execAll, type RedisEventLog } from '../events/event-log.redis.js';
import type { Keys } from '../keys.js';
import type { ConversationStore, SaveCause } from '../../app/ports.js';

// moved to the use cases' ports; re-exported for existing importers
export type { SaveCause } from '../../app/ports.js';

/**
 * Sets (ARGV[1] > 0) or clears (0) the expiry of everything a conversation owns: KEYS 1–6 (its
 * hash, message stream, outbound sequence, sequence map, settled mark, event sequence) and the
 * hash of every outbound message in its stream (ARGV[2] = message key prefix), and the photos
 * its customer sent (ARGV[4] = image key prefix). On close it also
 * drops up to 10 of the oldest entries of the closed index (KEYS[7]) whose conversation has
 * expired (ARGV[3] = conversation key prefix), so the index shrinks as fast as it grows.
 */
const RETAIN = `
local ttl = tonumber(ARGV[1])
local function bound(k) if ttl > 0 then redis.call('EXPIRE', k, ttl) else redis.call('PERSIST', k) end end
for i = 1, 6 do bound(KEYS[i]) end
for _, e in ipairs(redis.call('XRANGE', KEYS[2], '-', '+')) do
  if e[2][1] == 'o' then bound(ARGV[2] .. e[2][2]) end
  -- a photo the customer sent (copied into the image store) goes with the conversation
  local img = e[2][1] == 'i' and string.match(e[2][6] or '', '/images/(img_[%w_%-]+)')
  if img then for _, k in ipairs({ ARGV[4] .. img, ARGV[4] .. img .. ':original', ARGV[4] .. img .. ':kakao' }) do bound(k) end end
end
if ttl > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[7], 0, 9)) do
    if redis.call('EXISTS', ARGV[3] .. id) == 0 then redis.call('ZREM', KEYS[7], id) end
  end
end
return 1`;

function encode(c: Conversation): string[] {
  return Object.entries(c).flatMap(([k, v]) => [k, JSON.stringify(v ?? null)]);
}

export class RedisConversationStore implements ConversationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly events: RedisEventLog,
    /** CONVERSATION_RETENTION_DAYS in seconds: a closed conversation expires that long after closing */
    private readonly retentionSeconds: number,
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
    const closedNow = next.status === 'closed' && prev?.status !== 'closed';
    const reopened = next.status !== 'closed' && prev?.status === 'closed';
    if (closedNow || reopened) this.retainIn(m, next, closedNow ? this.retentionSeconds : 0);
    const drafts = conversationChanged(prev, next, cause.key, cause.by);
    this.events.appendIn(m, { workspaceId: ws, conversationId: next.id, at: cause.at, drafts });
  }

  private retainIn(m: ChainableCommander, c: Conversation, ttlSeconds: number): void {
    const k = this.keys;
    const seq = k.outboundSeq(c.id);
    m.eval(RETAIN, 7, k.conversation(c.id), k.conversationMessages(c.id), seq, `${seq}-map`, k.outboundSettled(c.id), k.eventSeq(c.id), k.conversationsByStatus(c.workspaceId, 'closed'), ttlSeconds, k.message(''), k.conversation(''), k.image(''));
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

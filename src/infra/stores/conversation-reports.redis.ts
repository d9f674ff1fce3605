// Read-only queries for reports over the conversation store's data (see
// conversation-store.redis.ts: a hash per conversation with JSON-encoded fields, and a sorted
// set per status scored by createdAt in ms). Nothing here writes.
import type { RedisClient as Redis } from '../redis-client.js';
import type { ConversationStatus } from '../../domain/conversation.js';
import type { FrtSample } from '../../domain/frt.js';
import type { Keys } from '../keys.js';

const STATUSES: readonly ConversationStatus[] = ['waiting', 'assigned', 'closed'];
/** HMGETs per pipeline round trip: bounded so a long range never builds one huge reply */
const BATCH = 500;

export interface FrtQuery {
  workspaceId: string;
  /** inclusive, epoch ms */
  fromMs: number;
  /** exclusive, epoch ms */
  toMs: number;
  channelId?: string;
}

export interface ReportSample extends FrtSample {
  conversationId: string;
}

function decodeString(raw: string | null): string | null {
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

export class RedisConversationReports {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Ids of conversations created in [fromMs, toMs), whatever their status. One MULTI reads the
   * three status sets together, so a conversation changing status meanwhile is seen once.
   */
  async idsCreatedBetween(workspaceId: string, fromMs: number, toMs: number): Promise<string[]> {
    const m = this.redis.multi();
    for (const s of STATUSES) m.zrangebyscore(this.keys.conversationsByStatus(workspaceId, s), fromMs, `(${toMs}`);
    const replies = (await m.exec()) ?? [];
    const ids = new Set<string>();
    for (const [err, value] of replies) {
      if (err) throw err;
      for (const id of value as string[]) ids.add(id);
    }
    return [...ids];
  }

  /** One FRT sample per conversation created in the range (answered or not), optionally for one channel. */
  async frtSamples(q: FrtQuery): Promise<ReportSample[]> {
    const ids = await this.idsCreatedBetween(q.workspaceId, q.fromMs, q.toMs);
    const out: ReportSample[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const p = this.redis.pipeline();
      for (const id of batch) p.hmget(this.keys.conversation(id), 'createdAt', 'firstResponseAt', 'channelId');
      const replies = (await p.exec()) ?? [];
      batch.forEach((conversationId, j) => {
        const [err, value] = replies[j] ?? [null, null];
        if (err) throw err;
        const [createdRaw, firstRaw, channelRaw] = (value as (string | null)[] | null) ?? [];
        const createdAt = decodeString(createdRaw ?? null);
        const channelId = decodeString(channelRaw ?? null);
        // a hash removed between the two reads: nothing to report
        if (createdAt === null || channelId === null) return;
        if (q.channelId !== undefined && channelId !== q.channelId) return;
        out.push({ conversationId, channelId, createdAt, firstResponseAt: decodeString(firstRaw ?? null) });
      });
    }
    return out;
  }
}

// The workspace's event log: one Redis stream per workspace (keys.events(ws)), each entry with
// one field `e` = the event JSON; the entry id is the cursor the pull API and the SSE stream
// hand out. Events are appended by the same Lua script or MULTI that stores their change
// (APPEND_EVENTS_LUA), so a crash can separate neither from the other. The per-conversation
// `sequence` is an INCR in that same script.
import type { ChainableCommander } from 'ioredis';
import type { RedisClient as Redis } from '../redis-client.js';
import type { EventBatch } from '../../domain/event-drafts.js';
import type { GatewayEvent } from '../../domain/events.js';
import type { Keys } from '../keys.js';
import type { EventEntry } from '../../domain/event-cursor.js';
import type { EventLogReader } from '../../app/ports.js';

/**
 * Lua, prepended to a store's script: `append_events()` appends the batch that tail()
 * put at the END of KEYS (events stream, sequence counter) and ARGV (min id, head/tail pairs,
 * count). The JSON is built in TypeScript around the one value only Redis knows, the
 * sequence: head .. seq .. tail. A batch outside a conversation passes the stream key twice
 * as its "counter", which means sequence null. Entries older than the retention are trimmed
 * (approximately, by id = time) on every append.
 */
export const APPEND_EVENTS_LUA = `
local function append_events()
  local n = tonumber(ARGV[#ARGV])
  if n == 0 then return end
  local kEvents, kSeq = KEYS[#KEYS - 1], KEYS[#KEYS]
  local a = #ARGV - 2 * n - 1
  for i = 0, n - 1 do
    local seq = 'null'
    if kSeq ~= kEvents then seq = redis.call('INCR', kSeq) end
    redis.call('XADD', kEvents, 'MINID', '~', ARGV[a], '*', 'e', ARGV[a + 1 + 2 * i] .. seq .. ARGV[a + 2 + 2 * i])
  end
end
`;

const APPEND_ONLY = `${APPEND_EVENTS_LUA}\nappend_events()\nreturn 1`;

// moved to the domain (the use cases read them); re-exported for existing importers
export { isCursor, type EventEntry } from '../../domain/event-cursor.js';

/** what a store appends to its script call: 2 keys and the ARGV tail */
export interface EventTail {
  keys: [string, string];
  args: string[];
}

export interface EventLogOptions {
  retentionMs: number;
  /** false only in the ingest bench's baseline: nothing is appended */
  enabled: boolean;
  now(): Date;
}

/** Compares stream ids ("ms-seq"); BigInt because both halves are 64-bit. */
export function compareCursors(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  const d = BigInt(am) - BigInt(bm) || BigInt(as) - BigInt(bs);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/** runs a MULTI and throws its first failed command (Redis runs the others: a bug shows, not hides) */
export async function execAll(m: ChainableCommander): Promise<void> {
  const failed = (await m.exec())?.find(([err]) => err !== null);
  if (failed?.[0]) throw failed[0];
}

export function parseEntry([cursor, fields]: [string, string[]]): EventEntry {
  const i = fields.indexOf('e');
  return { cursor, event: JSON.parse(fields[i + 1] ?? 'null') as GatewayEvent };
}

export class RedisEventLog implements EventLogReader {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly opts: EventLogOptions,
  ) {}

  /** KEYS and ARGV to append to a script that includes APPEND_EVENTS_LUA and calls append_events() */
  tail(batch: EventBatch): EventTail {
    const stream = this.keys.events(batch.workspaceId);
    const counter = batch.conversationId ? this.keys.eventSeq(batch.conversationId) : stream;
    const drafts = this.opts.enabled ? batch.drafts : [];
    if (drafts.length === 0) return { keys: [stream, counter], args: ['0'] };
    const minId = `${Math.max(0, this.opts.now().getTime() - this.opts.retentionMs)}-0`;
    const j = JSON.stringify;
    const args = [minId];
    for (const { id, event } of drafts) {
      args.push(
        `{"id":${j(id)},"type":${j(event.type)},"timestamp":${j(batch.at)},"workspaceId":${j(batch.workspaceId)},"conversationId":${j(batch.conversationId)},"sequence":`,
        `,"data":${j(event.data)}}`,
      );
    }
    args.push(String(drafts.length));
    return { keys: [stream, counter], args };
  }

  /** queues the batch's append in a MULTI, so it commits (or not) with the rest of it */
  appendIn(m: ChainableCommander, batch: EventBatch): void {
    const t = this.tail(batch);
    if (t.args.length > 1) m.eval(APPEND_ONLY, 2, ...t.keys, ...t.args);
  }

  /** entries after `after` (from the oldest kept when null), oldest first */
  async read(ws: string, after: string | null, count: number): Promise<EventEntry[]> {
    const rows = await this.redis.xrange(this.keys.events(ws), after ? `(${after}` : '-', '+', 'COUNT', count);
    return rows.map(parseEntry);
  }

  /** the newest cursor of the workspace ('0-0' when it has none): "from now on" */
  async lastCursor(ws: string): Promise<string> {
    const rows = await this.redis.xrevrange(this.keys.events(ws), '+', '-', 'COUNT', 1);
    return rows[0]?.[0] ?? '0-0';
  }

  /**
   * true when entries after `cursor` may have been trimmed away, so a reader resuming there
   * would miss some: its cursor is before the first kept entry (or, the log being empty, before
   * the last one ever written) and entries were dropped. A cursor that is exactly the last
   * dropped entry counts as too old too: from the stream alone it cannot be told apart.
   */
  async expired(ws: string, cursor: string): Promise<boolean> {
    let info: unknown[];
    try {
      info = (await this.redis.call('XINFO', 'STREAM', this.keys.events(ws))) as unknown[];
    } catch {
      return false; // no stream yet: nothing was ever trimmed
    }
    const field = (name: string): unknown => {
      const i = info.indexOf(name);
      return i >= 0 ? info[i + 1] : undefined;
    };
    const length = Number(field('length') ?? 0);
    const added = field('entries-added');
    // Redis < 7 does not count what was added: any cursor before the first entry is too old
    const dropped = added === undefined ? true : Number(added) > length;
    if (!dropped) return false;
    const first = field('first-entry');
    if (Array.isArray(first) && typeof first[0] === 'string') return compareCursors(cursor, first[0]) < 0;
    const lastId = field('last-generated-id');
    return compareCursors(cursor, typeof lastId === 'string' ? lastId : '0-0') < 0;
  }
}

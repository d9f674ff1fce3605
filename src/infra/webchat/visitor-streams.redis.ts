// Web chat v2 outbound messages are kept per visitor in a Redis stream (so a reconnect with
// Last-Event-ID gets what it missed) and fanned out over a per-visitor pub/sub channel (so a
// message produced on one gateway process reaches an SSE connection held by another).
import type { Redis } from 'ioredis';
import type { VisitorStreamItem } from '../../domain/adapter-port.js';
import type { Keys } from '../keys.js';

export const STREAM_KEEP = 1000;
const STREAM_TTL_SECONDS = 30 * 24 * 3600;

export interface StreamEntry {
  seq: string;
  event: VisitorStreamItem;
}

type Listener = (e: StreamEntry) => void;

/** Compares Redis stream ids ("ms-seq"). */
export function streamIdAfter(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am > bm || (am === bm && as > bs);
}

export class VisitorStreams {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly redis: Redis,
    /** a dedicated connection in subscriber mode */
    private readonly sub: Redis,
    private readonly keys: Keys,
  ) {
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const set = this.listeners.get(channel.toString());
      if (!set) return;
      const entry = JSON.parse(message.toString()) as StreamEntry;
      for (const l of set) l(entry);
    });
  }

  private channelOf(channelId: string, visitorId: string): string {
    return `${this.keys.visitorChannel()}:${channelId}:${visitorId}`;
  }

  async append(channelId: string, visitorId: string, event: VisitorStreamItem): Promise<string> {
    const key = this.keys.visitorStream(channelId, visitorId);
    const seq = await this.redis.xadd(key, 'MAXLEN', '~', String(STREAM_KEEP), '*', 'e', JSON.stringify(event));
    if (!seq) throw new Error('XADD returned no id');
    await this.redis
      .multi()
      .expire(key, STREAM_TTL_SECONDS)
      .publish(this.channelOf(channelId, visitorId), JSON.stringify({ seq, event } satisfies StreamEntry))
      .exec();
    return seq;
  }

  /** entries after `afterSeq` (all kept ones when null), oldest first */
  async since(channelId: string, visitorId: string, afterSeq: string | null): Promise<StreamEntry[]> {
    const key = this.keys.visitorStream(channelId, visitorId);
    const rows = await this.redis.xrange(key, afterSeq ? `(${afterSeq}` : '-', '+');
    return rows.map(([seq, fields]) => ({ seq, event: JSON.parse(fields[1] ?? '{}') as VisitorStreamItem }));
  }

  async subscribe(channelId: string, visitorId: string, listener: Listener): Promise<() => Promise<void>> {
    const ch = this.channelOf(channelId, visitorId);
    let set = this.listeners.get(ch);
    if (!set) {
      set = new Set();
      this.listeners.set(ch, set);
      await this.sub.subscribe(ch);
    }
    set.add(listener);
    return async () => {
      const s = this.listeners.get(ch);
      if (!s) return;
      s.delete(listener);
      if (s.size === 0) {
        this.listeners.delete(ch);
        await this.sub.unsubscribe(ch).catch(() => undefined);
      }
    };
  }

  connections(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}

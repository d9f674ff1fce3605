// Web chat v2 outbound messages are kept per visitor in a Redis stream (so a reconnect with
// Last-Event-ID gets what it missed) and fanned out over one pub/sub channel per web chat
// channel (so a message produced on one gateway process reaches an SSE connection held by
// another). A process subscribes once per web chat channel it holds streams of, not once per
// visitor: 10,000 open streams cost a few subscriptions, and the visitor is picked here.
import type { RedisClient as Redis } from '../redis-client.js';
import type { VisitorStreamItem } from '../../domain/adapter-port.js';
import type { Keys } from '../keys.js';

export const STREAM_KEEP = 1000;
const STREAM_TTL_SECONDS = 30 * 24 * 3600;

export interface StreamEntry {
  seq: string;
  event: VisitorStreamItem;
}

export type StreamListener = (e: StreamEntry) => void;

/** Compares Redis stream ids ("ms-seq"). */
export function streamIdAfter(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am > bm || (am === bm && as > bs);
}

// one round trip: keep, expire and publish; the message is "visitorId\nseq\neventJson" (a
// visitor id never holds a newline: it comes from our own token)
const APPEND = `
local seq = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5] .. '\\n' .. seq .. '\\n' .. ARGV[2])
return seq`;

interface ChannelListeners {
  /** resolves once Redis confirmed the subscription: nothing published after it is missed */
  ready: Promise<unknown>;
  visitors: Map<string, Set<StreamListener>>;
}

export class VisitorStreams {
  private readonly channels = new Map<string, ChannelListeners>();
  private listening = 0;

  constructor(
    private readonly redis: Redis,
    /** a dedicated connection in subscriber mode */
    private readonly sub: Redis,
    private readonly keys: Keys,
  ) {
    this.sub.on('message', (pubsubChannel: string, message: string) => this.dispatch(pubsubChannel, message));
  }

  private pubsubChannelOf(channelId: string): string {
    return `${this.keys.visitorChannel()}:${channelId}`;
  }

  private dispatch(pubsubChannel: string, message: string): void {
    const prefix = this.keys.visitorChannel().length + 1;
    const entry = this.channels.get(pubsubChannel.slice(prefix));
    const first = message.indexOf('\n');
    const second = message.indexOf('\n', first + 1);
    if (!entry || first < 0 || second < 0) return;
    const listeners = entry.visitors.get(message.slice(0, first));
    if (!listeners) return;
    const e: StreamEntry = { seq: message.slice(first + 1, second), event: JSON.parse(message.slice(second + 1)) as VisitorStreamItem };
    for (const l of listeners) l(e);
  }

  async append(channelId: string, visitorId: string, event: VisitorStreamItem): Promise<string> {
    const key = this.keys.visitorStream(channelId, visitorId);
    const seq = await this.redis.eval(APPEND, 1, key, String(STREAM_KEEP), JSON.stringify(event), String(STREAM_TTL_SECONDS), this.pubsubChannelOf(channelId), visitorId);
    if (typeof seq !== 'string') throw new Error('XADD returned no id');
    return seq;
  }

  /** entries after `afterSeq` (all kept ones when null), oldest first */
  async since(channelId: string, visitorId: string, afterSeq: string | null): Promise<StreamEntry[]> {
    const key = this.keys.visitorStream(channelId, visitorId);
    const rows = await this.redis.xrange(key, afterSeq ? `(${afterSeq}` : '-', '+');
    return rows.map(([seq, fields]) => ({ seq, event: JSON.parse(fields[1] ?? '{}') as VisitorStreamItem }));
  }

  /** resolves once the listener gets every entry published from now on */
  async subscribe(channelId: string, visitorId: string, listener: StreamListener): Promise<void> {
    let entry = this.channels.get(channelId);
    if (!entry) {
      entry = { ready: this.sub.subscribe(this.pubsubChannelOf(channelId)), visitors: new Map() };
      this.channels.set(channelId, entry);
    }
    let set = entry.visitors.get(visitorId);
    if (!set) entry.visitors.set(visitorId, (set = new Set()));
    set.add(listener);
    this.listening++;
    try {
      await entry.ready;
    } catch (err) {
      this.unsubscribe(channelId, visitorId, listener);
      throw err;
    }
  }

  unsubscribe(channelId: string, visitorId: string, listener: StreamListener): void {
    const entry = this.channels.get(channelId);
    const set = entry?.visitors.get(visitorId);
    if (!entry || !set?.delete(listener)) return;
    this.listening--;
    if (set.size > 0) return;
    entry.visitors.delete(visitorId);
    if (entry.visitors.size > 0) return;
    this.channels.delete(channelId);
    // a later subscribe of the same channel is sent after this on the same connection
    this.sub.unsubscribe(this.pubsubChannelOf(channelId)).catch(() => undefined);
  }

  connections(): number {
    return this.listening;
  }
}

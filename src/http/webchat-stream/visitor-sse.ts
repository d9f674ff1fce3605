// One visitor's open SSE stream on a plain node:http response: replay after Last-Event-ID, then
// live entries, each exactly once and in order. Thousands are held at once, so a stream keeps
// only this small object, its listener and its close hook (no express objects, no timer).
import type { ServerResponse } from 'node:http';
import { streamIdAfter, type StreamEntry, type VisitorStreams } from '../../infra/webchat/visitor-streams.redis.js';
import type { OpenStreams } from './open-streams.js';

export interface VisitorStreamTarget {
  channelId: string;
  visitorId: string;
  /** replay what came after this sequence; null = only new events */
  lastEventId: string | null;
}

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

class VisitorSse {
  /** entries published while the replay is read; null once live */
  private buffered: StreamEntry[] | null = [];

  constructor(
    private readonly res: ServerResponse,
    private last: string | null,
  ) {}

  readonly deliver = (e: StreamEntry): void => {
    if (this.buffered) this.buffered.push(e);
    else this.write(e);
  };

  goLive(replay: StreamEntry[]): void {
    for (const e of replay) this.write(e);
    const buffered = this.buffered ?? [];
    this.buffered = null;
    for (const e of buffered) this.write(e);
  }

  private write(e: StreamEntry): void {
    // ended by a shutdown while its close is still on the way: a write now would be an error
    if (this.res.writableEnded) return;
    // the replay and the live entries overlap by what was published during the replay
    if (this.last && !streamIdAfter(e.seq, this.last)) return;
    this.last = e.seq;
    const name = e.event.kind === 'card_state' ? 'card_state' : 'message';
    this.res.write(`id: ${e.seq}\nevent: ${name}\ndata: ${JSON.stringify(e.event)}\n\n`);
  }
}

/**
 * Answers 200 and streams until the client leaves or the process shuts down. Headers already set
 * on `res` (request id, CORS) are kept. Subscribes before reading the replay, so nothing
 * published in between is missed.
 */
export async function serveVisitorStream(streams: VisitorStreams, open: OpenStreams, res: ServerResponse, t: VisitorStreamTarget): Promise<void> {
  res.writeHead(200, SSE_HEADERS);
  res.write('retry: 2000\n\n');
  const sse = new VisitorSse(res, t.lastEventId);
  const slice = open.add(res);
  let closed = false;
  res.once('close', () => {
    closed = true;
    open.remove(res, slice);
    streams.unsubscribe(t.channelId, t.visitorId, sse.deliver);
  });
  await streams.subscribe(t.channelId, t.visitorId, sse.deliver);
  // the client may have left while we subscribed: its close hook ran before the subscription
  if (closed) return streams.unsubscribe(t.channelId, t.visitorId, sse.deliver);
  sse.goLive(await streams.since(t.channelId, t.visitorId, t.lastEventId));
}

// Every web chat SSE stream this process holds: one heartbeat timer for all of them, spread over
// the interval, and one shutdown hook that ends them all. Writing a comment to 10,000 sockets in
// one go blocks the event loop for ~100 ms (messages waiting behind it); a slice every 100 ms
// keeps each stream's heartbeat period and costs ~1 ms per tick.
import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

const HEARTBEAT = ': heartbeat\n\n';
const SLICE_MS = 100;

export class OpenStreams {
  private readonly slices: Array<Set<ServerResponse>>;
  private readonly timer: NodeJS.Timeout;
  private tick = 0;
  private nextSlice = 0;

  constructor(heartbeatMs: number, lifecycle: EventEmitter) {
    const count = Math.max(1, Math.floor(heartbeatMs / SLICE_MS));
    this.slices = Array.from({ length: count }, () => new Set<ServerResponse>());
    this.timer = setInterval(() => {
      for (const res of this.slices[this.tick]!) if (!res.writableEnded) res.write(HEARTBEAT);
      this.tick = (this.tick + 1) % count;
    }, heartbeatMs / count);
    this.timer.unref();
    // on shutdown every stream ends; the page reconnects (Last-Event-ID) to another process
    lifecycle.once('shutdown', () => {
      clearInterval(this.timer);
      for (const slice of this.slices) for (const res of slice) res.end();
    });
  }

  /** holds `res` until it closes; returns its slice, for `remove` */
  add(res: ServerResponse): number {
    const slice = this.nextSlice;
    this.nextSlice = (slice + 1) % this.slices.length;
    this.slices[slice]!.add(res);
    return slice;
  }

  remove(res: ServerResponse, slice: number): void {
    this.slices[slice]?.delete(res);
  }
}

// Live events for the SSE streams this process holds, whichever process wrote them: one
// blocking XREAD per process over the event logs of the workspaces that have a stream open
// here (not one per client). When a workspace joins, the blocked read is interrupted with
// CLIENT UNBLOCK so the next read includes it. Each workspace is read from a position taken
// when it joined, so a subscriber sees every entry after that position; its own backlog read
// (done after subscribing) covers everything before, and cursors drop the overlap.
import type { RedisClient as Redis } from '../redis-client.js';
import type { Logger } from '../logger.js';
import type { Keys } from '../keys.js';
import { compareCursors, parseEntry, type EventEntry } from './event-log.redis.js';

type Listener = (e: EventEntry) => void;

interface Watch {
  /** the last entry read for this workspace */
  last: string;
  listeners: Set<Listener>;
}

const BLOCK_MS = 5000;
const BATCH = 500;

export class EventFanout {
  private readonly watched = new Map<string, Watch>();
  private conn: Redis | null = null;
  private connId: number | null = null;
  private reading = false;
  private running = false;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly redis: Redis,
    /** a dedicated blocking connection, made on first use (a worker-only process never needs it) */
    private readonly connect: () => Redis,
    private readonly keys: Keys,
    private readonly log: Logger,
  ) {}

  /**
   * `listener` gets every event of the workspace appended after a position no later than the
   * stream's end when this resolves. Returns the unsubscribe function.
   */
  async subscribe(ws: string, listener: Listener): Promise<() => void> {
    let w = this.watched.get(ws);
    if (!w) {
      const rows = await this.redis.xrevrange(this.keys.events(ws), '+', '-', 'COUNT', 1);
      w = this.watched.get(ws) ?? { last: rows[0]?.[0] ?? '0-0', listeners: new Set() };
      this.watched.set(ws, w);
      this.start();
      await this.interrupt();
    }
    w.listeners.add(listener);
    const watch = w;
    return () => {
      watch.listeners.delete(listener);
      if (watch.listeners.size === 0 && this.watched.get(ws) === watch) this.watched.delete(ws);
    };
  }

  /** the streams open on this process */
  connections(): number {
    let n = 0;
    for (const w of this.watched.values()) n += w.listeners.size;
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.interrupt();
  }

  private start(): void {
    this.wake?.();
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop().finally(() => (this.running = false));
  }

  /** ends a blocked XREAD so the next one reads the current set of workspaces */
  private async interrupt(): Promise<void> {
    // the XREAD may not have reached Redis yet (another socket): try until it has or returned
    for (let i = 0; i < 50 && this.reading && this.connId !== null; i++) {
      const unblocked = (await this.redis.call('CLIENT', 'UNBLOCK', String(this.connId)).catch(() => 0)) as number;
      if (unblocked === 1) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.watched.size === 0) {
        await new Promise<void>((r) => (this.wake = r));
        this.wake = null;
        continue;
      }
      try {
        await this.readOnce();
      } catch (err) {
        if (this.stopped) return;
        this.log.warn({ err: (err as Error).message }, 'event fan-out read failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async readOnce(): Promise<void> {
    if (!this.conn) {
      const conn = this.connect();
      conn.on('ready', () => (this.connId = null));
      this.conn = conn;
    }
    this.connId ??= Number(await this.conn.client('ID'));
    const byKey = new Map<string, string>();
    for (const ws of this.watched.keys()) byKey.set(this.keys.events(ws), ws);
    const ids = [...byKey.values()].map((ws) => this.watched.get(ws)?.last ?? '$');
    this.reading = true;
    let res: [string, [string, string[]][]][] | null;
    try {
      res = (await this.conn.xread('COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', ...byKey.keys(), ...ids));
    } finally {
      this.reading = false;
    }
    for (const [key, rows] of res ?? []) {
      const ws = byKey.get(key);
      const w = ws === undefined ? undefined : this.watched.get(ws);
      if (!w) continue;
      for (const row of rows) {
        if (compareCursors(row[0], w.last) <= 0) continue;
        w.last = row[0];
        const entry = parseEntry(row);
        for (const l of w.listeners) {
          try {
            l(entry);
          } catch (err) {
            this.log.warn({ err: (err as Error).message }, 'event stream listener failed');
          }
        }
      }
    }
  }
}

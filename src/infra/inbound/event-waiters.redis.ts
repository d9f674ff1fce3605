// The Kakao webhook waits for the worker (maybe in another process) to finish its event. The
// worker stores the result and publishes the event id on one channel; every HTTP process wakes
// the matching waiter at once instead of polling Redis.
import type { RedisClient as Redis } from '../redis-client.js';
import type { Keys } from '../keys.js';

export class EventWaiters {
  private readonly waiters = new Map<string, Set<() => void>>();
  private subscribed: Promise<unknown> | null = null;
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    private readonly sub: Redis,
    private readonly keys: Keys,
  ) {
    this.channel = `${keys.prefix}:evdone-fanout`;
    this.sub.on('message', (channel: string, eventId: string) => {
      if (channel === this.channel) for (const wake of this.waiters.get(eventId) ?? []) wake();
    });
  }

  /** the notification the worker adds to its result write */
  get fanoutChannel(): string {
    return this.channel;
  }

  async wait(eventId: string, timeoutMs: number): Promise<string | null> {
    this.subscribed ??= this.sub.subscribe(this.channel);
    await this.subscribed;
    const key = this.keys.eventWaiter(eventId);
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const set = this.waiters.get(eventId) ?? new Set();
    set.add(wake);
    this.waiters.set(eventId, set);
    try {
      // the result may have been written before we subscribed
      const early = await this.redis.get(key);
      if (early) return early;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([woken, timedOut]);
      clearTimeout(timer);
      return await this.redis.get(key);
    } finally {
      set.delete(wake);
      if (set.size === 0) this.waiters.delete(eventId);
    }
  }
}

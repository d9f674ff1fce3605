// Redis connections. The command connection fails fast while Redis is down (no offline queue)
// so HTTP answers 503 at once instead of hanging; BullMQ workers get blocking-friendly ones.
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.js';

export type { Redis };

/**
 * What stores and queues are handed: one Redis or a Redis Cluster (REDIS_CLUSTER_NODES). Both
 * expose the same commands; code that must differ (SCAN over every master, sharded pub/sub)
 * checks `isCluster`.
 */
export type RedisClient = Redis | Cluster;

export function isCluster(r: RedisClient): r is Cluster {
  return r.isCluster;
}

export interface RedisFactory {
  /** fail-fast connection for request handling */
  command(name: string): Redis;
  /** connection for BullMQ workers and subscribers (retries forever, blocking commands) */
  blocking(name: string): Redis;
  /** QUIT each connection, bounded by graceMs; then disconnect whatever is left */
  closeAll(graceMs?: number): Promise<void>;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export function createRedisFactory(url: string, log: Logger): RedisFactory {
  const made: Redis[] = [];
  const base: RedisOptions = {
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    reconnectOnError: () => true,
  };
  const make = (name: string, opts: RedisOptions): Redis => {
    const r = new Redis(url, { ...base, ...opts, connectionName: `talkgate:${name}` });
    let down = false;
    r.on('error', (err: Error) => {
      if (!down) log.warn({ redis: name, err: err.message }, 'redis connection error');
      down = true;
    });
    r.on('ready', () => {
      if (down) log.info({ redis: name }, 'redis connection restored');
      down = false;
    });
    made.push(r);
    return r;
  };
  return {
    // concurrent requests' commands share round trips (auto-pipelining): Redis sees batches
    command: (name) => make(name, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 3000, enableAutoPipelining: true }),
    blocking: (name) => make(name, { maxRetriesPerRequest: null, enableOfflineQueue: true }),
    async closeAll(graceMs = 1000) {
      // QUIT waits behind commands queued while Redis was away, i.e. for ever when it stays
      // away: give it a moment, then drop every connection (and its reconnect timer) regardless
      await Promise.race([Promise.allSettled(made.map((r) => r.quit())), delay(graceMs)]);
      for (const r of made) r.disconnect();
    },
  };
}

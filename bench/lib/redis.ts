// One private redis-server per bench (never the shared 6379), flushed between phases so every
// phase starts from an empty database.
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '../../src/infra/redis-server-process.js';

export interface BenchRedis extends RedisServerHandle {
  flush(): Promise<void>;
  /** a short-lived client for checks */
  withClient<T>(fn: (r: Redis) => Promise<T>): Promise<T>;
}

/** so Ctrl-C runs the 'exit' handlers below instead of leaving redis-server orphaned */
function exitOnInterrupt(): void {
  if (process.listenerCount('SIGINT') === 0) process.once('SIGINT', () => process.exit(130));
}

export async function startBenchRedis(): Promise<BenchRedis> {
  const handle = await startRedisServer({ dataDir: null });
  const killOnExit = (): void => {
    try {
      process.kill(handle.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  exitOnInterrupt();
  const withClient = async <T>(fn: (r: Redis) => Promise<T>): Promise<T> => {
    const r = new Redis(handle.url);
    try {
      return await fn(r);
    } finally {
      await r.quit();
    }
  };
  return {
    url: handle.url,
    port: handle.port,
    pid: handle.pid,
    stop: async () => {
      process.off('exit', killOnExit);
      await handle.stop();
    },
    withClient,
    flush: () => withClient(async (r) => void (await r.flushall())),
  };
}

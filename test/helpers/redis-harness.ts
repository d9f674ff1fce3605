// One private redis-server per test run, on a free port (never the machine's shared 6379),
// started on first use and stopped when mocha finishes. Tests isolate themselves with a
// random key prefix and only ever delete keys under that prefix.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '../../src/infra/redis-server-process.js';

let server: Promise<RedisServerHandle> | null = null;

export function testRedis(): Promise<RedisServerHandle> {
  server ??= startRedisServer({ dataDir: null });
  return server;
}

export async function stopTestRedis(): Promise<void> {
  if (!server) return;
  const s = await server;
  server = null;
  await s.stop();
}

export function randomPrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under `prefix` (and nothing else). */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const r = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await r.del(...keys);
    } while (cursor !== '0');
    let c2 = '0';
    do {
      const [next, keys] = await r.scan(c2, 'MATCH', `${prefix}-*`, 'COUNT', 500);
      c2 = next;
      if (keys.length > 0) await r.del(...keys);
    } while (c2 !== '0');
  } finally {
    r.disconnect();
  }
}

// The embedded default: with REDIS_URL unset the gateway runs its own redis-server with data
// and AOF in DATA_DIR/redis, and stops it on exit. A pid file lets the next start clean up a
// server orphaned by a `kill -9` of the gateway, so two servers never share one AOF.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startRedisServer, type RedisServerHandle } from './redis-server-process.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isRedisServer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server');
  } catch {
    return false;
  }
}

async function stopOrphan(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && alive(pid) && isRedisServer(pid)) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  }
  rmSync(pidFile, { force: true });
}

export async function startEmbeddedRedis(dataDir: string): Promise<RedisServerHandle> {
  const dir = path.resolve(dataDir, 'redis');
  const pidFile = path.resolve(dataDir, 'redis.pid');
  await stopOrphan(pidFile);
  const handle = await startRedisServer({ dataDir: dir });
  writeFileSync(pidFile, String(handle.pid));
  return {
    ...handle,
    stop: async () => {
      await handle.stop();
      rmSync(pidFile, { force: true });
    },
  };
}

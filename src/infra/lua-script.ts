// A Lua script run by its SHA1 (EVALSHA): the script text crosses the wire once per connection
// instead of on every call. It is loaded (SCRIPT LOAD) before the first call on a connection and
// again after every reconnect, because our connections reconnect on any error reply
// (redis-client.ts reconnectOnError) — a NOSCRIPT answer would drop the connection under every
// request in flight on it. Should a script still be missing (SCRIPT FLUSH by hand), the call falls
// back to EVAL once and the next call loads it again.
import { createHash } from 'node:crypto';
import type { RedisClient as Redis } from './redis-client.js';

export class LuaScript {
  private readonly sha: string;
  private readonly loaded = new WeakMap<Redis, Promise<unknown>>();
  private readonly watched = new WeakSet<Redis>();

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  private ensureLoaded(redis: Redis): Promise<unknown> {
    if (!this.watched.has(redis)) {
      this.watched.add(redis);
      // a new connection may face a restarted server without the script
      redis.on('ready', () => this.loaded.delete(redis));
    }
    let p = this.loaded.get(redis);
    if (!p) {
      p = redis.script('LOAD', this.lua);
      p.catch(() => this.loaded.delete(redis));
      this.loaded.set(redis, p);
    }
    return p;
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    await this.ensureLoaded(redis);
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      this.loaded.delete(redis);
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

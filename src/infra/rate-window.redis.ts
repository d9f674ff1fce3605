// Per-channel send throttle (TalkTalk blocks senders above ~30 requests in 3 s): a sliding
// window in a sorted set shared by every worker process. Returns 0 when the send may go now,
// else how many milliseconds to wait.
import { randomBytes } from 'node:crypto';
import type { RedisClient as Redis } from './redis-client.js';

const TAKE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;

export async function takeSendSlot(redis: Redis, key: string, max: number, windowMs: number): Promise<number> {
  const r = await redis.eval(TAKE, 1, key, String(Date.now()), String(windowMs), String(max), randomBytes(6).toString('hex'));
  return Number(r);
}

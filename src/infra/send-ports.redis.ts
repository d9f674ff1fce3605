// SendPorts on Redis: once-only claims (Kakao callbackUrl), a small cache (TalkTalk imageId),
// and the web chat visitor streams.
import type { RedisClient as Redis } from './redis-client.js';
import type { SendPorts } from '../domain/adapter-port.js';
import type { Keys } from './keys.js';
import type { VisitorStreams } from './webchat/visitor-streams.redis.js';

export function createSendPorts(redis: Redis, keys: Keys, streams: VisitorStreams): SendPorts {
  return {
    async claimOnce(key, ttlMs) {
      return (await redis.set(keys.claim(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    cacheGet: (key) => redis.get(keys.cache(key)),
    async cacheSet(key, value, ttlSeconds) {
      await redis.set(keys.cache(key), value, 'EX', ttlSeconds);
    },
    appendVisitorStream: (channelId, visitorId, event) => streams.append(channelId, visitorId, event),
  };
}

// PlatformSessionStore on Redis: the session is one JSON field of the conversation's hash (the
// store encodes every field that way); early context waits in the cache namespace.
import type { RedisClient as Redis } from '../redis-client.js';
import type { PlatformSessionStore } from '../../app/platform-sessions.js';
import type { Keys } from '../keys.js';

/** 상담톡 ends an idle session after 30 days: context older than that has no session to join */
const PENDING_TTL_SECONDS = 30 * 24 * 3600;

export function createPlatformSessionStore(redis: Redis, keys: Keys): PlatformSessionStore {
  const pendingKey = (channelId: string, sessionId: string) => keys.cache(`session-context:${channelId}:${sessionId}`);
  return {
    async setSession(conversationId, session) {
      await redis.hset(keys.conversation(conversationId), 'platformSession', JSON.stringify(session));
    },
    async savePending(channelId, sessionId, context) {
      await redis.set(pendingKey(channelId, sessionId), JSON.stringify(context), 'EX', PENDING_TTL_SECONDS);
    },
    async takePending(channelId, sessionId) {
      const raw = await redis.getdel(pendingKey(channelId, sessionId));
      return raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    },
  };
}

// Used profile form links: one key per used token, expiring when the link would have anyway.
import type { FormTokenStore } from '../../app/ports.js';
import type { Keys } from '../keys.js';
import type { RedisClient as Redis } from '../redis-client.js';

export class RedisFormTokenStore implements FormTokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async used(tokenId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.formToken(tokenId))) === 1;
  }

  async markUsed(tokenId: string, at: Date, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.formToken(tokenId), at.toISOString(), 'EX', ttlSeconds);
  }
}

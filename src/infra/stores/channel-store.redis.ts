// Registered channels. Credentials and the webhook key are sealed with the SecretBox before
// they reach Redis; only this store ever sees them in clear.
import type { RedisClient as Redis } from '../redis-client.js';
import type { ChannelRecord } from '../../domain/channel.js';
import type { Keys } from '../keys.js';
import type { ChannelStore } from '../../app/ports.js';
import type { SecretBox } from '../secret-box.js';

type Sealed = Omit<ChannelRecord, 'credentials' | 'webhookKey'> & { sealed: string; updatedAt: string };

export class RedisChannelStore implements ChannelStore {
  private readonly cache = new Map<string, { at: number; channel: ChannelRecord | null }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly box: SecretBox,
    /** webhooks look a channel up on every call; a short cache keeps that off Redis */
    private readonly cacheMs = 2000,
  ) {}

  private seal(ch: ChannelRecord, now: Date): Sealed {
    const { credentials, webhookKey, ...rest } = ch;
    return { ...rest, sealed: this.box.seal(JSON.stringify({ credentials, webhookKey })), updatedAt: now.toISOString() };
  }

  private open(doc: Sealed): ChannelRecord {
    const { sealed, updatedAt: _updatedAt, ...rest } = doc;
    const secret = JSON.parse(this.box.open(sealed)) as Pick<ChannelRecord, 'credentials' | 'webhookKey'>;
    return { ...rest, ...secret };
  }

  async save(ch: ChannelRecord, now: Date): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.channel(ch.id), JSON.stringify(this.seal(ch, now)))
      .sadd(this.keys.channelsOf(ch.workspaceId), ch.id)
      .exec();
    this.cache.delete(ch.id);
  }

  async get(id: string, opts: { cached?: boolean } = {}): Promise<ChannelRecord | null> {
    const hit = this.cache.get(id);
    if (opts.cached && hit && Date.now() - hit.at < this.cacheMs) return hit.channel;
    const raw = await this.redis.get(this.keys.channel(id));
    const channel = raw ? this.open(JSON.parse(raw) as Sealed) : null;
    this.cache.set(id, { at: Date.now(), channel });
    return channel;
  }

  async list(wsId: string): Promise<ChannelRecord[]> {
    const ids = await this.redis.smembers(this.keys.channelsOf(wsId));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.channel(id)));
    return raws
      .filter((r): r is string => r !== null)
      .map((r) => this.open(JSON.parse(r) as Sealed))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async delete(ch: ChannelRecord): Promise<void> {
    await this.redis.multi().del(this.keys.channel(ch.id)).srem(this.keys.channelsOf(ch.workspaceId), ch.id).exec();
    this.cache.delete(ch.id);
  }

  /** the Redis key of every stored channel document (for the start-up SECRET_KEY check) */
  async documentKeys(): Promise<string[]> {
    const out: string[] = [];
    for (const ws of await this.redis.smembers(this.keys.workspaces())) {
      for (const id of await this.redis.smembers(this.keys.channelsOf(ws))) out.push(this.keys.channel(id));
    }
    return out;
  }

  /** the raw stored document, for tests proving secrets are not stored in clear */
  rawDocument(id: string): Promise<string | null> {
    return this.redis.get(this.keys.channel(id));
  }
}

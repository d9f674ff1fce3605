// Workspace API keys: one Redis hash per key (only the SHA-256 of the key, never the key), and
// a per-workspace index for listing. Records stay after revocation or expiry so the list shows them.
import type { RedisClient as Redis } from '../redis-client.js';
import { apiKeyId, issueKey, type ApiKeyRecord } from '../../domain/api-keys.js';
import type { ApiScope } from '../../domain/api-scopes.js';
import type { Keys } from '../keys.js';

export interface NewApiKey {
  workspaceId: string;
  name: string;
  scopes: ApiScope[];
  expiresAt: string | null;
}

/** a freshly issued key: the only moment the full key exists outside its holder */
export interface CreatedApiKey {
  record: ApiKeyRecord;
  key: string;
}

function toHash(r: ApiKeyRecord): Record<string, string> {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    name: r.name,
    scopes: JSON.stringify(r.scopes),
    hash: r.hash,
    mask: r.mask,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt ?? '',
    lastUsedAt: r.lastUsedAt ?? '',
    revokedAt: r.revokedAt ?? '',
  };
}

function fromHash(h: Record<string, string>): ApiKeyRecord | null {
  if (!h['id'] || !h['workspaceId'] || !h['hash']) return null;
  return {
    id: h['id'],
    workspaceId: h['workspaceId'],
    name: h['name'] ?? '',
    scopes: JSON.parse(h['scopes'] ?? '[]') as ApiScope[],
    hash: h['hash'],
    mask: h['mask'] ?? '',
    createdAt: h['createdAt'] ?? '',
    expiresAt: h['expiresAt'] || null,
    lastUsedAt: h['lastUsedAt'] || null,
    revokedAt: h['revokedAt'] || null,
  };
}

export class RedisApiKeyStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private build(input: NewApiKey, now: Date): CreatedApiKey {
    const issued = issueKey();
    const record: ApiKeyRecord = {
      id: apiKeyId(issued.lookup),
      workspaceId: input.workspaceId,
      name: input.name,
      scopes: input.scopes,
      hash: issued.hash,
      mask: issued.mask,
      createdAt: now.toISOString(),
      expiresAt: input.expiresAt,
      lastUsedAt: null,
      revokedAt: null,
    };
    return { record, key: issued.key };
  }

  async create(input: NewApiKey, now: Date): Promise<CreatedApiKey> {
    const created = this.build(input, now);
    await this.redis
      .multi()
      .hset(this.keys.apiKey(created.record.id), toHash(created.record))
      .zadd(this.keys.apiKeysOf(input.workspaceId), String(now.getTime()), created.record.id)
      .exec();
    return created;
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    return fromHash(await this.redis.hgetall(this.keys.apiKey(id)));
  }

  /** a key of this workspace, or null (another workspace's key is as unknown as a missing one) */
  async getIn(ws: string, id: string): Promise<ApiKeyRecord | null> {
    const r = await this.get(id);
    return r && r.workspaceId === ws ? r : null;
  }

  async list(ws: string): Promise<ApiKeyRecord[]> {
    const ids = await this.redis.zrange(this.keys.apiKeysOf(ws), '0', '-1');
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(this.keys.apiKey(id));
    const rows = (await pipe.exec()) ?? [];
    return rows.map(([, h]) => fromHash((h ?? {}) as Record<string, string>)).filter((r): r is ApiKeyRecord => r !== null);
  }

  /** revoking twice keeps the first time */
  async revoke(r: ApiKeyRecord, now: Date): Promise<void> {
    if (r.revokedAt === null) await this.redis.hset(this.keys.apiKey(r.id), 'revokedAt', now.toISOString());
  }

  /** a new key with the old one's name, scopes and expiry; the old one now ends at `oldEndsAt` */
  async roll(old: ApiKeyRecord, oldEndsAt: Date, now: Date): Promise<CreatedApiKey> {
    const created = this.build({ workspaceId: old.workspaceId, name: old.name, scopes: old.scopes, expiresAt: old.expiresAt }, now);
    const end = old.expiresAt !== null && Date.parse(old.expiresAt) < oldEndsAt.getTime() ? old.expiresAt : oldEndsAt.toISOString();
    await this.redis
      .multi()
      .hset(this.keys.apiKey(created.record.id), toHash(created.record))
      .zadd(this.keys.apiKeysOf(old.workspaceId), String(now.getTime()), created.record.id)
      .hset(this.keys.apiKey(old.id), 'expiresAt', end)
      .exec();
    return created;
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.redis.hset(this.keys.apiKey(id), 'lastUsedAt', now.toISOString());
  }
}

// Workspaces and their settings versions. Every PUT writes a new version; old versions stay
// readable because a conversation keeps the version it started with (PB-4, PB-22).
import type { RedisClient as Redis } from '../redis-client.js';
import { newId } from '../../domain/ids.js';
import { defaultSettings, type Settings, type VersionedSettings } from '../../domain/settings.js';
import type { Keys } from '../keys.js';
import type { SettingsStore } from '../../app/ports.js';

export interface Workspace {
  id: string;
  name: string;
  settingsVersion: number;
  createdAt: string;
}

export class RedisWorkspaceStore implements SettingsStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async create(name: string, now: Date): Promise<Workspace> {
    const ws: Workspace = { id: newId('ws'), name, settingsVersion: 1, createdAt: now.toISOString() };
    await this.redis
      .multi()
      .hset(this.keys.workspace(ws.id), { id: ws.id, name, settingsVersion: '1', createdAt: ws.createdAt })
      .set(this.keys.settings(ws.id, 1), JSON.stringify(defaultSettings()))
      .sadd(this.keys.workspaces(), ws.id)
      .exec();
    return ws;
  }

  async get(id: string): Promise<Workspace | null> {
    const h = await this.redis.hgetall(this.keys.workspace(id));
    if (!h['id']) return null;
    return { id: h['id'], name: h['name'] ?? '', settingsVersion: Number(h['settingsVersion']), createdAt: h['createdAt'] ?? '' };
  }

  async getSettings(wsId: string, version?: number): Promise<VersionedSettings | null> {
    const v = version ?? Number(await this.redis.hget(this.keys.workspace(wsId), 'settingsVersion'));
    if (!Number.isInteger(v) || v < 1) return null;
    const raw = await this.redis.get(this.keys.settings(wsId, v));
    return raw ? { ...(JSON.parse(raw) as Settings), version: v } : null;
  }

  /** Stores a new version atomically: the counter and the document move together. */
  async putSettings(wsId: string, settings: Settings): Promise<number> {
    const script = `
      if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
      local v = redis.call('HINCRBY', KEYS[1], 'settingsVersion', 1)
      redis.call('SET', ARGV[1] .. v, ARGV[2])
      return v`;
    const v = (await this.redis.eval(
      script,
      1,
      this.keys.workspace(wsId),
      this.keys.settings(wsId, 0).replace(/0$/, ''),
      JSON.stringify(settings),
    )) as number;
    return v;
  }
}

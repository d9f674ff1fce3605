// Agents of a workspace and the conversations each one is handling (for maxConcurrent).
import type { RedisClient as Redis } from '../redis-client.js';
import type { Agent } from '../../domain/conversation.js';
import { newId } from '../../domain/ids.js';
import type { Keys } from '../keys.js';
import type { AgentStore } from '../../app/ports.js';

type AgentDoc = Omit<Agent, 'activeCount'>;

export class RedisAgentStore implements AgentStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async create(wsId: string, name: string, maxConcurrent: number, now: Date): Promise<Agent> {
    const doc: AgentDoc = {
      id: newId('ag'),
      workspaceId: wsId,
      name,
      maxConcurrent,
      online: false,
      lastAssignedAt: null,
      createdAt: now.toISOString(),
    };
    await this.redis.hset(this.keys.agents(wsId), doc.id, JSON.stringify(doc));
    return { ...doc, activeCount: 0 };
  }

  async list(wsId: string): Promise<Agent[]> {
    const all = await this.redis.hgetall(this.keys.agents(wsId));
    const docs = Object.values(all).map((v) => JSON.parse(v) as AgentDoc);
    if (docs.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const d of docs) pipe.scard(this.keys.agentActive(wsId, d.id));
    const counts = (await pipe.exec()) ?? [];
    return docs
      .map((d, i) => ({ ...d, activeCount: Number(counts[i]?.[1] ?? 0) }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(wsId: string, id: string): Promise<Agent | null> {
    const raw = await this.redis.hget(this.keys.agents(wsId), id);
    if (!raw) return null;
    const doc = JSON.parse(raw) as AgentDoc;
    return { ...doc, activeCount: await this.redis.scard(this.keys.agentActive(wsId, id)) };
  }

  async update(wsId: string, id: string, patch: Partial<Pick<AgentDoc, 'online' | 'lastAssignedAt'>>): Promise<Agent | null> {
    const current = await this.get(wsId, id);
    if (!current) return null;
    const { activeCount, ...doc } = { ...current, ...patch };
    await this.redis.hset(this.keys.agents(wsId), id, JSON.stringify(doc));
    return { ...doc, activeCount };
  }
}

// Webhook endpoints. Secrets are sealed with the SecretBox before they reach Redis. Creating
// the first endpoint of a workspace puts the workspace in the dispatcher's set and starts its
// cursor at the log's current end (events from before the endpoint existed are not sent).
import type { RedisClient as Redis } from '../redis-client.js';
import { ROTATION_GRACE_MS, type WebhookEndpoint } from '../../domain/webhook.js';
import type { Keys } from '../keys.js';
import type { SecretBox } from '../secret-box.js';

type Sealed = Omit<WebhookEndpoint, 'secrets'> & { sealed: string };

// KEYS: doc, set of the workspace, workspaces set, cursor, event log · ARGV: doc, id, ws
const CREATE = `
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[3])
if redis.call('EXISTS', KEYS[4]) == 0 then
  local last = redis.call('XREVRANGE', KEYS[5], '+', '-', 'COUNT', 1)
  redis.call('SET', KEYS[4], last[1] and last[1][1] or '0-0')
end
return 1`;

// KEYS: doc, set of the workspace, workspaces set, cursor, attempts, index, failed · ARGV: id, ws
const DELETE = `
redis.call('DEL', KEYS[1], KEYS[5], KEYS[6], KEYS[7])
redis.call('SREM', KEYS[2], ARGV[1])
if redis.call('SCARD', KEYS[2]) == 0 then
  redis.call('SREM', KEYS[3], ARGV[2])
  redis.call('DEL', KEYS[4])
end
return 1`;

export class RedisWebhookStore {
  private readonly cache = new Map<string, { at: number; ep: WebhookEndpoint | null }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly box: SecretBox,
    /** every delivery reads its endpoint; a short cache keeps that off Redis */
    private readonly cacheMs = 1000,
  ) {}

  /** every stored endpoint document, for the start-up SECRET_KEY check and re-seal */
  async documentKeys(): Promise<string[]> {
    const out: string[] = [];
    for (const ws of await this.redis.smembers(this.keys.webhookWorkspaces())) {
      for (const id of await this.redis.smembers(this.keys.webhooksOf(ws))) out.push(this.keys.webhook(id));
    }
    return out;
  }

  private seal(ep: WebhookEndpoint): string {
    const { secrets, ...rest } = ep;
    return JSON.stringify({ ...rest, sealed: this.box.seal(JSON.stringify(secrets)) } satisfies Sealed);
  }

  private open(raw: string): WebhookEndpoint {
    const { sealed, ...rest } = JSON.parse(raw) as Sealed;
    return { ...rest, secrets: JSON.parse(this.box.open(sealed)) as WebhookEndpoint['secrets'] };
  }

  async create(ep: WebhookEndpoint): Promise<void> {
    const k = this.keys;
    await this.redis.eval(CREATE, 5, k.webhook(ep.id), k.webhooksOf(ep.workspaceId), k.webhookWorkspaces(), k.webhookCursor(ep.workspaceId), k.events(ep.workspaceId), this.seal(ep), ep.id, ep.workspaceId);
    this.cache.delete(ep.id);
  }

  async save(ep: WebhookEndpoint): Promise<void> {
    await this.redis.set(this.keys.webhook(ep.id), this.seal(ep), 'XX');
    this.cache.delete(ep.id);
  }

  async get(id: string, opts: { cached?: boolean } = {}): Promise<WebhookEndpoint | null> {
    const hit = this.cache.get(id);
    if (opts.cached && hit && Date.now() - hit.at < this.cacheMs) return hit.ep;
    const raw = await this.redis.get(this.keys.webhook(id));
    const ep = raw ? this.open(raw) : null;
    this.cache.set(id, { at: Date.now(), ep });
    return ep;
  }

  async list(ws: string): Promise<WebhookEndpoint[]> {
    const ids = await this.redis.smembers(this.keys.webhooksOf(ws));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.webhook(id)));
    return raws
      .filter((r): r is string => r !== null)
      .map((r) => this.open(r))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async delete(ep: WebhookEndpoint): Promise<void> {
    const k = this.keys;
    await this.redis.eval(DELETE, 7, k.webhook(ep.id), k.webhooksOf(ep.workspaceId), k.webhookWorkspaces(), k.webhookCursor(ep.workspaceId), k.webhookAttempts(ep.id), k.webhookAttemptIndex(ep.id), k.webhookFailed(ep.id), ep.id, ep.workspaceId);
    this.cache.delete(ep.id);
  }

  /** a new current secret; the previous one keeps signing for 24 h, older ones are dropped */
  async rotate(ep: WebhookEndpoint, secret: string, now: Date): Promise<WebhookEndpoint> {
    const current = ep.secrets.find((s) => s.expiresAt === null);
    const next: WebhookEndpoint = {
      ...ep,
      secrets: [{ value: secret, expiresAt: null }, ...(current ? [{ value: current.value, expiresAt: new Date(now.getTime() + ROTATION_GRACE_MS).toISOString() }] : [])],
      updatedAt: now.toISOString(),
    };
    await this.save(next);
    return next;
  }

  /** the workspaces whose event logs the dispatcher reads */
  workspacesWithEndpoints(): Promise<string[]> {
    return this.redis.smembers(this.keys.webhookWorkspaces());
  }

  /** the raw stored document, for tests proving secrets are not stored in clear */
  rawDocument(id: string): Promise<string | null> {
    return this.redis.get(this.keys.webhook(id));
  }
}

// Customers keyed by (workspace, channel type, channel user id), with their profile and the
// audit trail of agent edits (PB-20). Audit entries live only here, never in logs. A profile
// change appends customer.profile_updated (field names only) in the same MULTI.
import { isDeepStrictEqual } from 'node:util';
import type { RedisClient as Redis } from '../redis-client.js';
import type { ChannelType } from '../../domain/channel.js';
import type { Customer, Profile } from '../../domain/conversation.js';
import { profileUpdated } from '../../domain/event-drafts.js';
import { newId } from '../../domain/ids.js';
import type { CustomerFlags } from '../../domain/inbound-event.js';
import { PROFILE_FIELDS } from '../../domain/settings.js';
import { execAll, type RedisEventLog } from '../events/event-log.redis.js';
import type { Keys } from '../keys.js';
import type { AuditEntry } from '../../domain/profile-audit.js';
import type { CustomerStore } from '../../app/ports.js';

// moved to the domain (the use cases' ports need it); re-exported for existing importers
export type { AuditEntry } from '../../domain/profile-audit.js';

export class RedisCustomerStore implements CustomerStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly events: RedisEventLog,
  ) {}

  async get(id: string): Promise<Customer | null> {
    const raw = await this.redis.get(this.keys.customer(id));
    return raw ? (JSON.parse(raw) as Customer) : null;
  }

  /**
   * Idempotent: the same (workspace, type, identifier) always yields the same customer.
   * `identifierType` is stored on creation only; the conversation engine updates it later,
   * under the customer's lock.
   */
  async findOrCreate(workspaceId: string, channelType: ChannelType, identifier: string, now: Date, identifierType?: string): Promise<Customer> {
    const indexKey = this.keys.customerIndex(workspaceId, channelType, identifier);
    const existing = await this.redis.get(indexKey);
    if (existing) {
      const c = await this.get(existing);
      if (c) return c;
    }
    const candidate: Customer = {
      id: newId('cus'),
      workspaceId,
      channelType,
      identifier,
      ...(identifierType !== undefined ? { identifierType } : {}),
      profile: {},
      flags: {},
      guardianConsentRequired: false,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    // SET NX on the index decides the race between two processes creating the same customer
    const won = await this.redis.set(indexKey, candidate.id, 'NX');
    if (won === 'OK') {
      await this.redis.set(this.keys.customer(candidate.id), JSON.stringify(candidate));
      return candidate;
    }
    const winner = await this.redis.get(indexKey);
    const c = winner ? await this.get(winner) : null;
    if (!c) {
      await this.redis.set(this.keys.customer(candidate.id), JSON.stringify(candidate));
      await this.redis.set(indexKey, candidate.id);
      return candidate;
    }
    return c;
  }

  async save(c: Customer): Promise<void> {
    await this.redis.set(this.keys.customer(c.id), JSON.stringify(c));
  }

  async setFlags(id: string, flags: CustomerFlags, now: Date): Promise<Customer | null> {
    const c = await this.get(id);
    if (!c) return null;
    const next = { ...c, flags: { ...c.flags, ...flags }, updatedAt: now.toISOString() };
    await this.save(next);
    return next;
  }

  /**
   * Replaces the profile (callers hold the customer's lock). `changeKey` names the change (a
   * form token, an API request) so its event id is stable; no event when no field changed.
   */
  async setProfile(id: string, profile: Profile, now: Date, changeKey: string, extra: Partial<Customer> = {}): Promise<Customer | null> {
    const c = await this.get(id);
    if (!c) return null;
    const next = { ...c, ...extra, profile, updatedAt: now.toISOString() };
    const fields = PROFILE_FIELDS.filter((f) => !isDeepStrictEqual(c.profile[f], profile[f]));
    const m = this.redis.multi().set(this.keys.customer(id), JSON.stringify(next));
    if (fields.length > 0) {
      this.events.appendIn(m, { workspaceId: c.workspaceId, conversationId: null, at: next.updatedAt, drafts: [profileUpdated(id, fields, changeKey)] });
    }
    await execAll(m);
    return next;
  }

  async audit(id: string, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.redis.rpush(this.keys.customerAudit(id), ...entries.map((e) => JSON.stringify(e)));
  }

  async auditTrail(id: string): Promise<AuditEntry[]> {
    return (await this.redis.lrange(this.keys.customerAudit(id), 0, -1)).map((e) => JSON.parse(e) as AuditEntry);
  }
}

// The agent side of a customer's profile (PB-20): read it, edit or delete any field, and keep
// an audit trail of who changed what. The same validation as the customer's form, so a phone
// number is stored the same way whoever types it. Values never reach the logs: callers log ids
// and field names only.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Customer, Profile } from '../domain/conversation.js';
import { NotFoundError, ValidationError, type FieldError } from '../domain/errors.js';
import { unknownFieldMessage, validateProfileInput } from '../domain/profile-validation.js';
import { PROFILE_FIELDS, type ProfileField } from '../domain/settings.js';
import type { AuditEntry } from '../domain/profile-audit.js';
import type { AgentStore, CustomerStore } from './ports.js';

export interface CustomerProfileDeps {
  customers: Pick<CustomerStore, 'get' | 'setProfile' | 'audit' | 'auditTrail'>;
  agents: Pick<AgentStore, 'get'>;
  withCustomerLock<T>(customerId: string, fn: () => Promise<T>): Promise<T>;
}

/** Who an edit is attributed to when no agent is named (the admin token itself). */
export const ADMIN_ACTOR = 'admin';

export interface CustomerView {
  id: string;
  identifier: string;
  channelType: Customer['channelType'];
  profile: Profile;
  flags: Customer['flags'];
  guardianConsentRequired: boolean;
  updatedAt: string;
  createdAt: string;
}

export interface ProfileEdit {
  customer: Customer;
  /** fields whose stored value changed, in PROFILE_FIELDS order */
  changed: ProfileField[];
}

export function presentCustomer(c: Customer): CustomerView {
  return {
    id: c.id,
    identifier: c.identifier,
    channelType: c.channelType,
    profile: c.profile,
    flags: c.flags,
    guardianConsentRequired: c.guardianConsentRequired,
    updatedAt: c.updatedAt,
    createdAt: c.createdAt,
  };
}

/** A customer of this workspace; one of another workspace is "not found" (ids are not secrets, data is). */
export async function loadCustomer(d: Pick<CustomerProfileDeps, 'customers'>, ws: string, id: string): Promise<Customer> {
  const c = await d.customers.get(id);
  if (!c || c.workspaceId !== ws) throw new NotFoundError(`Customer ${id}`, 'customer_not_found');
  return c;
}

/**
 * The actor recorded in the audit trail: the agent named by X-Agent-Id (it must exist in the
 * workspace, or the trail would hold a name nobody can trace), else ADMIN_ACTOR.
 */
export async function resolveActor(d: Pick<CustomerProfileDeps, 'agents'>, ws: string, agentId: string | undefined): Promise<string> {
  if (agentId === undefined) return ADMIN_ACTOR;
  const agent = agentId.trim() === '' ? null : await d.agents.get(ws, agentId);
  if (!agent) {
    throw new ValidationError(
      'X-Agent-Id names no agent of this workspace; send the id of an existing agent, or leave the header out.',
      [{ path: 'headers/x-agent-id', message: 'must be the id of an agent of this workspace' }],
      'unknown_agent',
    );
  }
  return agent.id;
}

/** `address.zonecode` → `/address/zonecode`: the API reports body paths as JSON pointers. */
function toPointer(e: FieldError): FieldError {
  return { path: `/${e.path.split('.').filter((s) => s !== '').join('/')}`, message: e.message };
}

export function isProfileField(v: string): v is ProfileField {
  return (PROFILE_FIELDS as readonly string[]).includes(v);
}

function auditEntries(before: Profile, after: Profile, fields: readonly ProfileField[], actor: string, at: string): AuditEntry[] {
  return fields.map((field) => ({ at, actor, field, old: before[field] ?? null, new: after[field] ?? null }));
}

/** Read-modify-write under the customer's lock, so a concurrent form submit or edit is not lost. */
async function edit(
  d: CustomerProfileDeps,
  ws: string,
  customerId: string,
  actor: string,
  now: Date,
  change: (profile: Profile) => Profile,
): Promise<ProfileEdit> {
  return d.withCustomerLock(customerId, async () => {
    const current = await loadCustomer(d, ws, customerId);
    const next = change(current.profile);
    const changed = PROFILE_FIELDS.filter((f) => !isDeepStrictEqual(current.profile[f], next[f]));
    if (changed.length === 0) return { customer: current, changed };
    // the trail first: an edit must never be stored without its entry
    await d.customers.audit(customerId, auditEntries(current.profile, next, changed, actor, now.toISOString()));
    const saved = await d.customers.setProfile(customerId, next, now, `edit:${randomUUID()}`);
    if (!saved) throw new NotFoundError(`Customer ${customerId}`, 'customer_not_found');
    return { customer: saved, changed };
  });
}

/**
 * PATCH: a partial profile, validated like the form (`partial`: only the keys sent, any of
 * PROFILE_FIELDS). Every failing field is reported at once and nothing is saved.
 */
export async function patchProfile(
  d: CustomerProfileDeps,
  req: { ws: string; customerId: string; input: unknown; actor: string; now: Date },
): Promise<ProfileEdit> {
  const result = validateProfileInput(PROFILE_FIELDS, req.input, { now: req.now, partial: true });
  if (!result.ok) {
    throw new ValidationError('Some profile fields are not valid; fix the fields listed in details.', result.errors.map(toPointer), 'profile_invalid');
  }
  const patch = result.profile;
  return edit(d, req.ws, req.customerId, req.actor, req.now, (profile) => ({ ...profile, ...patch }));
}

/** DELETE of one field; deleting a field that is not set changes nothing and audits nothing. */
export async function deleteProfileField(
  d: CustomerProfileDeps,
  req: { ws: string; customerId: string; field: string; actor: string; now: Date },
): Promise<ProfileEdit> {
  const field = req.field;
  if (!isProfileField(field)) {
    throw new ValidationError(`"${field.slice(0, 40)}" is not a profile field.`, [{ path: 'params/field', message: unknownFieldMessage(PROFILE_FIELDS) }], 'unknown_profile_field');
  }
  return edit(d, req.ws, req.customerId, req.actor, req.now, (profile) => {
    const next: Profile = { ...profile };
    delete next[field];
    return next;
  });
}

/** The audit trail, oldest first. */
export async function profileAuditTrail(d: Pick<CustomerProfileDeps, 'customers'>, ws: string, customerId: string): Promise<AuditEntry[]> {
  await loadCustomer(d, ws, customerId);
  return d.customers.auditTrail(customerId);
}

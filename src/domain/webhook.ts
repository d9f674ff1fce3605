// Webhook endpoints (integration.md "Webhook endpoints") and Standard Webhooks signing: the
// signature is HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the base64-decoded part of
// the secret after `whsec_`, sent as `v1,<base64>`; space-separated when two secrets are valid.
import { createHmac, randomBytes } from 'node:crypto';
import type { EventType } from './events.js';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** how long the old secret keeps signing after a rotation */
export const ROTATION_GRACE_MS = 24 * 3600_000;

export interface WebhookSecret {
  value: string;
  /** ISO time after which this secret no longer signs; null for the current one */
  expiresAt: string | null;
}

export interface WebhookEndpoint {
  id: string;
  workspaceId: string;
  url: string;
  eventTypes: ('*' | EventType)[];
  description: string | null;
  enabled: boolean;
  /** why the gateway disabled it (a 410), shown so the integrator knows */
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
  secrets: WebhookSecret[];
}

export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

export function wantsEvent(ep: Pick<WebhookEndpoint, 'eventTypes'>, type: string): boolean {
  return ep.eventTypes.includes('*') || (ep.eventTypes as string[]).includes(type);
}

/** the secrets that sign at `now`: the current one, and the previous one during its grace period */
export function signingSecrets(ep: Pick<WebhookEndpoint, 'secrets'>, now: Date): string[] {
  return ep.secrets.filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > now.getTime()).map((s) => s.value);
}

export function signPayload(secrets: readonly string[], id: string, timestampSec: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret, 'base64');
      return `v1,${createHmac('sha256', key).update(`${id}.${timestampSec}.${body}`).digest('base64')}`;
    })
    .join(' ');
}

/** the endpoint as the API shows it: never a secret */
export function presentEndpoint(ep: WebhookEndpoint): Record<string, unknown> {
  return {
    id: ep.id,
    url: ep.url,
    eventTypes: ep.eventTypes,
    description: ep.description,
    enabled: ep.enabled,
    disabledReason: ep.disabledReason,
    createdAt: ep.createdAt,
    updatedAt: ep.updatedAt,
  };
}

// Registering channels: per-type credentials, a generated webhook key, secrets shown once.
import { randomBytes } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { ChannelAdapter } from '../domain/adapter-port.js';
import { DEFAULT_CONNECT_UTTERANCES, type ChannelRecord } from '../domain/channel.js';
import { newId } from '../domain/ids.js';
import type { CreateChannelBase, PatchChannelBody } from './schemas/admin-schemas.js';

export type CreateChannelInput = Static<typeof CreateChannelBase>;
export type PatchChannelInput = Static<typeof PatchChannelBody>;

export function newWebhookKey(): string {
  return randomBytes(24).toString('base64url');
}

export function buildChannel(wsId: string, input: CreateChannelInput, credentials: ChannelRecord['credentials'], now: Date): ChannelRecord {
  return {
    id: newId('ch'),
    workspaceId: wsId,
    type: input.type,
    name: input.name,
    credentials,
    webhookKey: newWebhookKey(),
    apiBaseUrl: input.apiBaseUrl ?? null,
    connectTriggers: {
      utterances: input.connectTriggers?.utterances ?? [...DEFAULT_CONNECT_UTTERANCES],
      blockIds: input.connectTriggers?.blockIds ?? [],
    },
    allowCidrs: input.allowCidrs ?? null,
    ackText: input.ackText ?? null,
    createdAt: now.toISOString(),
  };
}

export function mask(secret: string): string {
  return secret.length >= 12 ? `****${secret.slice(-4)}` : '****';
}

export function webhookPath(ch: Pick<ChannelRecord, 'type' | 'id'>): string {
  return `/webhooks/${ch.type}/${ch.id}`;
}

export interface Reveal {
  credentials: boolean;
  webhookKey: boolean;
}

/** The channel as the API shows it; secrets only right after creation (key: after rotation). */
export function presentChannel(ch: ChannelRecord, adapter: ChannelAdapter, baseUrl: string, reveal: Reveal): Record<string, unknown> {
  const creds: Record<string, unknown> = { ...ch.credentials };
  if (!reveal.credentials) for (const f of adapter.credentials.secretFields) if (typeof creds[f] === 'string') creds[f] = mask(creds[f]);
  const key = reveal.webhookKey ? ch.webhookKey : '****';
  // a platform that authenticates with its own headers is given the bare base URL (api.md)
  const webhookUrl = adapter.webhooks.keyInUrl ? `${baseUrl}${webhookPath(ch)}?key=${key}` : `${baseUrl}${webhookPath(ch)}`;
  return {
    id: ch.id,
    workspaceId: ch.workspaceId,
    type: ch.type,
    name: ch.name,
    credentials: creds,
    webhookUrl,
    ...(reveal.webhookKey ? { webhookKey: ch.webhookKey } : {}),
    ...(adapter.links?.(baseUrl, ch) ?? {}),
    apiBaseUrl: ch.apiBaseUrl,
    connectTriggers: ch.connectTriggers,
    allowCidrs: ch.allowCidrs,
    ackText: ch.ackText,
    createdAt: ch.createdAt,
  };
}

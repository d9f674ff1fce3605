// Builders for the web chat tests: each `it` makes its own channel, key and requests.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { InboundRequest } from '../../../src/domain/adapter-port.js';
import type { WebchatCredentials } from '../../../adapters/webchat/index.js';
import type { ChannelRecord } from '../../../src/domain/channel.js';
import { DEFAULT_CONNECT_UTTERANCES } from '../../../src/domain/channel.js';

const FIXTURES = new URL('../../../fixtures/webchat/', import.meta.url);

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}
export function fixture(path: string): unknown {
  return JSON.parse(fixtureText(path)) as unknown;
}

export function secretKey(): Buffer {
  return randomBytes(32);
}

export function webchatChannel(id = 'ch_web_1', allowedOrigins?: string[]): ChannelRecord<WebchatCredentials> {
  return {
    id,
    type: 'webchat',
    workspaceId: 'ws_1',
    name: '웹채팅',
    webhookKey: 'unused-by-webchat',
    apiBaseUrl: null,
    connectTriggers: { utterances: [...DEFAULT_CONNECT_UTTERANCES], blockIds: [] },
    allowCidrs: null,
    ackText: null,
    createdAt: '2026-01-05T00:00:00.000Z',
    credentials: allowedOrigins === undefined ? {} : { allowedOrigins },
  };
}

export function request(
  body: unknown,
  headers: Record<string, string | undefined> = {},
  query: Record<string, string | undefined> = {},
): InboundRequest {
  const rawBody = Buffer.from(JSON.stringify(body) ?? '', 'utf8');
  return {
    headers,
    query,
    body,
    rawBody,
    remoteAddress: '127.0.0.1',
    receivedAt: '2026-01-05T01:02:03.000Z',
  };
}

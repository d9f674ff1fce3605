// Builders shared by the Kakao adapter tests: a channel record, a request, and fixture loading.
import { readFileSync } from 'node:fs';
import type { InboundRequest } from '../../../src/domain/adapter-port.js';
import type { KakaoChannel } from '../../../adapters/kakao/index.js';
import { DEFAULT_CONNECT_UTTERANCES } from '../../../src/domain/channel.js';

const FIXTURES = new URL('../../../fixtures/kakao/', import.meta.url);

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

export function fixture(path: string): unknown {
  return JSON.parse(fixtureText(path));
}

/** The fixture as it travels on the wire: compact JSON, key order kept. */
export function fixtureWire(path: string): string {
  return JSON.stringify(fixture(path));
}

export const WEBHOOK_KEY = 'wk_3f9a7c1e5b2d8f6a4c0e9b1d7f3a5c8e';
export const BOT_ID = '64a1f3c2e8b7d90011223344';
export const CONNECT_BLOCK_ID = '64a1f40be8b7d90011a1b2c3';

export function kakaoChannel(
  overrides: Partial<Omit<KakaoChannel, 'type' | 'credentials'>> & {
    credentials?: Partial<KakaoChannel['credentials']>;
  } = {},
): KakaoChannel {
  const { credentials, ...rest } = overrides;
  return {
    id: 'ch_kakao_1',
    workspaceId: 'ws_1',
    name: 'Kakao 상담 채널',
    webhookKey: WEBHOOK_KEY,
    apiBaseUrl: null,
    connectTriggers: { utterances: [...DEFAULT_CONNECT_UTTERANCES], blockIds: [CONNECT_BLOCK_ID] },
    allowCidrs: null,
    ackText: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...rest,
    type: 'kakao',
    credentials: { botId: BOT_ID, restApiKey: 'rk_test_0123456789abcdef', eventName: 'talkgate_message', ...credentials },
  };
}

export function kakaoRequest(body: unknown, parts: Partial<InboundRequest> = {}): InboundRequest {
  return {
    headers: { 'content-type': 'application/json', 'x-talkgate-key': WEBHOOK_KEY },
    query: {},
    body,
    rawBody: Buffer.from(JSON.stringify(body)),
    remoteAddress: '203.0.113.10',
    receivedAt: '2026-01-01T03:00:00.000Z',
    ...parts,
  };
}

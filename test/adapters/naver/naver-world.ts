// Builders for the TalkTalk adapter tests: fixtures, a channel, an inbound request.
import { readdirSync, readFileSync } from 'node:fs';
import type { InboundRequest } from '../../../src/domain/adapter-port.js';
import type { NaverChannel } from '../../../adapters/naver/index.js';
import { DEFAULT_CONNECT_UTTERANCES } from '../../../src/domain/channel.js';

const FIXTURES = new URL('../../../fixtures/naver/', import.meta.url);

export const USER = 'al-2eGuGr5WQOnco1_V-FQ';
export const AUTH_KEY = 'ct_wc8b1i_Pb1AXDQ0RZWuCccpzdNL';
export const WEBHOOK_KEY = 'whk_3b0d7c1e5a9f4e26b8c4d1a7';
export const API_BASE = 'https://naver-double.test';

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

export function fixture(path: string): unknown {
  return JSON.parse(fixtureText(path)) as unknown;
}

export function fixtureNames(dir: string): string[] {
  return readdirSync(new URL(`${dir}/`, FIXTURES))
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function naverChannel(overrides: Partial<NaverChannel> = {}): NaverChannel {
  return {
    id: 'ch_naver_1',
    workspaceId: 'ws_1',
    name: 'TalkTalk 상담',
    type: 'naver',
    webhookKey: WEBHOOK_KEY,
    apiBaseUrl: API_BASE,
    connectTriggers: { utterances: [...DEFAULT_CONNECT_UTTERANCES], blockIds: [] },
    allowCidrs: null,
    ackText: null,
    createdAt: '2024-03-01T00:00:00.000Z',
    credentials: { authorizationKey: AUTH_KEY },
    ...overrides,
  };
}

export function inboundRequest(body: unknown, overrides: Partial<InboundRequest> = {}): InboundRequest {
  return {
    headers: { 'content-type': 'application/json;charset=UTF-8' },
    query: { key: WEBHOOK_KEY },
    body,
    rawBody: Buffer.from(JSON.stringify(body)),
    remoteAddress: '117.52.141.200',
    receivedAt: '2024-03-12T05:06:07.089Z',
    ...overrides,
  };
}

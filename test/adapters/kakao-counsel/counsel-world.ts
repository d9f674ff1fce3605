// A 상담톡 channel record and relay requests, built by hand for the adapter's unit tests.
import type { CounselChannel } from '../../../adapters/kakao-counsel/index.js';
import type { InboundRequest } from '../../../src/domain/adapter-port.js';
import { DEFAULT_CONNECT_UTTERANCES } from '../../../src/domain/channel.js';

export const RELAY = 'http://relay.test';
export const SENDER_KEY = '3c1f9a7e52b04d8e9f6a1c2b3d4e5f6a7b8c9d0e';
export const HEADERS = { 'ht-client-id': 'ht-client-1', 'ht-client-secret': 'ht-secret-0123456789' };

export function counselChannel(over: Partial<CounselChannel> = {}): CounselChannel {
  return {
    id: 'ch_counsel_1',
    workspaceId: 'ws_1',
    type: 'kakao-counsel',
    name: '상담톡',
    credentials: { clientId: HEADERS['ht-client-id'], clientSecret: HEADERS['ht-client-secret'], senderKey: SENDER_KEY },
    webhookKey: 'unused-by-the-relay-0123456789',
    apiBaseUrl: RELAY,
    connectTriggers: { utterances: [...DEFAULT_CONNECT_UTTERANCES], blockIds: [] },
    allowCidrs: null,
    ackText: null,
    createdAt: '2026-12-01T00:00:00.000Z',
    ...over,
  };
}

/** a relay POST; `raw` is the exact body text when JSON.stringify would change it */
export function relayRequest(route: string, body: unknown, opts: { raw?: string; headers?: Record<string, string> } = {}): InboundRequest {
  const raw = opts.raw ?? JSON.stringify(body);
  return {
    headers: { 'content-type': 'application/json', ...HEADERS, ...(opts.headers ?? {}) },
    query: {},
    body: opts.raw !== undefined ? (JSON.parse(opts.raw) as unknown) : body,
    rawBody: Buffer.from(raw),
    route,
    remoteAddress: '10.0.0.1',
    receivedAt: '2026-12-04T00:00:00.000Z',
  };
}

export function message(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { user_key: 'uk_1', sender_key: SENDER_KEY, session_id: 'sess-1', time: 1764806400000, serial_number: 1001, type: 'text', content: '안녕하세요', ...over };
}

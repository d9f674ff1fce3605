// One contract, run against every adapter in the registry: inbound fixtures parse into the
// shared model, every outbound kind renders within the channel's limits, and send() classifies
// success, permanent and retryable failures the same way everywhere.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import nock from 'nock';
import { createAdapterRegistry } from '../../adapters/registry.js';
import { issueVisitorToken } from '../../adapters/webchat/index.js';
import type { InboundRequest, SendPorts, VisitorStreamEvent } from '../../src/domain/adapter-port.js';
import { DEFAULT_CONNECT_UTTERANCES, type ChannelRecord, type ChannelType } from '../../src/domain/channel.js';
import { ChannelSendError } from '../../src/domain/errors.js';
import type { OutboundMessage } from '../../src/domain/outbound-message.js';
import { charLength } from '../../src/domain/text-limits.js';

const KEY = Buffer.alloc(32, 7);
const BASE = 'http://contract-double.test';
const COUNSEL_SENDER = '3c1f9a7e52b04d8e9f6a1c2b3d4e5f6a7b8c9d0e';
const registry = createAdapterRegistry({ webchatKey: KEY, publicBaseUrl: 'http://gw.test', timeoutMs: 300 });

function channel(type: ChannelType): ChannelRecord {
  const base = {
    id: `ch_${type}`,
    workspaceId: 'ws_1',
    name: type,
    webhookKey: 'contract-webhook-key-0123456789',
    apiBaseUrl: BASE,
    connectTriggers: { utterances: [...DEFAULT_CONNECT_UTTERANCES], blockIds: [] },
    allowCidrs: null,
    ackText: null,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  if (type === 'kakao') return { ...base, type, credentials: { botId: '64a1f3c2e8b7d90011223344', restApiKey: 'rest-key', eventName: 'ev' } };
  if (type === 'naver') return { ...base, type, credentials: { authorizationKey: 'auth-key' } };
  if (type === 'kakao-counsel') return { ...base, type, credentials: { clientId: 'ht-client', clientSecret: 'ht-secret', senderKey: COUNSEL_SENDER } };
  return { ...base, type, credentials: {} };
}

function request(type: ChannelType, body: unknown): InboundRequest {
  const ch = channel(type);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (type === 'webchat') headers['authorization'] = `Bearer ${issueVisitorToken(KEY, ch.id, 'v_contract').visitorToken}`;
  if (type === 'kakao-counsel') Object.assign(headers, { 'ht-client-id': 'ht-client', 'ht-client-secret': 'ht-secret' });
  return {
    headers,
    query: { key: ch.webhookKey },
    body,
    rawBody: Buffer.from(JSON.stringify(body)),
    remoteAddress: '127.0.0.1',
    receivedAt: '2026-11-25T00:00:00.000Z',
  };
}

function inboundFixtures(type: ChannelType): { name: string; body: unknown }[] {
  const dir = new URL(`../../fixtures/${type}/inbound/`, import.meta.url);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json') && !(type === 'webchat' && (n === 'hello.json' || n.includes('too-long'))))
    .map((n) => ({ name: n, body: JSON.parse(readFileSync(new URL(n, dir), 'utf8')) as unknown }));
}

const LONG = '가'.repeat(20_000);
const OUTBOUND: OutboundMessage[] = [
  { kind: 'text', from: 'agent', text: LONG },
  { kind: 'image', from: 'agent', image: { url: 'https://img.test/a.png', kakaoUrl: 'https://img.test/a-kakao.png' } },
  { kind: 'card', from: 'bot', title: LONG, description: LONG, buttons: [{ label: '고객 프로필 입력'.repeat(3), url: 'https://gw.test/forms/profile/t' }] },
];

/** every string in a payload, to check that nothing over the channel's text limit slipped through */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

function memoryPorts(): SendPorts & { appended: VisitorStreamEvent[] } {
  const cache = new Map<string, string>();
  const appended: VisitorStreamEvent[] = [];
  return {
    appended,
    claimOnce: async () => true,
    cacheGet: async (k) => cache.get(k) ?? null,
    cacheSet: async (k, v) => void cache.set(k, v),
    appendVisitorStream: async (_c, _v, e) => {
      appended.push(e);
      return `${appended.length}-0`;
    },
  };
}

interface PlatformDouble {
  success(): void;
  permanent(): void;
  retryable(): void;
}

const SEND_PLAIN = '/kakaoWebhook/v3/bzc/chat/send/plain';
const doubles: Record<ChannelType, PlatformDouble> = {
  'kakao-counsel': {
    success: () => void nock(BASE).post(SEND_PLAIN).reply(200, { code: 0 }),
    // the relay's verdict is its code, whatever the HTTP status
    permanent: () => void nock(BASE).post(SEND_PLAIN).reply(200, { code: -505, message: 'bad content' }),
    retryable: () => void nock(BASE).post(SEND_PLAIN).reply(502, 'bad gateway'),
  },
  kakao: {
    success: () => void nock(BASE).post(/\/v2\/bots\/.*\/talk/).reply(200, { taskId: 't1', status: 'SUCCESS' }),
    permanent: () => void nock(BASE).post(/\/v2\/bots\/.*\/talk/).reply(401, { msg: 'bad key' }),
    retryable: () => void nock(BASE).post(/\/v2\/bots\/.*\/talk/).reply(503, 'busy'),
  },
  naver: {
    success: () => void nock(BASE).post('/chatbot/v1/event').reply(200, { success: true, resultCode: '00' }),
    permanent: () => void nock(BASE).post('/chatbot/v1/event').reply(200, { success: false, resultCode: '01', resultMessage: 'bad key' }),
    retryable: () => void nock(BASE).post('/chatbot/v1/event').reply(500, 'oops'),
  },
};

for (const type of registry.types) {
  describe(`adapter contract: ${type}`, () => {
    const adapter = registry.get(type);
    const ch = channel(type);
    const target = { messageId: 'msg_1', conversationId: 'conv_1', channelUserId: 'user-1' };
    afterEach(() => nock.cleanAll());

    it('authenticates and parses every inbound fixture into the shared model', () => {
      const fixtures = inboundFixtures(type);
      assert.ok(fixtures.length >= 3);
      for (const f of fixtures) {
        const req = request(type, f.body);
        adapter.authenticate(req, ch);
        for (const e of adapter.parseInbound(req, ch)) {
          assert.equal(e.channelId, ch.id, f.name);
          assert.ok(e.channelUserId.length > 0, f.name);
          assert.ok(!Number.isNaN(Date.parse(e.occurredAt)), f.name);
        }
      }
    });

    it('refuses a request without the channel credential', () => {
      const req = { ...request(type, inboundFixtures(type)[0]!.body), query: {}, headers: {} };
      assert.throws(() => adapter.authenticate(req, ch), (err: Error) => err.name === 'AuthError');
    });

    it('renders every outbound kind within the channel text limit', () => {
      for (const m of OUTBOUND) {
        const payload = adapter.renderOutbound(m, ch);
        for (const s of strings(payload)) assert.ok(charLength(s) <= adapter.limits.text, `${m.kind}: ${charLength(s)} > ${adapter.limits.text}`);
      }
    });

    if (type === 'webchat') {
      it('sends by appending to the visitor stream', async () => {
        const ports = memoryPorts();
        const r = await adapter.send(adapter.renderOutbound(OUTBOUND[0]!, ch), target, ch, ports);
        assert.equal(r.platformMessageId, '1-0');
        assert.equal(ports.appended[0]!.id, 'msg_1');
      });
      it('classifies a failing stream store as retryable', async () => {
        const ports = { ...memoryPorts(), appendVisitorStream: async () => Promise.reject(new Error('redis down')) };
        await assert.rejects(adapter.send(adapter.renderOutbound(OUTBOUND[0]!, ch), target, ch, ports), (e: unknown) => e instanceof ChannelSendError && e.retryable);
      });
      return;
    }
    const double = doubles[type]!;
    const text = { kind: 'text', from: 'agent', text: '안녕하세요' } as const;
    it('maps a 2xx to a receipt', async () => {
      double.success();
      const r = await adapter.send(adapter.renderOutbound(text, ch), target, ch, memoryPorts());
      assert.equal(typeof r.via, 'string');
    });
    it('maps a permanent platform error to a non-retryable ChannelSendError', async () => {
      double.permanent();
      await assert.rejects(adapter.send(adapter.renderOutbound(text, ch), target, ch, memoryPorts()), (e: unknown) => e instanceof ChannelSendError && !e.retryable);
    });
    it('maps 5xx to a retryable ChannelSendError', async () => {
      double.retryable();
      await assert.rejects(adapter.send(adapter.renderOutbound(text, ch), target, ch, memoryPorts()), (e: unknown) => e instanceof ChannelSendError && e.retryable);
    });
    it('maps a timeout to a retryable ChannelSendError', async () => {
      nock(BASE).post(/.*/).delay(1000).reply(200, {});
      await assert.rejects(adapter.send(adapter.renderOutbound(text, ch), target, ch, memoryPorts()), (e: unknown) => e instanceof ChannelSendError && e.retryable);
    });
  });
}

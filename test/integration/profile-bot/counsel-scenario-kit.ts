// The manual scenarios' world on Kakao 상담톡: a dealer-relay double (nock) that records every
// send in order, and relay POSTs to the channel's /message with the HT headers.
import assert from 'node:assert/strict';
import nock from 'nock';
import { startTestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace } from '../../helpers/world.js';
import type { NaverWorld, Seen } from './scenario-kit.js';

export const RELAY_BASE = 'http://relay.test';
export const COUNSEL_SENDER_KEY = '3c1f9a7e52b04d8e9f6a1c2b3d4e5f6a7b8c9d0e';
export const COUNSEL_CLIENT = { clientId: 'ht-client-scenario', clientSecret: 'ht-secret-scenario-0123456789' };

export function counselChannel(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'kakao-counsel', name: '상담톡', credentials: { ...COUNSEL_CLIENT, senderKey: COUNSEL_SENDER_KEY }, apiBaseUrl: RELAY_BASE, ...extra };
}

export const relayHeaders = (): Record<string, string> => ({
  'content-type': 'application/json',
  'HT-Client-Id': COUNSEL_CLIENT.clientId,
  'HT-Client-Secret': COUNSEL_CLIENT.clientSecret,
});

/** The relay double: every send recorded as the customer sees it; endWithBot answered. */
export function relayDouble(seen: Seen[], bodies: any[] = []): void {
  nock(RELAY_BASE)
    .persist()
    .post('/kakaoWebhook/v3/bzc/chat/send/plain')
    .matchHeader('ht-client-secret', COUNSEL_CLIENT.clientSecret)
    .reply(async (req: Request) => {
      const body = await req.json();
      bodies.push(body);
      const button = body.attachment?.buttons?.[0];
      if (button) seen.push({ card: button.name, url: button.url_pc });
      else if (body.chat_bubble_type === 'TEXT') seen.push({ text: body.message });
      return [200, { code: 0 }];
    });
  nock(RELAY_BASE).persist().post('/kakaoWebhook/v3/bzc/chat/endWithBot').reply(200, { code: 0, session_id: 'sess' });
}

let serial = 9007199254740993n;

/** a relay /message body as raw JSON text, its serial_number an integer above 2^53 */
export function relayMessage(userKey: string, text: string, sessionId = 'sess-scenario-1'): string {
  serial += 2n;
  const body = { user_key: userKey, sender_key: COUNSEL_SENDER_KEY, session_id: sessionId, time: Date.now(), serial_number: '__SERIAL__', type: 'text', content: text };
  return JSON.stringify(body).replace('"__SERIAL__"', serial.toString());
}

export async function counselWorld(s: Record<string, unknown>, env: Record<string, string> = {}, now?: () => Date): Promise<NaverWorld> {
  const t = await startTestGateway({ SEND_BACKOFF_MS: '30', ...env }, now);
  const ws = await createWorkspace(t, s);
  const agent = await createAgent(t, ws);
  const ch = await createChannel(t, ws, counselChannel());
  const seen: Seen[] = [];
  relayDouble(seen);
  const user = 'uk_scenario_1';
  const say = async (text: string): Promise<void> => {
    const r = await t.request('POST', `/webhooks/kakao-counsel/${ch.id}/message`, { raw: relayMessage(user, text), headers: relayHeaders() });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { code: 0 });
  };
  return {
    t,
    ws,
    agent,
    seen,
    secret: COUNSEL_CLIENT.clientSecret,
    say,
    // a 상담톡 session exists because the customer asked for a counsellor: its first message connects
    connect: () => say('상담 요청합니다'),
    async conversation() {
      return waitFor(async () => {
        for (const status of ['assigned', 'waiting', 'closed']) {
          const items = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}`)).json.items;
          if (items.length) return (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${items.at(-1).id}`)).json;
        }
        return null;
      }, 'a conversation');
    },
    until: (n) => waitFor(async () => (seen.length >= n ? [...seen] : null), `${n} messages seen (saw ${JSON.stringify(seen)})`),
    async submit(url, body) {
      const r = await t.request('POST', new URL(url).pathname, { body });
      return { status: r.status, json: r.json };
    },
  };
}

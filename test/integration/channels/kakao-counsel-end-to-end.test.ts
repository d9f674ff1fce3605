// Kakao 상담톡 through a dealer relay, end to end: relay webhooks in (HT headers, exact serial
// numbers, /reference, session ends, media), relay sends out (classified by code), endWithBot.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace, type ChannelInfo } from '../../helpers/world.js';
import {
  COUNSEL_CLIENT,
  COUNSEL_SENDER_KEY,
  RELAY_BASE,
  counselChannel,
  relayDouble,
  relayHeaders,
  relayMessage,
} from '../profile-bot/counsel-scenario-kit.js';
import type { Seen } from '../profile-bot/scenario-kit.js';

const PNG = readFileSync(new URL('../../../fixtures/images/tiny-10x10.png', import.meta.url));
const USER = 'uk_e2e_1';

describe('Kakao 상담톡 (kakao-counsel) end to end', function () {
  this.timeout(20_000);
  let t: TestGateway;
  let ws: string;
  let ch: ChannelInfo;
  let seen: Seen[];
  let bodies: any[];
  const hook = (path: string) => `/webhooks/kakao-counsel/${ch.id}${path}`;
  const post = (path: string, body: unknown, headers = relayHeaders()) =>
    t.request('POST', hook(path), typeof body === 'string' ? { raw: body, headers } : { body, headers });
  const conversations = async (status: string) => (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}`)).json.items as any[];
  const conversation = async (id: string) => (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${id}`)).json;
  const openOne = () => waitFor(async () => (await conversations('assigned'))[0] ?? (await conversations('waiting'))[0], 'an open conversation');

  beforeEach(async () => {
    t = await startTestGateway({ SEND_BACKOFF_MS: '30', SEND_ATTEMPTS: '2' });
    ws = await createWorkspace(t);
    await createAgent(t, ws);
    ch = await createChannel(t, ws, counselChannel());
    seen = [];
    bodies = [];
  });
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('registers with the bare base URL as webhookUrl, masks the secret, and needs apiBaseUrl and a 40-character senderKey', async () => {
    assert.equal(new URL(ch.webhookUrl).pathname, `/webhooks/kakao-counsel/${ch.id}`);
    assert.ok(!ch.webhookUrl.includes('?'), 'the relay authenticates with its headers: no key in the URL');
    const read = (await t.admin('GET', `/v1/workspaces/${ws}/channels/${ch.id}`)).json;
    assert.equal(read.credentials.clientSecret, '****6789');
    assert.equal(read.credentials.senderKey, COUNSEL_SENDER_KEY);
    const noBase = await t.admin('POST', `/v1/workspaces/${ws}/channels`, counselChannel({ apiBaseUrl: undefined }));
    assert.equal(noBase.status, 400);
    assert.deepEqual(noBase.json.error.details.map((d: any) => d.path), ['/apiBaseUrl']);
    const badKey = await t.admin('POST', `/v1/workspaces/${ws}/channels`, counselChannel({ credentials: { ...COUNSEL_CLIENT, senderKey: 'short' } }));
    assert.equal(badKey.status, 400);
    assert.equal(badKey.json.error.details[0].path, '/credentials/senderKey');
  });

  it('answers 200 {"code": 0} once recorded; 401 for wrong HT headers, 403 for another sender_key', async () => {
    relayDouble(seen, bodies);
    const wrong = await post('/message', relayMessage(USER, '안녕'), { ...relayHeaders(), 'HT-Client-Secret': 'nope' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.error.code, 'unauthorized');
    const other = await post('/message', relayMessage(USER, '안녕').replace(COUNSEL_SENDER_KEY, 'f'.repeat(40)));
    assert.equal(other.status, 403);
    await sleep(200);
    assert.equal((await conversations('assigned')).length + (await conversations('waiting')).length, 0, 'nothing recorded');
    const ok = await post('/message', relayMessage(USER, '상담 요청'));
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, { code: 0 });
    const c = await openOne();
    assert.equal(c.channelId, ch.id);
  });

  it('dedupes on sender_key:serial_number with every digit: a redelivery is one message, a serial JSON.parse would merge is another', async () => {
    relayDouble(seen, bodies);
    const body = (serial: string, text: string) =>
      `{"user_key":"${USER}","sender_key":"${COUNSEL_SENDER_KEY}","session_id":"s-dup","time":${Date.now()},"serial_number":${serial},"type":"text","content":"${text}"}`;
    for (const raw of [body('9007199254740993', '첫 메시지'), body('9007199254740993', '첫 메시지'), body('9007199254740992', '둘째 메시지')]) {
      const r = await post('/message', raw);
      assert.deepEqual([r.status, r.json], [200, { code: 0 }]);
    }
    const c = await openOne();
    const texts = await waitFor(async () => {
      const m = (await conversation(c.id)).messages.filter((x: any) => x.direction === 'in').map((x: any) => x.text);
      return m.length >= 2 ? m : null;
    }, 'two inbound messages');
    await sleep(200);
    assert.deepEqual(texts, ['첫 메시지', '둘째 메시지']);
  });

  it('keeps /reference data on the conversation of its session, also when it comes before the first message', async () => {
    relayDouble(seen, bodies);
    const reference = { user_key: USER, sender_key: COUNSEL_SENDER_KEY, session_id: 'sess-ref', app_user_id: '1', time: Date.now(), reference: { extra: 'order-77' }, last_reference: { bot: true, bot_event: '상담원 연결' } };
    assert.deepEqual((await post('/reference', reference)).json, { code: 0 });
    await sleep(300);
    assert.equal((await conversations('waiting')).length + (await conversations('assigned')).length, 0, '/reference alone opens nothing');
    await post('/message', relayMessage(USER, '문의', 'sess-ref'));
    const c = await openOne();
    const full = await waitFor(async () => ((await conversation(c.id)).platformSession ? conversation(c.id) : null), 'the session on the conversation');
    assert.deepEqual(full.platformSession, { id: 'sess-ref', context: { extra: 'order-77', bot: true, bot_event: '상담원 연결' } });
    // a later /reference of the same session updates it in place
    await post('/reference', { ...reference, reference: { extra: 'order-78' } });
    await waitFor(async () => (await conversation(c.id)).platformSession.context.extra === 'order-78', 'the updated reference');
  });

  for (const path of ['/sessionEnd', '/expired_session']) {
    it(`${path} closes the conversation with customer_left`, async () => {
      relayDouble(seen, bodies);
      await post('/message', relayMessage(USER, '문의', 'sess-end'));
      const c = await openOne();
      const r = await post(path, { user_key: USER, sender_key: COUNSEL_SENDER_KEY, session_id: 'sess-end', time: Date.now() });
      assert.deepEqual([r.status, r.json], [200, { code: 0 }]);
      const closed = await waitFor(async () => ((await conversation(c.id)).status === 'closed' ? conversation(c.id) : null), 'closed');
      assert.equal(closed.closeReason, 'customer_left');
    });
  }

  it('copies a photo into our image store, fetches a long text, and shows a file as a text with its kind', async () => {
    relayDouble(seen, bodies);
    nock('https://relay-media.test').get('/p/1.png').reply(200, PNG, { 'content-type': 'image/png' });
    nock('https://relay-media.test').get('/t/long.txt').reply(200, '전체 문의 내용입니다. '.repeat(120), { 'content-type': 'text/plain' });
    const base = { user_key: USER, sender_key: COUNSEL_SENDER_KEY, session_id: 's-media', time: Date.now() };
    await post('/message', { ...base, serial_number: 11, type: 'text', content: '미리보기', attachment: { url: 'https://relay-media.test/t/long.txt' } });
    await post('/message', { ...base, serial_number: 12, type: 'photo', contents: [{ url: 'https://relay-media.test/p/1.png' }] });
    await post('/message', { ...base, serial_number: 13, type: 'file', contents: [{ url: 'https://relay-media.test/f/a.pdf', comment: 'a.pdf' }] });
    const c = await openOne();
    const inbound = await waitFor(async () => {
      const m = (await conversation(c.id)).messages.filter((x: any) => x.direction === 'in');
      return m.length >= 3 ? m : null;
    }, 'three inbound messages');
    assert.equal(inbound[0].text, '전체 문의 내용입니다. '.repeat(120));
    assert.equal(inbound[1].kind, 'image');
    const imagePath = new URL(inbound[1].imageUrl).pathname;
    assert.match(imagePath, /^\/images\//);
    const img = await t.request('GET', imagePath);
    assert.equal(img.status, 200, 'an agent sees the photo after the relay URL expired');
    assert.deepEqual([inbound[2].kind, inbound[2].text, inbound[2].media], ['text', 'a.pdf\nhttps://relay-media.test/f/a.pdf', { kind: 'file', url: 'https://relay-media.test/f/a.pdf' }]);
  });

  it("sends an agent's reply; -502 closes the conversation (customer_left) and -511 marks the customer blocked", async () => {
    relayDouble(seen, bodies);
    await post('/message', relayMessage(USER, '문의'));
    const c = await openOne();
    const sent = await t.admin('POST', `/v1/workspaces/${ws}/conversations/${c.id}/messages`, { agentId: c.agentId, text: '안녕하세요, 상담원입니다.' });
    assert.equal(sent.status, 202);
    const out = await waitFor(async () => bodies.find((b) => b.message === '안녕하세요, 상담원입니다.'), 'the reply at the relay');
    assert.deepEqual(Object.keys(out).sort(), ['chat_bubble_type', 'message', 'sender_key', 'serial_number', 'user_key']);
    assert.equal(out.user_key, USER);
    assert.equal(out.serial_number, sent.json.messageId.slice(0, 30));

    nock.cleanAll();
    nock(RELAY_BASE).post('/kakaoWebhook/v3/bzc/chat/send/plain').reply(200, { code: -502, message: 'no session' });
    await t.admin('POST', `/v1/workspaces/${ws}/conversations/${c.id}/messages`, { agentId: c.agentId, text: '계신가요?' });
    const closed = await waitFor(async () => ((await conversation(c.id)).status === 'closed' ? conversation(c.id) : null), 'closed by -502');
    assert.equal(closed.closeReason, 'customer_left');

    relayDouble(seen, bodies);
    await post('/message', relayMessage(USER, '다시 문의'));
    const again = await waitFor(async () => ((await openOne()).id !== c.id ? openOne() : null), 'a new conversation');
    nock.cleanAll();
    nock(RELAY_BASE).post('/kakaoWebhook/v3/bzc/chat/send/plain').reply(400, { code: -511, message: 'blocked' });
    await t.admin('POST', `/v1/workspaces/${ws}/conversations/${again.id}/messages`, { agentId: again.agentId, text: '답변입니다' });
    const blocked = await waitFor(async () => ((await conversation(again.id)).status === 'closed' ? conversation(again.id) : null), 'closed by -511');
    assert.equal(blocked.closeReason, 'customer_blocked');
  });

  it('closing a conversation from the agent API ends the relay session (endWithBot)', async () => {
    let ended: any = null;
    nock(RELAY_BASE).post('/kakaoWebhook/v3/bzc/chat/endWithBot', (b) => ((ended = b), true)).reply(200, { code: 0, session_id: 's' });
    relayDouble(seen, bodies);
    await post('/message', relayMessage(USER, '문의'));
    const c = await openOne();
    const r = await t.admin('POST', `/v1/workspaces/${ws}/conversations/${c.id}/close`);
    assert.equal(r.status, 200);
    assert.equal(r.json.closeReason, 'agent');
    assert.deepEqual(ended, { user_key: USER, sender_key: COUNSEL_SENDER_KEY });
  });
});

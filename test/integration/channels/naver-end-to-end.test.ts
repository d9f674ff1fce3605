import assert from 'node:assert/strict';
import nock from 'nock';
import { fixture } from '../../helpers/fixtures.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { NAVER_BASE, createAgent, createChannel, createWorkspace, naverChannel } from '../../helpers/world.js';

describe('Naver TalkTalk end to end', () => {
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('records a connect request, assigns it, stores customer messages, and delivers the agent reply', async () => {
    t = await startTestGateway({ SEND_BACKOFF_MS: '50' });
    const ws = await createWorkspace(t);
    const agent = await createAgent(t, ws);
    const ch = await createChannel(t, ws, naverChannel());
    const hook = `/webhooks/naver/${ch.id}?key=${ch.webhookKey}`;

    const connect = await t.request('POST', hook, { body: fixture('naver/inbound/send-inquiry.json') });
    assert.equal(connect.status, 200);
    const conv = await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items[0], 'assignment');
    assert.equal(conv.agentId, agent);
    assert.equal(conv.channelId, ch.id);

    assert.equal((await t.request('POST', hook, { body: fixture('naver/inbound/send-text.json') })).status, 200);
    await waitFor(async () => {
      const c = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv.id}`)).json;
      return c.messages.some((m: { text?: string }) => m.text === '배송이 언제 되나요?');
    }, 'customer message stored');

    const scope = nock(NAVER_BASE)
      .matchHeader('authorization', 'naver-auth-key-1234567890')
      .post('/chatbot/v1/event', { event: 'send', user: 'al-2eGuGr5WQOnco1_V-FQ', textContent: { text: '내일 도착합니다.' } })
      .reply(200, { success: true, resultCode: '00' });
    const sent = await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent, text: '내일 도착합니다.' });
    assert.equal(sent.status, 202);
    const messageId = sent.json.messageId as string;
    await waitFor(async () => {
      const c = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv.id}`)).json;
      return c.messages.find((m: { id: string; status: string }) => m.id === messageId && m.status === 'sent');
    }, 'agent message sent');
    scope.done();
    const c = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv.id}`)).json;
    assert.ok(c.firstResponseAt);
  });

  it('sends an agent message once when the client retries with the same Idempotency-Key', async () => {
    t = await startTestGateway({ SEND_BACKOFF_MS: '50' });
    const ws = await createWorkspace(t);
    const agent = await createAgent(t, ws);
    const ch = await createChannel(t, ws, naverChannel());
    await t.request('POST', `/webhooks/naver/${ch.id}?key=${ch.webhookKey}`, { body: fixture('naver/inbound/send-inquiry.json') });
    const conv = await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items[0], 'assignment');
    const scope = nock(NAVER_BASE).post('/chatbot/v1/event').once().reply(200, { success: true, resultCode: '00' });
    const extra = nock(NAVER_BASE).post('/chatbot/v1/event').reply(200, { success: true, resultCode: '00' });
    const send = () =>
      t.request('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, {
        body: { agentId: agent, text: '한 번만 보냅니다' },
        token: ADMIN_TOKEN,
        headers: { 'idempotency-key': 'retry-key-0001' },
      });
    const [a, b] = [await send(), await send()];
    assert.equal(a.status, 202);
    assert.equal(b.json.messageId, a.json.messageId);
    await waitFor(async () => scope.isDone(), 'sent');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(extra.isDone(), false, 'no second send');
  });

  it('answers 401 to a wrong key and records nothing', async () => {
    t = await startTestGateway();
    const ws = await createWorkspace(t);
    const ch = await createChannel(t, ws, naverChannel());
    const r = await t.request('POST', `/webhooks/naver/${ch.id}?key=wrong`, { body: fixture('naver/inbound/send-inquiry.json') });
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code.length > 0, true);
    assert.equal((await t.gw.redis.keys(`${t.prefix}:inbox:*`)).length, 0);
  });
});

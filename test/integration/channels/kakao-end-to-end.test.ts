import assert from 'node:assert/strict';
import nock from 'nock';
import { fixture } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { KAKAO_BASE, createAgent, createChannel, createWorkspace, kakaoChannel } from '../../helpers/world.js';

const BOT_ID = '64a1f3c2e8b7d90011223344';
const USER = 'xJ3kP9qL2mZa';

describe('Kakao end to end', () => {
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  async function setup(settings?: Record<string, unknown>) {
    t = await startTestGateway({ SEND_BACKOFF_MS: '50', KAKAO_SYNC_WAIT_MS: '2000' });
    const ws = await createWorkspace(t);
    if (settings) {
      const cur = (await t.admin('GET', `/v1/workspaces/${ws}/settings`)).json;
      const { version: _v, ...rest } = cur;
      assert.equal((await t.admin('PUT', `/v1/workspaces/${ws}/settings`, { ...rest, ...settings })).status, 200);
    }
    const agent = await createAgent(t, ws);
    const ch = await createChannel(t, ws, kakaoChannel({ credentials: { botId: BOT_ID, restApiKey: 'kakao-rest-api-key-1234567890', eventName: 'talkgate_message' } }));
    return { ws, agent, ch };
  }

  it('answers the skill request synchronously with the greeting, then sends the agent reply through the Event API', async () => {
    const { ws, agent, ch } = await setup({ autoMessages: { greeting: '안녕하세요, 무엇을 도와드릴까요?', offHours: null } });
    const r = await t.request('POST', `/webhooks/kakao/${ch.id}`, {
      body: fixture('kakao/inbound/connect-utterance.json'),
      headers: { 'x-talkgate-key': ch.webhookKey },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { version: '2.0', template: { outputs: [{ simpleText: { text: '안녕하세요, 무엇을 도와드릴까요?' } }] } });
    const conv = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items[0];
    assert.equal(conv.agentId, agent);
    const detail = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv.id}`)).json;
    const greeting = detail.messages.find((m: { direction: string }) => m.direction === 'out');
    assert.equal(greeting.status, 'sent');

    const scope = nock(KAKAO_BASE)
      .matchHeader('authorization', 'KakaoAK kakao-rest-api-key-1234567890')
      .post(`/v2/bots/${BOT_ID}/talk`, { event: { name: 'talkgate_message', data: { text: '주문번호를 알려주세요.' } }, user: [{ type: 'plusfriendUserKey', id: USER }] })
      .reply(200, { taskId: 'task-1', status: 'SUCCESS' });
    const sent = await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent, text: '주문번호를 알려주세요.' });
    assert.equal(sent.status, 202);
    await waitFor(async () => {
      const c = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv.id}`)).json;
      return c.messages.find((m: { id: string; status: string }) => m.id === sent.json.messageId && m.status === 'sent');
    }, 'agent message sent');
    scope.done();
  });

  it('addresses a customer known only by botUserKey as botUserKey on the Event API; plusfriendUserKey stays as it was', async () => {
    const { ws, agent, ch } = await setup();
    const onlyBotKey = fixture('kakao/inbound/connect-bot-user-key.json');
    const botUserKey = onlyBotKey.userRequest.user.id as string;
    for (const body of [onlyBotKey, fixture('kakao/inbound/connect-utterance.json')]) {
      assert.equal((await t.request('POST', `/webhooks/kakao/${ch.id}?key=${ch.webhookKey}`, { body })).status, 200);
    }
    const convs = await waitFor(async () => {
      const items = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items as { id: string; customerId: string }[];
      return items.length === 2 ? items : null;
    }, 'both assigned');
    const sent: unknown[] = [];
    const scope = nock(KAKAO_BASE)
      .post(`/v2/bots/${BOT_ID}/talk`, (b: unknown) => sent.push(b) > 0)
      .times(2)
      .reply(200, { taskId: 'task-x', status: 'SUCCESS' });
    for (const conv of convs) {
      const customer = (await t.admin('GET', `/v1/workspaces/${ws}/customers/${conv.customerId}`)).json;
      const text = `안녕하세요 ${customer.identifier as string}`;
      assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent, text })).status, 202);
    }
    await waitFor(async () => scope.isDone(), 'both sent through the Event API');
    const users = sent.map((b) => (b as { user: unknown[] }).user[0]);
    assert.deepEqual(
      users.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [
        { type: 'botUserKey', id: botUserKey },
        { type: 'plusfriendUserKey', id: USER },
      ],
    );
  });

  it('a botUserKey customer stored before the id type was kept learns it from their next message', async () => {
    const { ws, agent, ch } = await setup();
    const connect = fixture('kakao/inbound/connect-bot-user-key.json');
    const botUserKey = connect.userRequest.user.id as string;
    await t.request('POST', `/webhooks/kakao/${ch.id}?key=${ch.webhookKey}`, { body: connect });
    const conv = await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items[0], 'assigned');
    // as an older release stored it: no identifierType
    const key = t.gw.services.keys.customer(conv.customerId);
    const { identifierType: _dropped, ...legacy } = JSON.parse((await t.gw.redis.get(key)) ?? '{}');
    await t.gw.redis.set(key, JSON.stringify(legacy));

    const message = fixture('kakao/inbound/connect-bot-user-key.json');
    message.userRequest.utterance = '배송 문의요';
    await t.request('POST', `/webhooks/kakao/${ch.id}?key=${ch.webhookKey}`, { body: message });
    await waitFor(async () => JSON.parse((await t.gw.redis.get(key)) ?? '{}').identifierType === 'botUserKey', 'the type noted');

    const scope = nock(KAKAO_BASE)
      .post(`/v2/bots/${BOT_ID}/talk`, (b: { user: unknown }) => JSON.stringify(b.user) === JSON.stringify([{ type: 'botUserKey', id: botUserKey }]))
      .reply(200, { taskId: 'task-legacy', status: 'SUCCESS' });
    assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent, text: '확인했습니다.' })).status, 202);
    await waitFor(async () => scope.isDone(), 'sent as botUserKey');
  });

  it('acknowledges a message to an agent-handled conversation with useCallback and replies through the callbackUrl', async () => {
    const { ws, agent, ch } = await setup();
    await t.request('POST', `/webhooks/kakao/${ch.id}?key=${ch.webhookKey}`, { body: fixture('kakao/inbound/connect-utterance.json') });
    const conv = await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items[0], 'assigned');
    const payload = fixture('kakao/inbound/message-callback.json');
    const r = await t.request('POST', `/webhooks/kakao/${ch.id}?key=${ch.webhookKey}`, { body: payload });
    assert.deepEqual(r.json, { version: '2.0', useCallback: true });
    const url = new URL(payload.userRequest.callbackUrl as string);
    const scope = nock(url.origin)
      .post(url.pathname, { version: '2.0', template: { outputs: [{ simpleText: { text: '확인해 보겠습니다.' } }] } })
      .reply(200, { taskId: 'cb-1', status: 'SUCCESS', message: '' });
    assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent, text: '확인해 보겠습니다.' })).status, 202);
    await waitFor(async () => scope.isDone(), 'callback used');
  });

  it('leaves no send job behind for the replies its answer carried (the queue view shows none waiting or delayed)', async () => {
    const { ch } = await setup({ autoMessages: { greeting: '안녕하세요, 무엇을 도와드릴까요?', offHours: null } });
    const r = await t.request('POST', `/webhooks/kakao/${ch.id}`, { body: fixture('kakao/inbound/connect-utterance.json'), headers: { 'x-talkgate-key': ch.webhookKey } });
    assert.deepEqual(r.json, { version: '2.0', template: { outputs: [{ simpleText: { text: '안녕하세요, 무엇을 도와드릴까요?' } }] } });
    // the greeting went out in the answer; a job still held for it would sit delayed for the sync hold
    const queues = (await t.admin('GET', '/v1/ops/queues')).json.queues as Array<{ name: string; counts: Record<string, number> }>;
    const outbound = queues.find((q) => q.name === 'outbound');
    assert.ok(outbound, 'the outbound queue is listed');
    assert.deepEqual([outbound.counts['waiting'], outbound.counts['delayed'], outbound.counts['active']], [0, 0, 0]);
  });

  it('refuses a wrong key with 401 and records nothing', async () => {
    const { ch } = await setup();
    const r = await t.request('POST', `/webhooks/kakao/${ch.id}`, { body: fixture('kakao/inbound/message-text.json'), headers: { 'x-talkgate-key': 'nope' } });
    assert.equal(r.status, 401);
    assert.equal((await t.gw.redis.keys(`${t.prefix}:inbox:*`)).length, 0);
  });
});

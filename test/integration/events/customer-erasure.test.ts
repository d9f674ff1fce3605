// DELETE …/customers/:id (api.md "Running"): the open conversation is closed first, then the
// profile, conversations and messages are gone; the log says `customer.erased` once, after the
// close; the audit keeps who and when, never a value.
import assert from 'node:assert/strict';
import nock from 'nock';
import { connectRedis, scanKeys } from '../../helpers/redis-harness.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { NAVER_BASE } from '../../helpers/world.js';
import { ACCEPTED, FAST_SENDS, naverConversation } from '../ops/ops-world.js';
import { assertLogInvariants, pullAll } from './event-kit.js';

describe('Customer erasure', function () {
  this.timeout(20_000);
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('closes the open conversation, erases everything of the customer and emits customer.erased once', async () => {
    t = await startTestGateway(FAST_SENDS);
    nock(NAVER_BASE).persist().post('/chatbot/v1/event').reply(200, ACCEPTED);
    const c = await naverConversation(t);
    const conv = (await t.admin('GET', `/v1/workspaces/${c.ws}/conversations/${c.conversationId}`)).json;
    const customerId = conv.customerId as string;
    const path = `/v1/workspaces/${c.ws}/customers/${customerId}`;
    assert.equal((await t.admin('PATCH', `${path}/profile`, { name: '김지워', phone: '01098765432' })).status, 200);
    await c.say('지워질 대화');

    const erased = await t.request('DELETE', path, { token: ADMIN_TOKEN, headers: { 'x-agent-id': c.agent } });
    assert.equal(erased.status, 204, erased.text);
    assert.equal((await t.admin('GET', path)).json.error.code, 'customer_not_found');
    assert.equal((await t.admin('GET', `/v1/workspaces/${c.ws}/conversations/${c.conversationId}`)).status, 404);
    for (const status of ['waiting', 'assigned', 'closed']) {
      assert.deepEqual((await t.admin('GET', `/v1/workspaces/${c.ws}/conversations?status=${status}`)).json.items, []);
    }
    assert.equal((await t.admin('DELETE', path)).status, 404, 'a second erasure finds no customer');

    const items = await pullAll(t.admin, c.ws);
    assertLogInvariants(items);
    const erasedEvents = items.filter((i) => i.event.type === 'customer.erased');
    assert.equal(erasedEvents.length, 1);
    assert.deepEqual(erasedEvents[0]!.event.data, { customerId });
    assert.equal(erasedEvents[0]!.event.conversationId, null);
    const closed = items.findIndex((i) => i.event.type === 'conversation.status_changed' && i.event.data['to'] === 'closed');
    assert.ok(closed >= 0 && closed < items.indexOf(erasedEvents[0]!), 'closed first, then erased');
    const all = JSON.stringify(items);
    for (const needle of ['김지워', '01098765432', '010-9876-5432']) assert.ok(!all.includes(needle), `events hold ${needle}`);

    // nothing of the customer left in Redis but the audit line of the erasure
    const redis = connectRedis(t.redisUrl);
    const left = (await scanKeys(t.redisUrl, `${t.prefix}:*`)).filter((k) => k.includes(customerId) || k.includes(c.conversationId));
    const audit = await redis.lrange(t.gw.keys.customerAudit(customerId), 0, -1);
    await redis.quit();
    assert.deepEqual(left, [t.gw.keys.customerAudit(customerId)]);
    assert.equal(audit.length, 1);
    const entry = JSON.parse(audit[0]!);
    assert.deepEqual({ ...entry, at: undefined }, { at: undefined, actor: c.agent, field: '*', erased: true });
  });
});

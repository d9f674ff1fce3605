// A change replayed after a crash (the same triggering event handled again) cannot produce a
// second event: ids derive from the change, and a committed dispatch's replay only re-queues
// its sends instead of deciding again.
import assert from 'node:assert/strict';
import nock from 'nock';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { NAVER_BASE, createAgent, createChannel, createWorkspace, naverChannel } from '../../helpers/world.js';
import { settings } from '../profile-bot/scenario-kit.js';
import { assertLogInvariants, pullAll } from './event-kit.js';

describe('Events: a replayed change adds no event', function () {
  this.timeout(20_000);
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('dispatching the same inbound event twice stores and announces its changes once', async () => {
    t = await startTestGateway({ SEND_BACKOFF_MS: '30' });
    nock(NAVER_BASE).persist().post('/chatbot/v1/event').reply(200, { success: true, resultCode: '00' });
    const ws = await createWorkspace(t, settings({ onMissingProfile: 'assign' }));
    await createAgent(t, ws);
    const ch = await createChannel(t, ws, naverChannel());
    const s = t.gw.services;
    const channel = (await s.channels.get(ch.id))!;
    const customer = await s.customers.findOrCreate(ws, 'naver', 'replayed-user', new Date());
    const request = {
      channel,
      customerId: customer.id,
      event: { type: 'connect_requested' as const },
      eventKey: 'evt-replayed-once',
      inbound: { direction: 'in' as const, from: 'customer' as const, kind: 'event' as const, text: 'connect_request', status: 'received' as const, createdAt: new Date().toISOString() },
    };
    const first = await s.engine.dispatch(request);
    assert.ok(first.outboundIds.length >= 2, 'greeting and card');
    const again = await s.engine.dispatch(request);
    assert.deepEqual(again.outboundIds, first.outboundIds, 'the replay names the same sends');
    assert.equal(again.conversation?.id, first.conversation?.id);

    const items = await waitFor(async () => {
      const all = await pullAll(t.admin, ws);
      return all.filter((i) => i.event.type === 'message.delivered').length === first.outboundIds.length ? all : null;
    }, 'the sends delivered');
    await sleep(200);
    assertLogInvariants(items);
    const count = (type: string): number => (items.filter((i) => i.event.type === type)).length;
    assert.equal(count('conversation.created'), 1);
    assert.equal(count('conversation.assigned'), 1);
    assert.equal(count('message.created'), first.outboundIds.length);
    assert.equal(count('message.delivered'), first.outboundIds.length);
    const conv = await t.admin('GET', `/v1/workspaces/${ws}/conversations/${first.conversation!.id}`);
    assert.equal(conv.json.messages.filter((m: { direction: string }) => m.direction === 'out').length, first.outboundIds.length);
  });
});

// The manual's TalkTalk scenario (connect → card → form → assigned → agent message → delivered)
// as an integrator sees it: the pull API and an SSE stream opened before it began carry the same
// events, in order, with per-conversation sequences, and the profile's values never appear.
import assert from 'node:assert/strict';
import { openSse } from '../../helpers/sse.js';
import { ADMIN_TOKEN } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { TEXT, cardOf, naverWorld, settings, stop, type NaverWorld } from '../profile-bot/scenario-kit.js';
import { assertLogInvariants, pullAll, story, type Item } from './event-kit.js';

const PROFILE = { name: '홍길동', phone: '01012345678' };

describe('Events: the manual scenario on the pull API and the stream', function () {
  this.timeout(20_000);
  let w: NaverWorld;
  afterEach(async () => stop(w));

  it('connect → card → form → assigned → agent message → delivered, each change once, in order', async () => {
    w = await naverWorld(settings({ onMissingProfile: 'hold' }));
    const sse = await openSse(`${w.t.url}/v1/workspaces/${w.ws}/events/stream`, { authorization: `Bearer ${ADMIN_TOKEN}` });
    assert.equal(sse.status, 200);
    await w.connect();
    const card = cardOf(await w.until(2));
    assert.equal((await w.submit(card.url, PROFILE)).status, 200);
    await w.until(3);
    const c = await waitFor(async () => {
      const conv = await w.conversation();
      return conv.status === 'assigned' ? conv : null;
    }, 'assigned after the form');
    const sent = await w.t.admin('POST', `/v1/workspaces/${w.ws}/conversations/${c.id}/messages`, { agentId: w.agent, text: '무엇을 도와드릴까요?' });
    assert.equal(sent.status, 202);
    await w.until(4);

    // 4 sends → 4 delivery results
    const items = await waitFor(async () => {
      const all = await pullAll(w.t.admin, w.ws);
      return all.filter((i) => i.event.type === 'message.delivered').length === 4 ? all : null;
    }, 'four deliveries');
    assertLogInvariants(items);
    assert.deepEqual(story(items, c.id), [
      'conversation.created',
      'status null → waiting (created)',
      `outbound system text: ${TEXT.MANUAL_GREETING}`,
      'outbound bot card',
      'assigned by auto',
      'status waiting → assigned (auto)',
      `outbound bot text: ${TEXT.PROFILE_SAVED}`,
      'outbound agent text: 무엇을 도와드릴까요?',
    ]);
    const created = items.find((i) => i.event.type === 'conversation.created')!.event;
    assert.equal(created.data['conversation'].id, c.id);
    assert.equal(created.data['conversation'].status, 'waiting');
    assert.equal(created.workspaceId, w.ws);
    // every outbound message: one delivery, after its creation, via the send API
    const outbound = items.filter((i) => i.event.type === 'message.created' && i.event.data['direction'] === 'outbound');
    for (const m of outbound) {
      const at = items.indexOf(m);
      const deliveries = items.filter((i) => i.event.type === 'message.delivered' && i.event.data['messageId'] === m.event.data['messageId']);
      assert.equal(deliveries.length, 1, `one delivery of ${m.event.data['messageId']}`);
      assert.ok(items.indexOf(deliveries[0]!) > at);
      assert.equal(deliveries[0]!.event.data['via'], 'send-api');
    }
    const profile = items.filter((i) => i.event.type === 'customer.profile_updated');
    assert.equal(profile.length, 1);
    assert.deepEqual(profile[0]!.event.data, { customerId: c.customerId, fields: ['name', 'phone'] });
    assert.equal(profile[0]!.event.conversationId, null);
    assert.equal(profile[0]!.event.sequence, null);

    // the stream opened before the scenario saw exactly the same events, same cursors
    await waitFor(async () => sse.events.length >= items.length || null, 'the stream to catch up');
    const streamed = sse.events.map((e) => ({ cursor: e.id, type: e.event, event: JSON.parse(e.data) as Item['event'] }));
    assert.deepEqual(streamed.map((e) => e.cursor), items.map((i) => i.cursor));
    assert.deepEqual(streamed.map((e) => e.type), items.map((i) => i.event.type));
    assert.deepEqual(streamed.map((e) => e.event), items.map((i) => i.event));
    sse.close();

    // personal data never leaves in an event
    const everything = JSON.stringify(items) + sse.events.map((e) => e.data).join('');
    for (const needle of ['홍길동', '01012345678', '010-1234-5678']) assert.ok(!everything.includes(needle), `events contain ${needle}`);
  });
});

// The manual's TalkTalk scenario as an integrator's webhook receiver sees it: an endpoint made
// with a workspace key, a receiver that fails for a while, and still every event of the log
// arrives, verified by a Standard Webhooks library, once, in sequence order per conversation.
import assert from 'node:assert/strict';
import { waitFor } from '../../helpers/wait.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { cardOf, naverWorld, settings, stop, type NaverWorld } from '../profile-bot/scenario-kit.js';
import { FAST_RETRIES } from './webhook-world.js';

interface Pulled {
  cursor: string;
  event: { id: string; type: string; conversationId: string | null; sequence: number | null };
}

describe('webhooks: the manual scenario arrives on the webhook', function () {
  this.timeout(30_000);
  let w: NaverWorld;
  let receiver: WebhookReceiver;
  afterEach(async () => {
    await receiver?.close();
    await stop(w);
  });

  it('connect → card → form → assigned → agent message → delivered, through a receiver that fails for a while', async () => {
    w = await naverWorld(settings({ onMissingProfile: 'hold' }), FAST_RETRIES);
    const key = (await w.t.admin('POST', `/v1/workspaces/${w.ws}/api-keys`, { name: 'desk', scopes: ['webhooks', 'events:read', 'conversations:write'] })).json.key as string;
    const as = (method: string, path: string, body?: unknown) => w.t.request(method, path, { token: key, ...(body ? { body } : {}) });
    receiver = await startWebhookReceiver();
    const ep = await as('POST', `/v1/workspaces/${w.ws}/webhooks`, { url: receiver.url, eventTypes: ['*'] });
    assert.equal(ep.status, 201, ep.text);
    receiver.setSecrets([ep.json.secret as string]);
    receiver.answer((_r, n) => (n <= 3 ? { status: 503 } : { status: 200 }));

    await w.connect();
    const card = cardOf(await w.until(2));
    assert.equal((await w.submit(card.url, { name: '홍길동', phone: '01012345678' })).status, 200);
    await w.until(3);
    const c = await waitFor(async () => {
      const conv = await w.conversation();
      return conv.status === 'assigned' ? conv : null;
    }, 'assigned after the form');
    assert.equal((await as('POST', `/v1/workspaces/${w.ws}/conversations/${c.id}/messages`, { agentId: w.agent, text: '무엇을 도와드릴까요?' })).status, 202);
    await w.until(4);

    const pull = async (): Promise<Pulled[]> => {
      const out: Pulled[] = [];
      let after = '';
      for (;;) {
        const r = await as('GET', `/v1/workspaces/${w.ws}/events?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        assert.equal(r.status, 200, r.text);
        out.push(...(r.json.items as Pulled[]));
        if (!r.json.next) return out;
        after = r.json.next as string;
      }
    };
    const log = await waitFor(async () => {
      const all = await pull();
      return all.filter((i) => i.event.type === 'message.delivered').length === 4 ? all : null;
    }, 'four deliveries in the log');
    await waitFor(async () => new Set(receiver.delivered().map((d) => d.id)).size >= log.length, 'every event on the webhook', 15_000);

    assert.deepEqual(receiver.unverified, [], 'every delivery verifies with standardwebhooks');
    const types = new Set(log.map((i) => i.event.type));
    for (const t of ['conversation.created', 'conversation.assigned', 'conversation.status_changed', 'message.created', 'message.delivered', 'customer.profile_updated']) assert.ok(types.has(t), `the log has ${t}`);
    assert.ok(receiver.requests.filter((r) => r.answered === 503).length === 3, 'it failed for a while');
    const ids = receiver.delivered().map((d) => d.id);
    assert.deepEqual([...new Set(ids)].sort(), log.map((i) => i.event.id).sort(), 'the webhook carries exactly the log');
    const byConv = new Map<string, string[]>();
    for (const d of receiver.delivered()) byConv.set(d.event.conversationId ?? '_', [...(byConv.get(d.event.conversationId ?? '_') ?? []), d.id]);
    for (const [conv, got] of byConv) {
      const collapsed = got.filter((id, i) => i === 0 || got[i - 1] !== id);
      const expected = log.filter((i) => (i.event.conversationId ?? '_') === conv).map((i) => i.event.id);
      assert.deepEqual(collapsed, expected, `${conv}: once each, in the log's order`);
    }
    assert.ok(!receiver.requests.some((r) => r.raw.includes('01012345678') || r.raw.includes('홍길동')), 'profile values never leave in an event');
  });
});

// Delivery of the workspace's events to webhook endpoints (integration.md "Webhook
// endpoints"): Standard Webhooks signing (verified with the `standardwebhooks` package),
// per-conversation order through failures, retries and Retry-After, 410, redirects, timeouts.
import assert from 'node:assert/strict';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { deliveredByConversation, newEndpoint, newWorkspace, webhookGateway, type Endpoint } from './webhook-world.js';

describe('webhooks: delivery', function () {
  this.timeout(30_000);
  let t: TestGateway;
  const endpoints: Endpoint[] = [];
  before(async () => {
    t = await webhookGateway();
  });
  after(async () => {
    for (const e of endpoints) await e.receiver.close();
    await t?.stop();
  });
  const endpoint = async (ws: string, types?: string[]): Promise<Endpoint> => {
    const e = await newEndpoint(t, ws, types);
    endpoints.push(e);
    return e;
  };
  afterEach(() => {
    for (const e of endpoints) assert.deepEqual(e.receiver.unverified, [], 'every delivery verifies with standardwebhooks');
  });

  it('POSTs the event JSON, signed per Standard Webhooks, with the event id as webhook-id', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    const ev = await log.append('conv_a', '안녕하세요');
    const [got] = await waitFor(async () => (e.receiver.delivered().length === 1 ? e.receiver.delivered() : null), 'one delivery');
    assert.equal(got!.id, ev.id);
    assert.deepEqual(JSON.parse(got!.raw), ev);
    assert.equal(got!.contentType, 'application/json');
    assert.deepEqual(got!.verifiedWith, [e.secret]);
    assert.ok(Math.abs(Number(got!.timestamp) - Date.now() / 1000) < 5);
    const attempts = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts`);
    assert.equal(attempts.status, 200);
    assert.deepEqual(attempts.json.items.map((a: { eventId: string; status: string; attempts: number; lastStatusCode: number }) => [a.eventId, a.status, a.attempts, a.lastStatusCode]), [[ev.id, 'delivered', 1, 204]]);
  });

  it('keeps sequence order per conversation while one conversation fails for a while; the others keep flowing', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    let failuresLeft = 3; // fewer than the 4 attempts: nothing is given up
    e.receiver.answer((r) => (r.event.conversationId === 'conv_slow' && failuresLeft-- > 0 ? { status: 500, body: 'not now' } : { status: 200 }));
    for (let i = 1; i <= 5; i++) for (const c of ['conv_slow', 'conv_b', 'conv_c']) await log.append(c, `text ${i}`);
    // the others are all through while the slow one is still failing
    await waitFor(async () => {
      const m = deliveredByConversation(e.receiver);
      return m.get('conv_b')?.length === 5 && m.get('conv_c')?.length === 5;
    }, 'conv_b and conv_c delivered');
    assert.ok(failuresLeft > 0 || (deliveredByConversation(e.receiver).get('conv_slow')?.length ?? 0) < 5, 'the others did not wait for the slow one');
    // the oldest undelivered event of the endpoint is measured while the slow conversation waits
    await t.gw.webhookDispatcher!.sweep();
    const oldest = /^talkgate_webhook_oldest_undelivered_seconds\{endpoint="([^"]+)"\} ([0-9.e-]+)$/m;
    const gauge = (await t.request('GET', '/metrics')).text.split('\n').find((l) => l.includes(`oldest_undelivered_seconds{endpoint="${e.id}"}`));
    assert.ok(gauge && oldest.test(gauge), 'the oldest-undelivered gauge is exported');
    await waitFor(async () => deliveredByConversation(e.receiver).get('conv_slow')?.length === 5, 'conv_slow delivered', 20_000);
    await t.gw.webhookDispatcher!.sweep();
    assert.match((await t.request('GET', '/metrics')).text, new RegExp(`^talkgate_webhook_oldest_undelivered_seconds\\{endpoint="${e.id}"\\} 0$`, 'm'));
    for (const [c, seqs] of deliveredByConversation(e.receiver)) assert.deepEqual(seqs, [1, 2, 3, 4, 5], c);
    // retries of the slow conversation's head carried the same webhook-id, and nothing after it went first
    const slow = e.receiver.requests.filter((r) => r.event.conversationId === 'conv_slow');
    assert.deepEqual(slow.slice(0, 3).map((r) => r.event.sequence), [1, 1, 1]);
    assert.ok(slow.every((r, i) => i === 0 || r.event.sequence! >= slow[i - 1]!.event.sequence!), 'never ahead of an unanswered one');
  });

  it('gives up after the last attempt, lists the event as failed and moves on to the next', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    e.receiver.answer((r) => (r.event.sequence === 1 ? { status: 500, body: 'x'.repeat(3000) } : { status: 200 }));
    const first = await log.append('conv_a', 'one');
    await log.append('conv_a', 'two');
    await waitFor(async () => e.receiver.delivered().length === 1, 'the second event after the first was given up', 10_000);
    assert.equal(e.receiver.requests.filter((r) => r.id === first.id).length, 4, '4 attempts for a 3-delay schedule');
    const failed = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts?status=failed`);
    assert.equal(failed.json.items.length, 1);
    const [f] = failed.json.items;
    assert.equal(f.eventId, first.id);
    assert.equal(f.type, 'message.created');
    assert.equal(f.status, 'failed');
    assert.equal(f.attempts, 4);
    assert.equal(f.lastStatusCode, 500);
    assert.equal(f.lastError, 'HTTP 500');
    assert.equal(f.lastResponse, 'x'.repeat(1024), 'the first KiB of the answer');
    assert.ok(!Number.isNaN(Date.parse(f.at)));
    const m = await t.request('GET', '/metrics');
    assert.match(m.text, new RegExp(`^talkgate_webhook_deliveries_total\\{endpoint="${e.id}",outcome="failed"\\} 1$`, 'm'));
    assert.match(m.text, new RegExp(`^talkgate_webhook_deliveries_total\\{endpoint="${e.id}",outcome="retry"\\} 3$`, 'm'));
    assert.match(m.text, new RegExp(`^talkgate_webhook_deliveries_total\\{endpoint="${e.id}",outcome="delivered"\\} 1$`, 'm'));
    assert.match(m.text, new RegExp(`^talkgate_webhook_delivery_latency_seconds_count\\{endpoint="${e.id}"\\} 1$`, 'm'));
  });

  it('honours Retry-After on 429 and 503 instead of the schedule', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    e.receiver.answer((_r, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : n === 2 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
    await log.append('conv_a', 'one');
    await waitFor(async () => e.receiver.delivered().length === 1, 'delivered after the waits', 10_000);
    const [a, b, c] = e.receiver.requests;
    assert.ok(b!.at - a!.at >= 1900, `waited ${b!.at - a!.at} ms after a 429 with Retry-After: 2`);
    assert.ok(c!.at - b!.at >= 900, `waited ${c!.at - b!.at} ms after a 503 with Retry-After: 1`);
  });

  it('disables the endpoint at once on 410 Gone', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    e.receiver.answer(() => ({ status: 410 }));
    const ev = await log.append('conv_a', 'one');
    await log.append('conv_a', 'two');
    await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}`)).json.enabled === false, 'disabled');
    const failed = await waitFor(async () => {
      const r = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts?status=failed`);
      return r.json.items.length === 2 ? r.json.items : null;
    }, 'both failed');
    assert.equal(failed.find((f: { eventId: string }) => f.eventId === ev.id).lastStatusCode, 410);
    const three = await log.append('conv_a', 'three');
    const missed = await waitFor(async () => {
      const r = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts?status=failed`);
      return r.json.items.find((f: { eventId: string }) => f.eventId === three.id);
    }, 'the event sent while disabled is listed as failed, to resend later');
    assert.deepEqual([missed.attempts, missed.lastStatusCode], [0, null]);
    assert.match(missed.lastError, /disabled/);
    await sleep(300);
    assert.equal(e.receiver.requests.length, 1, 'one request, no retry, nothing after it');
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    const other = await endpoint(ws);
    e.receiver.answer(() => ({ status: 307, headers: { location: other.receiver.url } }));
    await log.append('conv_a', 'one');
    const failed = await waitFor(async () => {
      const r = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts?status=failed`);
      return r.json.items[0];
    }, 'failed', 10_000);
    assert.equal(failed.lastStatusCode, 307);
    assert.match(failed.lastError, /redirect/);
    assert.equal(e.receiver.requests.length, 4);
    assert.equal(other.receiver.requests.length, 1, 'the other endpoint got its own copy only');
  });

  it('counts an answer slower than the timeout as a failure', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    e.receiver.answer((_r, n) => (n === 1 ? 'hang' : n === 2 ? { status: 200, delayMs: 1500 } : { status: 200 }));
    await log.append('conv_a', 'one');
    await waitFor(async () => e.receiver.requests.length === 3, 'a third attempt', 10_000);
    const rec = await waitFor(async () => {
      const r = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts`);
      return r.json.items[0]?.status === 'delivered' ? r.json.items[0] : null;
    }, 'delivered');
    assert.equal(rec.attempts, 3);
  });

  it('a failing endpoint never holds another endpoint', async () => {
    const { ws, log } = await newWorkspace(t);
    const down = await endpoint(ws);
    const up = await endpoint(ws, ['message.created']);
    down.receiver.answer(() => 'hang');
    const started = Date.now();
    for (let i = 1; i <= 10; i++) await log.append(`conv_${i % 3}`, `text ${i}`);
    await log.append(null, '', 'customer.erased');
    await waitFor(async () => up.receiver.delivered().length === 10, 'the healthy endpoint got its 10 message events');
    assert.ok(Date.now() - started < 2500, 'not held by the hanging endpoint');
    assert.ok(up.receiver.requests.every((r) => r.event.type === 'message.created'), 'only the types it asked for');
  });

  it('an endpoint hanging on many conversations takes at most half the worker slots', async () => {
    const small = await webhookGateway({ WORKER_CONCURRENCY: '4', WEBHOOK_TIMEOUT_MS: '3000' });
    try {
      const { ws, log } = await newWorkspace(small);
      const down = await newEndpoint(small, ws);
      const up = await newEndpoint(small, ws);
      endpoints.push(down, up);
      down.receiver.answer(() => 'hang');
      for (let i = 0; i < 12; i++) await log.append(`conv_${i}`, `text ${i}`);
      const started = Date.now();
      await waitFor(async () => up.receiver.delivered().length === 12, 'the healthy endpoint got all 12', 6000);
      assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms: not behind the 3 s hangs`);
      assert.ok(down.receiver.requests.length <= 2, `${down.receiver.requests.length} hanging at once (at most 2 of 4 slots)`);
    } finally {
      await small.stop();
    }
  });
});

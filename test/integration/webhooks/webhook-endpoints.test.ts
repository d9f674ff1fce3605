// Webhook endpoint management (integration.md "Webhook endpoints"): CRUD, the secret shown
// once and stored sealed, rotation with both signatures for 24 h, resends that keep the id.
import assert from 'node:assert/strict';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { newEndpoint, newWorkspace, webhookGateway, type Endpoint } from './webhook-world.js';

describe('webhooks: endpoints', function () {
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

  it('creates, lists, reads, updates and deletes; the secret appears once and is stored sealed', async () => {
    const { ws } = await newWorkspace(t);
    const c = await t.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: 'https://desk.example.com/hook', eventTypes: ['message.created', 'conversation.assigned'], description: 'desk' });
    assert.equal(c.status, 201, c.text);
    assert.match(c.json.id, /^wh_/);
    assert.match(c.json.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
    assert.equal(Buffer.from(c.json.secret.slice(6), 'base64').length, 24);
    assert.deepEqual([c.json.url, c.json.eventTypes, c.json.enabled], ['https://desk.example.com/hook', ['message.created', 'conversation.assigned'], true]);
    assert.ok(c.json.createdAt);
    const raw = await t.gw.services.webhooks.rawDocument(c.json.id);
    assert.ok(raw && !raw.includes(c.json.secret.slice(6)), 'the secret is not stored in clear');

    const list = await t.admin('GET', `/v1/workspaces/${ws}/webhooks`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.items.map((i: { id: string }) => i.id), [c.json.id]);
    assert.ok(!list.text.includes(c.json.secret) && !list.text.includes('secret'));
    const one = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${c.json.id}`);
    assert.equal(one.json.url, 'https://desk.example.com/hook');
    assert.equal(one.json.secret, undefined);

    const p = await t.admin('PATCH', `/v1/workspaces/${ws}/webhooks/${c.json.id}`, { eventTypes: ['*'], enabled: false, url: 'https://desk.example.com/v2' });
    assert.equal(p.status, 200, p.text);
    assert.deepEqual([p.json.eventTypes, p.json.enabled, p.json.url], [['*'], false, 'https://desk.example.com/v2']);
    assert.equal(p.json.secret, undefined);

    assert.equal((await t.admin('DELETE', `/v1/workspaces/${ws}/webhooks/${c.json.id}`)).status, 204);
    const gone = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${c.json.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error.code, 'webhook_not_found');
  });

  it('an integrator with only a workspace key holding `webhooks` manages endpoints; other scopes get 403', async () => {
    const { ws } = await newWorkspace(t);
    const mk = async (scopes: string[]): Promise<string> => (await t.admin('POST', `/v1/workspaces/${ws}/api-keys`, { name: scopes.join(), scopes })).json.key as string;
    const hooks = await mk(['webhooks']);
    const other = await mk(['events:read', 'conversations:write']);
    const c = await t.request('POST', `/v1/workspaces/${ws}/webhooks`, { token: hooks, body: { url: 'https://desk.example.com/hook', eventTypes: ['*'] } });
    assert.equal(c.status, 201, c.text);
    assert.equal((await t.request('GET', `/v1/workspaces/${ws}/webhooks/${c.json.id}/attempts`, { token: hooks })).status, 200);
    const refused = await t.request('GET', `/v1/workspaces/${ws}/webhooks`, { token: other });
    assert.deepEqual([refused.status, refused.json.error.code, refused.json.error.details], [403, 'insufficient_scope', [{ path: 'scope', message: 'needs webhooks' }]]);
  });

  it('validates eventTypes against the event types, or ["*"] alone', async () => {
    const { ws } = await newWorkspace(t);
    for (const eventTypes of [['message.sent'], [], ['*', 'message.created'], 'message.created']) {
      const r = await t.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: 'https://desk.example.com/hook', eventTypes });
      assert.equal(r.status, 400, JSON.stringify(eventTypes));
      assert.equal(r.json.error.code, 'validation_failed');
      assert.ok(r.json.error.details.some((d: { path: string }) => d.path.startsWith('/eventTypes')), r.text);
    }
  });

  it('answers 404 for another workspace’s endpoint and an unknown workspace', async () => {
    const a = await newWorkspace(t);
    const b = await newWorkspace(t);
    const e = await endpoint(a.ws);
    for (const [m, suffix] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/rotate-secret'], ['GET', '/attempts'], ['POST', '/resend']] as const) {
      const r = await t.admin(m, `/v1/workspaces/${b.ws}/webhooks/${e.id}${suffix}`, m === 'GET' || m === 'DELETE' ? undefined : suffix === '/resend' ? { eventIds: ['evt_x'] } : {});
      assert.equal(r.status, 404, `${m} ${suffix}`);
    }
    assert.equal((await t.admin('GET', '/v1/workspaces/ws_nope/webhooks')).status, 404);
  });

  it('rotation: the new secret once, and both signatures on every delivery for 24 h; both verify', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    const r = await t.admin('POST', `/v1/workspaces/${ws}/webhooks/${e.id}/rotate-secret`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.secret, /^whsec_/);
    assert.notEqual(r.json.secret, e.secret);
    e.receiver.setSecrets([r.json.secret, e.secret]);
    await log.append('conv_a', 'after rotation');
    const [got] = await waitFor(async () => (e.receiver.delivered().length ? e.receiver.delivered() : null), 'a delivery');
    assert.equal(got!.signatures.length, 2);
    assert.ok(got!.signatures.every((s) => s.startsWith('v1,')));
    assert.deepEqual(got!.verifiedWith.sort(), [r.json.secret, e.secret].sort(), 'a receiver with only the old or only the new secret accepts it');
    assert.deepEqual(e.receiver.unverified, []);
    // after the grace period only the new secret signs
    const ep = (await t.gw.services.webhooks.get(e.id))!;
    await t.gw.services.webhooks.save({ ...ep, secrets: ep.secrets.map((s) => (s.expiresAt ? { ...s, expiresAt: new Date(Date.now() - 1000).toISOString() } : s)) });
    await log.append('conv_a', 'after the grace period');
    const later = await waitFor(async () => e.receiver.delivered()[1], 'a second delivery', 5000);
    assert.equal(later.signatures.length, 1);
    assert.deepEqual(later.verifiedWith, [r.json.secret]);
  });

  it('resends failed events by id and by since; they keep their id', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    e.receiver.answer(() => ({ status: 500 }));
    const evs = [await log.append('conv_a', 'one'), await log.append('conv_b', 'two'), await log.append('conv_c', 'three')];
    const failedIds = await waitFor(async () => {
      const r = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts?status=failed&limit=10`);
      return r.json.items.length === 3 ? (r.json.items as { eventId: string }[]).map((i) => i.eventId) : null;
    }, 'three failed', 10_000);
    assert.deepEqual(failedIds.sort(), evs.map((x) => x.id).sort());
    const limited = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts?status=failed&limit=2`);
    assert.equal(limited.json.items.length, 2);

    e.receiver.answer(() => ({ status: 200 }));
    const byId = await t.admin('POST', `/v1/workspaces/${ws}/webhooks/${e.id}/resend`, { eventIds: [evs[1]!.id, 'evt_unknown'] });
    assert.equal(byId.status, 202, byId.text);
    assert.deepEqual(byId.json, { queued: 1 });
    const first = await waitFor(async () => e.receiver.delivered()[0], 'the resent one');
    assert.equal(first.id, evs[1]!.id);
    assert.deepEqual(JSON.parse(first.raw), evs[1]);
    await waitFor(async () => {
      const r = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts?status=failed`);
      return r.json.items.length === 2;
    }, 'no longer failed');

    const since = await t.admin('POST', `/v1/workspaces/${ws}/webhooks/${e.id}/resend`, { since: evs[0]!.timestamp });
    assert.deepEqual([since.status, since.json], [202, { queued: 2 }]);
    await waitFor(async () => e.receiver.delivered().length === 3, 'all three delivered');
    assert.deepEqual(e.receiver.delivered().map((r) => r.id).sort(), evs.map((x) => x.id).sort());
    const delivered = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts?status=delivered`);
    assert.equal(delivered.json.items.length, 3);
    const bad = await t.admin('POST', `/v1/workspaces/${ws}/webhooks/${e.id}/resend`, { since: 'yesterday' });
    assert.equal(bad.status, 400);
  });

  it('a PATCH with enabled: true after a 410 starts delivering again', async () => {
    const { ws, log } = await newWorkspace(t);
    const e = await endpoint(ws);
    e.receiver.answer((_r, n) => (n === 1 ? { status: 410 } : { status: 200 }));
    await log.append('conv_a', 'one');
    const off = await waitFor(async () => {
      const r = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}`);
      return r.json.enabled === false ? r.json : null;
    }, 'disabled');
    assert.match(off.disabledReason, /410/);
    assert.equal((await t.admin('PATCH', `/v1/workspaces/${ws}/webhooks/${e.id}`, { enabled: true })).json.enabled, true);
    await new Promise((r) => setTimeout(r, 1100)); // the endpoint cache of the worker
    const ev = await log.append('conv_a', 'two');
    await waitFor(async () => e.receiver.delivered().some((r) => r.id === ev.id), 'delivered after re-enabling');
  });
});

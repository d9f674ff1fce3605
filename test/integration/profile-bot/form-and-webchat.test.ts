// The form link's life (GET never consumes, submit does, expiry, per-field errors, minors) and
// the hold scenario through the web chat channel with its stream.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openSse } from '../../helpers/sse.js';
import { startTestGateway } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace } from '../../helpers/world.js';
import { TEXT, cardOf, naverWorld, settings, stop, type NaverWorld } from './scenario-kit.js';

describe('Profile form link (PB-16, PB-17, PB-19)', function () {
  this.timeout(20_000);
  let w: NaverWorld;
  afterEach(async () => stop(w));

  it('GET renders the configured fields and does not consume; a second submit is 409', async () => {
    w = await naverWorld(settings({ onMissingProfile: 'hold' }));
    await w.connect();
    const card = cardOf(await w.until(2));
    const path = new URL(card.url).pathname;
    for (let i = 0; i < 3; i++) {
      const page = await w.t.request('GET', path);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.ok(page.text.indexOf('name="name"') < page.text.indexOf('name="phone"'), 'fields in the configured order');
      assert.ok(page.text.includes('>확인</button>'));
      assert.ok(page.text.includes('href="https://example.com/privacy"'));
    }
    assert.equal((await w.submit(card.url, { name: '김민수', phone: '010-9876-5432' })).status, 200);
    const again = await w.submit(card.url, { name: '김민수', phone: '010-9876-5432' });
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'form_already_used');
    assert.equal((await w.t.request('GET', path)).status, 409);
  });

  it('answers 400 with one entry per failing field and saves nothing', async () => {
    w = await naverWorld(settings({ onMissingProfile: 'hold' }));
    await w.connect();
    const card = cardOf(await w.until(2));
    const r = await w.submit(card.url, { name: '', phone: '02-123-4567' });
    assert.equal(r.status, 400);
    const paths = (r.json.error.details as { path: string }[]).map((d) => d.path).sort();
    assert.deepEqual(paths, ['name', 'phone']);
    const c = await w.conversation();
    const customer = (await w.t.admin('GET', `/v1/workspaces/${w.ws}/customers/${c.customerId}`)).json;
    assert.deepEqual(customer.profile, {});
    assert.equal((await w.submit(card.url, { name: '김민수', phone: '01098765432' })).status, 200, 'the link still works after a 400');
  });

  it('works without script: an urlencoded submit re-renders errors with the typed values, then saves', async () => {
    w = await naverWorld(settings({ onMissingProfile: 'hold' }));
    await w.connect();
    const path = new URL(cardOf(await w.until(2)).url).pathname;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const bad = await w.t.request('POST', path, { raw: 'name=%ED%99%8D%EA%B8%B8%EB%8F%99&phone=123', headers: form });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /text\/html/);
    assert.ok(bad.text.includes('value="홍길동"'), 'the typed name is kept');
    const ok = await w.t.request('POST', path, { raw: 'name=%ED%99%8D%EA%B8%B8%EB%8F%99&phone=01012345678', headers: form });
    assert.equal(ok.status, 200);
    assert.ok(ok.text.includes('프로필이 저장되었습니다.'));
    assert.deepEqual((await w.until(3))[2], { text: '프로필이 저장되었습니다.' });
  });

  it('refuses forged links with 404 and expired ones with 410', async () => {
    let clock = Date.now();
    w = await naverWorld(settings({ onMissingProfile: 'hold' }), { FORM_TOKEN_TTL_HOURS: '1' }, () => new Date(clock));
    await w.connect();
    const card = cardOf(await w.until(2));
    const path = new URL(card.url).pathname;
    assert.equal((await w.t.request('GET', `${path}x`)).status, 404);
    clock += 2 * 3600_000;
    assert.equal((await w.t.request('GET', path)).status, 410);
    assert.equal((await w.submit(card.url, { name: '김민수', phone: '01098765432' })).status, 410);
  });

  it('tells a TalkTalk customer under 14 that a guardian must consent, and records it', async () => {
    w = await naverWorld(settings({ onMissingProfile: 'hold' }));
    await w.t.request('POST', (await channelHook(w)), { body: { event: 'open', user: 'scenario-user-1', options: { inflow: 'none', under14: true, under19: true } } });
    await w.connect();
    const card = cardOf(await w.until(2));
    const page = await w.t.request('GET', new URL(card.url).pathname);
    assert.ok(page.text.includes('법정대리인'));
    assert.equal((await w.submit(card.url, { name: '김어린', phone: '01011112222' })).status, 200);
    const c = await w.conversation();
    const customer = (await w.t.admin('GET', `/v1/workspaces/${w.ws}/customers/${c.customerId}`)).json;
    assert.equal(customer.guardianConsentRequired, true);
    assert.equal(customer.flags.under14, true);
  });
});

async function channelHook(w: NaverWorld): Promise<string> {
  const ch = (await w.t.admin('GET', `/v1/workspaces/${w.ws}/channels`)).json.items[0];
  const raw = await w.t.gw.services.channels.get(ch.id);
  return `/webhooks/naver/${ch.id}?key=${raw!.webhookKey}`;
}

describe('Profile bot through web chat v2 (hold)', function () {
  this.timeout(20_000);

  it('streams MANUAL_GREETING and the card, PROFILE_REQUIRED, then PROFILE_SAVED and assigns', async () => {
    const t = await startTestGateway();
    try {
      const ws = await createWorkspace(t, settings({ onMissingProfile: 'hold' }));
      await createAgent(t, ws);
      const ch = await createChannel(t, ws, { type: 'webchat', name: 'web' });
      const token = (await t.request('POST', `/webhooks/webchat/${ch.id}`, { body: { type: 'hello' } })).json.visitorToken;
      const stream = await openSse(`${t.url}/webhooks/webchat/${ch.id}/stream?token=${token}`);
      const send = (body: Record<string, unknown>) => t.request('POST', `/webhooks/webchat/${ch.id}`, { body: { ...body, eventId: randomUUID() }, token });
      await send({ type: 'connect_request' });
      await waitFor(async () => stream.events.length >= 2, 'greeting and card');
      const [greeting, card] = stream.events.map((e) => JSON.parse(e.data));
      assert.deepEqual([greeting.from, greeting.kind, greeting.text], ['system', 'text', TEXT.MANUAL_GREETING]);
      assert.equal(card.kind, 'card');
      assert.equal(card.card.buttons[0].label, TEXT.BUTTON);
      await send({ type: 'message', text: '여보세요' });
      await waitFor(async () => stream.events.length >= 4, 'the echo and PROFILE_REQUIRED');
      const echo = JSON.parse(stream.events[2]!.data);
      assert.deepEqual([echo.from, echo.text], ['customer', '여보세요'], 'the visitor’s own message joins the stream first');
      assert.equal(JSON.parse(stream.events[3]!.data).text, TEXT.PROFILE_REQUIRED);
      const formPath = new URL(card.card.buttons[0].url).pathname;
      const submit = await t.request('POST', formPath, { body: { name: '이웹', phone: '010-2222-3333' } });
      assert.equal(submit.status, 200);
      await waitFor(async () => stream.events.length >= 6, 'the card marked done, then PROFILE_SAVED');
      // a named SSE event: a client listening only for `message` never sees it
      assert.equal(stream.events[4]!.event, 'card_state');
      const state = JSON.parse(stream.events[4]!.data);
      assert.deepEqual({ ...state, id: undefined }, { id: undefined, kind: 'card_state', buttonPath: formPath, state: 'done', label: '입력 완료' });
      assert.equal(stream.events[5]!.event, 'message');
      assert.equal(JSON.parse(stream.events[5]!.data).text, TEXT.PROFILE_SAVED);
      assert.ok(stream.events.slice(0, 4).every((e) => e.event === 'message'));
      await sleep(100);
      const assigned = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items;
      assert.equal(assigned.length, 1);
      stream.close();
    } finally {
      await t.stop();
    }
  });
});

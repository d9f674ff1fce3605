// The manual's scenarios (29-6 … 29-16), end to end through TalkTalk webhooks and through Kakao
// 상담톡 relay webhooks, asserting the exact texts the customer receives and the conversation
// status after each step.
import assert from 'node:assert/strict';
import { sleep } from '../../helpers/wait.js';
import { counselWorld } from './counsel-scenario-kit.js';
import { TEXT, cardOf, naverWorld, settings, stop, type NaverWorld } from './scenario-kit.js';

const PROFILE = { name: '홍길동', phone: '01012345678' };

const WORLDS = [
  { name: 'TalkTalk', start: naverWorld },
  { name: 'Kakao 상담톡', start: counselWorld },
];

for (const { name, start } of WORLDS) describe(`Profile bot scenarios (${name})`, function () {
  this.timeout(20_000);
  let w: NaverWorld;
  afterEach(async () => stop(w));

  it('PB-5 assign: the greeting with the card; assigned; chatting works without the form', async () => {
    w = await start(settings({ onMissingProfile: 'assign' }));
    await w.connect();
    const seen = await w.until(2);
    assert.deepEqual(seen[0], { text: TEXT.GREETING });
    assert.equal(cardOf(seen).card, TEXT.BUTTON);
    const c = await w.conversation();
    assert.equal(c.status, 'assigned');
    assert.equal(c.agentId, w.agent);
    assert.ok(c.botSentAt, 'PB-1: the moment the bot was sent is recorded');
    await w.say('폼 없이 질문합니다');
    await sleep(300);
    assert.equal(w.seen.length, 2, 'no PROFILE_REQUIRED once an agent has it');
  });

  it('PB-6…9 hold: MANUAL_GREETING with the card, PROFILE_REQUIRED on every message, assigned on submit without greeting', async () => {
    w = await start(settings({ onMissingProfile: 'hold' }));
    await w.connect();
    const first = await w.until(2);
    assert.deepEqual(first[0], { text: TEXT.MANUAL_GREETING });
    const card = cardOf(first);
    assert.equal((await w.conversation()).status, 'waiting');
    await w.say('안녕하세요');
    await w.say('빨리요');
    const after = await w.until(4);
    assert.deepEqual(after.slice(2), [{ text: TEXT.PROFILE_REQUIRED }, { text: TEXT.PROFILE_REQUIRED }]);
    const r = await w.submit(card.url, PROFILE);
    assert.equal(r.status, 200);
    const saved = await w.until(5);
    assert.deepEqual(saved[4], { text: TEXT.PROFILE_SAVED });
    const c = await w.conversation();
    assert.equal(c.status, 'assigned');
    await sleep(300);
    assert.ok(!w.seen.some((s) => 'text' in s && s.text === TEXT.GREETING), 'PB-7: never the workspace greeting');
    const customer = (await w.t.admin('GET', `/v1/workspaces/${w.ws}/customers/${c.customerId}`)).json;
    assert.deepEqual(customer.profile, { name: '홍길동', phone: '010-1234-5678' });
    // the whole scenario's logs carry no personal data and no secrets
    const channel = (await w.t.admin('GET', `/v1/workspaces/${w.ws}/channels`)).json.items[0];
    const secrets = await w.t.gw.services.channels.get(channel.id);
    const logs = w.t.logs.join('');
    for (const needle of ['홍길동', '010-1234-5678', '01012345678', secrets!.webhookKey, w.secret, new URL(card.url).pathname.split('/').pop()!]) {
      assert.ok(!logs.includes(needle), `logs contain ${needle}`);
    }
  });

  it('PB-10 backlog manual: submit keeps it waiting; a manager assigns and the greeting is sent', async () => {
    w = await start(settings({ onMissingProfile: 'hold', backlog: 'manual' }));
    await w.connect();
    const card = cardOf(await w.until(2));
    assert.equal((await w.submit(card.url, PROFILE)).status, 200);
    await w.until(3);
    await sleep(200);
    let c = await w.conversation();
    assert.equal(c.status, 'waiting');
    const assigned = await w.t.admin('POST', `/v1/workspaces/${w.ws}/conversations/${c.id}/assign`, { agentId: w.agent });
    assert.equal(assigned.status, 200);
    const seen = await w.until(4);
    assert.deepEqual(seen[3], { text: TEXT.GREETING });
    c = await w.conversation();
    assert.equal(c.status, 'assigned');
  });

  it('PB-11 distribution manual behaves as hold', async () => {
    w = await start(settings({ onMissingProfile: 'assign', mode: 'manual' }));
    await w.connect();
    const seen = await w.until(2);
    assert.deepEqual(seen[0], { text: TEXT.MANUAL_GREETING });
    assert.equal(cardOf(seen).card, TEXT.BUTTON);
    assert.equal((await w.conversation()).status, 'waiting');
    await w.say('문의');
    assert.deepEqual((await w.until(3))[2], { text: TEXT.PROFILE_REQUIRED });
  });

  it('PB-12 off-hours rejected: closed at once, no card', async () => {
    w = await start(settings({ open: false, acceptOffHours: false }));
    await w.connect();
    const seen = await w.until(1);
    assert.deepEqual(seen, [{ text: TEXT.OFF_HOURS }]);
    await sleep(300);
    assert.equal(w.seen.length, 1, 'no card');
    const c = await w.conversation();
    assert.equal(c.status, 'closed');
    assert.equal(c.closeReason, 'off_hours');
  });

  it('PB-13/14 off-hours accepted: waiting with the card, PROFILE_REQUIRED even in assign mode, the off-hours message after saving', async () => {
    w = await start(settings({ open: false, acceptOffHours: true, onMissingProfile: 'assign' }));
    await w.connect();
    const first = await w.until(2);
    const card = cardOf(first);
    assert.equal((await w.conversation()).status, 'waiting');
    await w.say('지금 되나요?');
    assert.deepEqual((await w.until(3))[2], { text: TEXT.PROFILE_REQUIRED });
    assert.equal((await w.submit(card.url, PROFILE)).status, 200);
    const seen = await w.until(5);
    assert.deepEqual(seen.slice(3), [{ text: TEXT.PROFILE_SAVED }, { text: TEXT.OFF_HOURS }]);
    assert.equal((await w.conversation()).status, 'waiting');
  });

  it('PB-4 a conversation finishes under the settings version it started with, the form too', async () => {
    w = await start(settings({ onMissingProfile: 'hold' }));
    await w.connect();
    const card = cardOf(await w.until(2));
    const changed = settings({ onMissingProfile: 'assign' }) as { profileBot: { fields: string[] } };
    changed.profileBot.fields = ['email'];
    assert.equal((await w.t.admin('PUT', `/v1/workspaces/${w.ws}/settings`, changed)).status, 200);
    await w.say('아직 기다리나요?');
    assert.deepEqual((await w.until(3))[2], { text: TEXT.PROFILE_REQUIRED }, 'still held under the old version');
    const page = await w.t.request('GET', new URL(card.url).pathname);
    assert.ok(page.text.includes('name="phone"') && !page.text.includes('name="email"'), 'the form of the old version');
    assert.equal((await w.conversation()).settingsVersion, 2);
  });

  it('PB-2 a known customer is not sent the bot', async () => {
    w = await start(settings({ onMissingProfile: 'hold' }));
    await w.connect();
    const card = cardOf(await w.until(2));
    await w.submit(card.url, PROFILE);
    await w.until(3);
    const c = await w.conversation();
    await w.t.admin('POST', `/v1/workspaces/${w.ws}/conversations/${c.id}/close`);
    await w.connect();
    await sleep(500);
    assert.equal(w.seen.filter((s) => 'card' in s).length, 1, 'no second card');
  });
});

// Inbound events that fail five times are set aside; on call lists them (without the customer's
// words) and replays them: once, even when two operators race, oldest first at the head of the
// customer's mailbox.
import assert from 'node:assert/strict';
import nock from 'nock';
import { RedisInboundDeadLetters } from '../../../src/infra/inbound/inbound-dead-letters.redis.js';
import type { RecordedEvent } from '../../../src/infra/inbound/inbox.redis.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { FAST_SENDS, naverConversation, sendBody, type NaverConversation } from './ops-world.js';

/** the engine fails every event whose text is in `failing` (an engine fault, as a bug would be) */
function failTexts(t: TestGateway, failing: Set<string>): void {
  const handle = t.gw.services.handle.bind(t.gw.services);
  t.gw.services.handle = async (rec: RecordedEvent) => {
    if (rec.event.kind === 'message.text' && failing.has(rec.event.text)) throw Object.assign(new Error('engine down'), { code: 'engine_down' });
    return handle(rec);
  };
}

async function customerTexts(t: TestGateway, c: NaverConversation): Promise<string[]> {
  const conv = (await t.admin('GET', `/v1/workspaces/${c.ws}/conversations/${c.conversationId}`)).json;
  return (conv.messages as { direction: string; kind: string; text?: string }[]).filter((m) => m.direction === 'in' && m.kind === 'text').map((m) => m.text ?? '');
}

describe('Inbound dead letters', function () {
  this.timeout(60_000);
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('lists an event that failed five times, dry-runs, and replays it once, after what was processed meanwhile', async () => {
    t = await startTestGateway(FAST_SENDS);
    const c = await naverConversation(t);
    const customerId = (await t.admin('GET', `/v1/workspaces/${c.ws}/conversations/${c.conversationId}`)).json.customerId as string;
    const failing = new Set(['주문번호 1234 확인 부탁드립니다']);
    failTexts(t, failing);
    for (const text of ['주문번호 1234 확인 부탁드립니다', '감사합니다']) assert.equal((await t.request('POST', c.hook, { body: sendBody(c.user, text) })).status, 200);

    // five attempts (drain retries back off 0.5, 1, 2, 4 s), then the mailbox moves on
    const listed = await waitFor(async () => {
      const r = await t.admin('GET', '/v1/ops/inbound-dead-letters');
      return r.json.items?.length === 1 ? r : null;
    }, 'an inbound dead letter', 30_000);
    await waitFor(async () => (await customerTexts(t, c)).includes('감사합니다'), 'the later event processed');
    assert.equal(listed.status, 200);
    assert.ok(!listed.text.includes('주문번호'), 'no customer text in the listing');
    const [item] = listed.json.items;
    assert.deepEqual(
      { ...item, receivedAt: undefined, failedAt: undefined },
      {
        id: item.eventId, eventId: item.eventId, workspaceId: c.ws, channelId: c.channelId, channelType: 'naver', customerId,
        target: { channelUserId: 'al-********FQ' }, event: { kind: 'message.text' }, attempts: 5,
        lastError: { code: 'engine_down', message: 'engine down' }, receivedAt: undefined, failedAt: undefined,
      },
    );
    assert.ok(Date.parse(item.receivedAt) <= Date.parse(item.failedAt));
    assert.equal((await t.admin('GET', `/v1/ops/inbound-dead-letters?customerId=${customerId}&channelId=${c.channelId}&code=engine_down`)).json.items.length, 1);
    assert.deepEqual((await t.admin('GET', '/v1/ops/inbound-dead-letters?code=other')).json, { items: [] });
    assert.equal((await t.admin('GET', '/v1/ops/queues')).json.inboundSetAside, 1);
    assert.match((await t.request('GET', '/metrics')).text, /^talkgate_inbound_dead_letters 1$/m);

    const dry = await t.admin('POST', '/v1/ops/inbound-dead-letters/replay', { all: true, dryRun: true });
    assert.equal(dry.status, 200, dry.text);
    assert.deepEqual(dry.json, { replayed: 1, skipped: 0, ids: [item.id], skippedItems: [], dryRun: true });
    assert.equal((await t.admin('GET', '/v1/ops/inbound-dead-letters')).json.items.length, 1, 'a dry run changes nothing');

    failing.clear(); // the fault is fixed
    const [a, b] = await Promise.all([
      t.admin('POST', '/v1/ops/inbound-dead-letters/replay', { ids: [item.id] }),
      t.admin('POST', '/v1/ops/inbound-dead-letters/replay', { ids: [item.id] }),
    ]);
    assert.equal(a.json.replayed + b.json.replayed, 1, `${a.text} ${b.text}`);
    assert.equal(a.json.skipped + b.json.skipped, 1);
    await waitFor(async () => (await customerTexts(t, c)).includes('주문번호 1234 확인 부탁드립니다'), 'the replayed event processed');
    await sleep(500); // room for a second processing to show up
    // after what was processed while it was set aside, once
    assert.deepEqual((await customerTexts(t, c)).slice(-2), ['감사합니다', '주문번호 1234 확인 부탁드립니다']);
    assert.deepEqual((await t.admin('GET', '/v1/ops/inbound-dead-letters')).json, { items: [] });
    assert.match((await t.request('GET', '/metrics')).text, /^talkgate_inbound_dead_letters 0$/m);

    const again = await t.admin('POST', '/v1/ops/inbound-dead-letters/replay', { ids: [item.id] });
    assert.deepEqual(again.json, { replayed: 0, skipped: 1, ids: [], skippedItems: [{ id: item.id, reason: 'not_dead_letter' }], dryRun: false });
  });

  it('replays several events of one customer by filter, oldest first', async () => {
    t = await startTestGateway(FAST_SENDS);
    const c = await naverConversation(t);
    const store = new RedisInboundDeadLetters(t.gw.redis, t.gw.keys);
    const texts = ['첫째', '둘째', '셋째'];
    const at = Date.now() - 60_000;
    for (const [i, text] of texts.entries()) {
      const rec: RecordedEvent = {
        eventId: `evt_order_${i}`, workspaceId: c.ws, channelType: 'naver', receivedAt: new Date(at + i).toISOString(),
        event: { kind: 'message.text', channelId: c.channelId, channelUserId: c.user, occurredAt: new Date(at + i).toISOString(), text, raw: {} },
      };
      await store.setAside(JSON.stringify(rec), rec, 5, { code: 'engine_down', message: 'engine down' }, new Date(at + 1000 * i));
    }
    const r = await t.admin('POST', '/v1/ops/inbound-dead-letters/replay', { channelId: c.channelId });
    assert.deepEqual(r.json, { replayed: 3, skipped: 0, ids: ['evt_order_0', 'evt_order_1', 'evt_order_2'], skippedItems: [], dryRun: false });
    await waitFor(async () => (await customerTexts(t, c)).length === 3, 'the three replayed events');
    assert.deepEqual(await customerTexts(t, c), texts);
  });

  it('adopts events an older gateway set aside on its bare list', async () => {
    t = await startTestGateway();
    const rec = { eventId: 'evt_legacy', workspaceId: 'ws_1', channelType: 'naver', receivedAt: '2026-05-01T00:00:00.000Z',
      event: { kind: 'customer.blocked', channelId: 'ch_1', channelUserId: 'user-legacy-1', occurredAt: '2026-05-01T00:00:00.000Z', raw: {} } };
    await t.gw.redis.rpush(`${t.prefix}:inbound-dead`, JSON.stringify(rec));
    const r = await t.admin('GET', '/v1/ops/inbound-dead-letters');
    assert.deepEqual(r.json.items.map((i: { id: string; lastError: { code: string }; failedAt: string }) => [i.id, i.lastError.code, i.failedAt]), [['evt_legacy', 'unknown', rec.receivedAt]]);
    assert.equal(await t.gw.redis.llen(`${t.prefix}:inbound-dead`), 0);
    assert.equal((await t.admin('GET', '/v1/ops/queues')).json.inboundSetAside, 1);
  });

  it('refuses a replay that does not say what to replay', async () => {
    t = await startTestGateway();
    for (const body of [{}, { dryRun: true }, { ids: ['evt_1'], all: true }, { ids: ['evt_1'], channelId: 'ch_1' }, { all: false }]) {
      const r = await t.admin('POST', '/v1/ops/inbound-dead-letters/replay', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error.code, 'validation_failed');
    }
    assert.equal((await t.admin('GET', '/v1/ops/inbound-dead-letters?limit=0')).status, 400);
    assert.equal((await t.request('GET', '/v1/ops/inbound-dead-letters')).status, 401);
  });
});

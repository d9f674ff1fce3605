import assert from 'node:assert/strict';
import nock from 'nock';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { NAVER_BASE } from '../../helpers/world.js';
import { ACCEPTED, FAST_SENDS, NAVER_KEY, failOne, messageStatus, naverConversation, naverReplies, sendBody } from './ops-world.js';

describe('Dead letters and replay', () => {
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('lists a refused send with its code and attempts, and a replay re-sends it for real', async () => {
    t = await startTestGateway(FAST_SENDS);
    const c = await naverConversation(t);
    const id = await failOne(t, c, '주문하신 상품이 출고되었습니다.');

    const list = await t.admin('GET', '/v1/ops/dead-letters');
    assert.equal(list.status, 200);
    assert.equal(list.json.next, undefined);
    const [item, ...rest] = list.json.items;
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { ...item, failedAt: undefined },
      {
        id,
        messageId: id,
        conversationId: c.conversationId,
        channelId: c.channelId,
        channelType: 'naver',
        seq: item.seq,
        status: 'failed',
        target: { channelUserId: 'al-********FQ' },
        message: { kind: 'text', from: 'agent', text: '주문하신 상품이 출고되었습니다.' },
        attempts: 1,
        lastError: { code: '01', message: item.lastError.message },
        failedAt: undefined,
      },
    );
    assert.match(item.lastError.message, /resultCode 01/);
    assert.ok(Date.now() - Date.parse(item.failedAt) < 10_000);

    const scope = naverReplies(c.user, '주문하신 상품이 출고되었습니다.', ACCEPTED);
    const r = await t.admin('POST', '/v1/ops/dead-letters/replay', { ids: [id] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { replayed: 1, skipped: 0, ids: [id], skippedItems: [], dryRun: false });
    await waitFor(async () => (await messageStatus(t, c, id)).status === 'sent', 'replayed message sent');
    scope.done();
    const m = await messageStatus(t, c, id);
    assert.equal(m.attempts, 1, 'attempts start again from zero');
    assert.equal(m.error, undefined);
    assert.deepEqual((await t.admin('GET', '/v1/ops/dead-letters')).json, { items: [] });
    assert.equal(await t.gw.services.queues.outbound.getJobState(id), 'completed');
  });

  it('sends only once when two operators replay the same message at the same time', async () => {
    t = await startTestGateway(FAST_SENDS);
    const c = await naverConversation(t);
    const id = await failOne(t, c, '한 번만 보내야 합니다.');
    const first = naverReplies(c.user, '한 번만 보내야 합니다.', ACCEPTED);
    const second = naverReplies(c.user, '한 번만 보내야 합니다.', ACCEPTED);

    const [a, b] = await Promise.all([
      t.admin('POST', '/v1/ops/dead-letters/replay', { ids: [id] }),
      t.admin('POST', '/v1/ops/dead-letters/replay', { ids: [id] }),
    ]);
    assert.equal(a.json.replayed + b.json.replayed, 1, `${a.text} ${b.text}`);
    assert.equal(a.json.skipped + b.json.skipped, 1);
    const loser = a.json.skipped ? a.json : b.json;
    assert.equal(loser.skippedItems[0].id, id);
    await waitFor(async () => (await messageStatus(t, c, id)).status === 'sent', 'sent');
    await sleep(300);
    first.done();
    assert.equal(second.isDone(), false, 'the platform got the message a second time');
  });

  it('keeps the order of a conversation’s messages when replaying them', async () => {
    t = await startTestGateway(FAST_SENDS);
    const c = await naverConversation(t);
    const one = await failOne(t, c, '첫 번째');
    const two = await failOne(t, c, '두 번째');
    const three = await failOne(t, c, '세 번째');
    // the first delivery is slow: without the chain the later ones would overtake it
    const seen: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const scope = nock(NAVER_BASE)
      .matchHeader('authorization', NAVER_KEY)
      .post('/chatbot/v1/event')
      .times(3)
      // nock 15 hands a reply function the fetch Request
      .reply(200, async (req: Request) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        const text = ((await req.json()) as { textContent: { text: string } }).textContent.text;
        await sleep(text === '첫 번째' ? 150 : 10);
        seen.push(text);
        inFlight--;
        return ACCEPTED;
      });
    const r = await t.admin('POST', '/v1/ops/dead-letters/replay', { ids: [three, one, two] });
    assert.deepEqual(r.json.ids, [one, two, three], r.text);
    await waitFor(async () => (await messageStatus(t, c, three)).status === 'sent', 'last one sent');
    scope.done();
    assert.deepEqual(seen, ['첫 번째', '두 번째', '세 번째']);
    assert.equal(maxInFlight, 1);
  });

  it('a dry run says what would be replayed and changes nothing', async () => {
    t = await startTestGateway(FAST_SENDS);
    const c = await naverConversation(t);
    const id = await failOne(t, c, '미리보기');
    const untouched = nock(NAVER_BASE).post('/chatbot/v1/event').reply(200, ACCEPTED);

    const r = await t.admin('POST', '/v1/ops/dead-letters/replay', { ids: [id, 'msg_unknown'], dryRun: true });
    assert.deepEqual(r.json, { replayed: 1, skipped: 1, ids: [id], skippedItems: [{ id: 'msg_unknown', reason: 'not_dead_letter' }], dryRun: true });
    const byFilter = await t.admin('POST', '/v1/ops/dead-letters/replay', { channelId: c.channelId, dryRun: true });
    assert.deepEqual(byFilter.json.ids, [id]);
    await sleep(200);
    assert.equal(untouched.isDone(), false);
    assert.equal((await messageStatus(t, c, id)).status, 'failed');
    assert.equal(await t.gw.services.queues.outbound.getJobState(id), 'failed');
    assert.deepEqual((await t.admin('GET', '/v1/ops/dead-letters')).json.items.map((i: { id: string }) => i.id), [id]);
  });

  it('filters by channel, conversation, code and time, pages newest first, and replays by filter', async () => {
    t = await startTestGateway(FAST_SENDS);
    const a = await naverConversation(t, 'user-aaaaaaaa-1');
    const b = await naverConversation(t, 'user-bbbbbbbb-2', a.ws);
    const a1 = await failOne(t, a, 'A 하나');
    const b1 = await failOne(t, b, 'B 하나');
    // an HTTP 401 from TalkTalk is stored as http_401
    const unauthorized = nock(NAVER_BASE).post('/chatbot/v1/event', sendBody(a.user, 'A 둘')).reply(401, 'no');
    const a2 = await a.say('A 둘');
    await waitFor(async () => (await t.gw.services.queues.outbound.getJobState(a2)) === 'failed', 'a2 failed');
    unauthorized.done();

    const ids = async (q: string): Promise<string[]> => {
      const r = await t.admin('GET', `/v1/ops/dead-letters${q}`);
      assert.equal(r.status, 200, r.text);
      return r.json.items.map((i: { id: string }) => i.id);
    };
    assert.deepEqual(await ids(''), [a2, b1, a1]);
    assert.deepEqual(await ids(`?channelId=${a.channelId}`), [a2, a1]);
    assert.deepEqual(await ids(`?conversationId=${b.conversationId}`), [b1]);
    assert.deepEqual(await ids('?code=01'), [b1, a1]);
    assert.deepEqual(await ids('?code=http_401'), [a2]);
    assert.deepEqual(await ids(`?since=${new Date(Date.now() + 60_000).toISOString()}`), []);
    assert.deepEqual(await ids(`?since=${new Date(Date.now() - 60_000).toISOString()}&channelId=${b.channelId}`), [b1]);

    const p1 = await t.admin('GET', '/v1/ops/dead-letters?limit=2');
    assert.deepEqual(p1.json.items.map((i: { id: string }) => i.id), [a2, b1]);
    assert.ok(p1.json.next);
    const p2 = await t.admin('GET', `/v1/ops/dead-letters?limit=2&cursor=${p1.json.next}`);
    assert.deepEqual(p2.json.items.map((i: { id: string }) => i.id), [a1]);
    assert.equal(p2.json.next, undefined);

    const bad = await t.admin('GET', '/v1/ops/dead-letters?limit=0&since=yesterday');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.error.details.map((d: { path: string }) => d.path).sort(), ['/limit', '/since']);
    assert.equal((await t.admin('GET', '/v1/ops/dead-letters?cursor=bm9wZQ')).status, 400);

    const scope = nock(NAVER_BASE).post('/chatbot/v1/event', sendBody(b.user, 'B 하나')).reply(200, ACCEPTED);
    const r = await t.admin('POST', '/v1/ops/dead-letters/replay', { channelId: b.channelId, code: '01' });
    assert.deepEqual(r.json.ids, [b1]);
    await waitFor(async () => (await messageStatus(t, b, b1)).status === 'sent', 'b1 sent');
    scope.done();
    assert.deepEqual(await ids(''), [a2, a1]);
  });

  it('refuses a replay body that says nothing or both', async () => {
    t = await startTestGateway(FAST_SENDS);
    const none = await t.admin('POST', '/v1/ops/dead-letters/replay', {});
    assert.equal(none.status, 400);
    assert.equal(none.json.error.details[0].path, '/ids');
    const both = await t.admin('POST', '/v1/ops/dead-letters/replay', { ids: ['x'], channelId: 'ch' });
    assert.equal(both.status, 400);
    const extra = await t.admin('POST', '/v1/ops/dead-letters/replay', { ids: ['x'], force: true });
    assert.equal(extra.status, 400);
    assert.equal(extra.json.error.details[0].path, '/force');
  });

  it('answers 401 without the admin token', async () => {
    t = await startTestGateway();
    for (const [method, path] of [['GET', '/v1/ops/queues'], ['GET', '/v1/ops/dead-letters'], ['POST', '/v1/ops/dead-letters/replay']] as const) {
      const body = method === 'POST' ? { body: { ids: ['x'] } } : {};
      const r = await t.request(method, path, body);
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(r.json.error.code, 'missing_token');
      assert.equal((await t.request(method, path, { ...body, token: 'wrong-token' })).status, 401);
    }
  });
});

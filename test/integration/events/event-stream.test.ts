// The event stream and the pull API: resume across a reconnect with nothing missed or doubled
// while events keep coming, reset on a cursor older than what is kept, query errors, paging,
// delivery failures as events, and a stream held by one process seeing another's writes.
import assert from 'node:assert/strict';
import nock from 'nock';
import { connectRedis, dropPrefix, randomPrefix } from '../../helpers/redis-harness.js';
import { openSse, type SseClient } from '../../helpers/sse.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { NAVER_BASE } from '../../helpers/world.js';
import { ACCEPTED, FAST_SENDS, failOne, naverConversation, naverReplies } from '../ops/ops-world.js';
import { assertLogInvariants, pullAll, type Item } from './event-kit.js';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const streamUrl = (t: TestGateway, ws: string, q = ''): string => `${t.url}/v1/workspaces/${ws}/events/stream${q}`;

function acceptAllSends(): void {
  nock(NAVER_BASE).persist().post('/chatbot/v1/event').reply(200, ACCEPTED);
}

/** resolves when the stream's body ends (the server closed it) */
async function streamEnds(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, { headers });
  return res.text();
}

describe('Events: stream and pull', function () {
  this.timeout(30_000);
  const gateways: TestGateway[] = [];
  const streams: SseClient[] = [];
  afterEach(async () => {
    streams.splice(0).forEach((s) => s.close());
    nock.cleanAll();
    const all = gateways.splice(0);
    for (const g of all) await g.gw.stop();
    if (all[0]) await dropPrefix(all[0].redisUrl, all[0].prefix);
  });

  it('resumes with Last-Event-ID or ?after= across a reconnect during a burst: no gap, no double', async () => {
    const t = await startTestGateway(FAST_SENDS);
    gateways.push(t);
    acceptAllSends();
    const c = await naverConversation(t);
    const first = await openSse(streamUrl(t, c.ws), auth);
    streams.push(first);
    let sending = true;
    const burst = (async () => {
      for (let i = 0; i < 40; i++) await c.say(`버스트 ${i}`);
      sending = false;
    })();
    await waitFor(async () => first.events.length >= 10 || null, 'some live events');
    first.close();
    await sleep(20);
    const cut = first.events.at(-1)!.id!;
    // reconnect while the burst goes on: one by header, one by query
    const byHeader = await openSse(streamUrl(t, c.ws), { ...auth, 'last-event-id': cut });
    const byQuery = await openSse(streamUrl(t, c.ws, `?after=${cut}`), auth);
    streams.push(byHeader, byQuery);
    assert.ok(sending, 'the reconnect happened mid-burst');
    await burst;
    const all = await waitFor(async () => {
      const items = await pullAll(t.admin, c.ws);
      return items.filter((i) => i.event.type === 'message.delivered').length >= 40 ? items : null;
    }, 'every send delivered');
    await sleep(200);
    assertLogInvariants(all);
    const cursors = all.map((i) => i.cursor);
    const at = cursors.indexOf(cut);
    assert.ok(at >= 0);
    // the first connection saw exactly the events written after it opened, up to the cut
    assert.deepEqual(first.events.map((e) => e.id), cursors.slice(cursors.indexOf(first.events[0]!.id!), at + 1));
    await waitFor(async () => byHeader.events.length >= all.length - at - 1 && byQuery.events.length >= all.length - at - 1, 'the resumed streams to catch up');
    for (const s of [byHeader, byQuery]) {
      assert.deepEqual(s.events.map((e) => e.id), cursors.slice(at + 1), 'every event after the cut, once, in order');
      assert.deepEqual(s.events.map((e) => e.event), all.slice(at + 1).map((i) => i.event.type));
    }
  });

  it('filters by types on the stream and the pull API, pages with next, and refuses bad queries', async () => {
    const t = await startTestGateway(FAST_SENDS);
    gateways.push(t);
    acceptAllSends();
    const c = await naverConversation(t);
    const onlyDelivered = await openSse(streamUrl(t, c.ws, '?types=message.delivered'), auth);
    streams.push(onlyDelivered);
    for (let i = 0; i < 5; i++) await c.say(`메시지 ${i}`);
    await waitFor(async () => onlyDelivered.events.length === 5 || null, 'five deliveries on the filtered stream');
    assert.ok(onlyDelivered.events.every((e) => e.event === 'message.delivered'));

    const all = await pullAll(t.admin, c.ws);
    const created = await pullAll(t.admin, c.ws, 'types=message.created,conversation.created');
    assert.deepEqual(created, all.filter((i) => ['message.created', 'conversation.created'].includes(i.event.type)));
    // pages of 3 walk the same list, `next` only while more follow
    const paged: Item[] = [];
    let after = '';
    for (let n = 0; ; n++) {
      const r = await t.admin('GET', `/v1/workspaces/${c.ws}/events?limit=3${after}`);
      assert.equal(r.status, 200);
      paged.push(...r.json.items);
      if (!r.json.next) break;
      assert.equal(r.json.items.length, 3);
      after = `&after=${r.json.next}`;
      assert.ok(n < 50);
    }
    assert.deepEqual(paged, all);
    const end = await t.admin('GET', `/v1/workspaces/${c.ws}/events?after=${all.at(-1)!.cursor}`);
    assert.deepEqual(end.json, { items: [] });

    const bad = async (q: string, headers: Record<string, string> = {}): Promise<any> => {
      const r = await t.request('GET', `/v1/workspaces/${c.ws}/events/stream${q}`, { token: ADMIN_TOKEN, headers });
      assert.equal(r.status, 400, `${q}: ${r.text}`);
      return r.json.error;
    };
    const types = await bad('?types=message.created,message.nope');
    assert.equal(types.code, 'invalid_event_query');
    assert.deepEqual(types.details.map((d: any) => d.path), ['query/types']);
    assert.deepEqual((await bad('?after=yesterday')).details.map((d: any) => d.path), ['query/after']);
    assert.deepEqual((await bad('?after=99999999999999999999-0')).details.map((d: any) => d.path), ['query/after'], 'beyond a stream id');
    assert.deepEqual((await bad('', { 'last-event-id': '12;drop' })).details.map((d: any) => d.path), ['headers/last-event-id']);
    for (const limit of ['0', '1001', 'x']) {
      const r = await t.admin('GET', `/v1/workspaces/${c.ws}/events?limit=${limit}`);
      assert.equal(r.status, 400, limit);
    }
    assert.equal((await t.admin('GET', `/v1/workspaces/ws_nope/events`)).status, 404);
    assert.equal((await t.request('GET', `/v1/workspaces/${c.ws}/events`)).status, 401);
  });

  it('a cursor older than what is kept: one `event: reset` and the end; the pull API answers 410', async () => {
    const t = await startTestGateway(FAST_SENDS);
    gateways.push(t);
    acceptAllSends();
    const c = await naverConversation(t);
    for (let i = 0; i < 3; i++) await c.say(`오래된 ${i}`);
    const all = await waitFor(async () => {
      const items = await pullAll(t.admin, c.ws);
      return items.filter((i) => i.event.type === 'message.delivered').length === 3 ? items : null;
    }, 'three deliveries');
    // what EVENT_RETENTION_DAYS does over days, done now: drop the entries before the third
    const redis = connectRedis(t.redisUrl);
    await redis.xtrim(t.gw.keys.events(c.ws), 'MINID', all[2]!.cursor);
    await redis.quit();

    const body = await streamEnds(streamUrl(t, c.ws), { ...auth, 'last-event-id': all[0]!.cursor });
    assert.match(body, /event: reset\ndata: \{"reason":"cursor_expired"\}\n\n$/);
    assert.equal(body.match(/^event:/gm)?.length, 1, 'nothing but the reset');
    const pulled = await t.admin('GET', `/v1/workspaces/${c.ws}/events?after=${all[0]!.cursor}`);
    assert.equal(pulled.status, 410);
    assert.equal(pulled.json.error.code, 'event_cursor_expired');
    // the first kept entry's cursor still has everything after it
    const resumed = await t.admin('GET', `/v1/workspaces/${c.ws}/events?after=${all[2]!.cursor}`);
    assert.deepEqual(resumed.json.items, all.slice(3));
  });

  it('a send refused for good is message.failed; its replay that gets through is message.delivered', async () => {
    const t = await startTestGateway(FAST_SENDS);
    gateways.push(t);
    const c = await naverConversation(t);
    const id = await failOne(t, c, '실패할 메시지');
    const scope = naverReplies(c.user, '실패할 메시지', ACCEPTED);
    assert.equal((await t.admin('POST', '/v1/ops/dead-letters/replay', { ids: [id] })).status, 200);
    const items = await waitFor(async () => {
      const all = await pullAll(t.admin, c.ws);
      return all.some((i) => i.event.type === 'message.delivered' && i.event.data['messageId'] === id) ? all : null;
    }, 'the replay delivered');
    scope.done();
    const about = items.filter((i) => i.event.data['messageId'] === id).map((i) => i.event);
    assert.deepEqual(about.map((e) => e.type), ['message.created', 'message.failed', 'message.delivered']);
    assert.deepEqual(about[1]!.data, { messageId: id, error: { code: '01', message: about[1]!.data['error'].message }, attempts: 1 });
    assert.equal(about[1]!.conversationId, c.conversationId);
    assertLogInvariants(items);
  });

  it('a stream held by an HTTP-only process sees events written by a worker-only process', async () => {
    const prefix = randomPrefix();
    const api = await startTestGateway({ ...FAST_SENDS, ROLE: 'http', SSE_HEARTBEAT_MS: '100' }, undefined, prefix);
    const worker = await startTestGateway({ ...FAST_SENDS, ROLE: 'worker' }, undefined, prefix);
    gateways.push(api, worker);
    acceptAllSends();
    const ws = (await api.admin('POST', '/v1/workspaces', { name: 'two' })).json.id as string;
    const stream = await openSse(streamUrl(api, ws), auth);
    streams.push(stream);
    const c = await naverConversation(api, 'two-process-user', ws);
    await c.say('다른 프로세스');
    await waitFor(async () => stream.events.some((e) => e.event === 'message.delivered') || null, 'the worker’s delivery on the api’s stream');
    const types = stream.events.map((e) => e.event);
    assert.equal(types[0], 'conversation.created');
    assert.ok(types.includes('conversation.assigned'));
    assert.ok(stream.comments.includes('heartbeat'), 'heartbeat comments keep the stream open');
    assert.deepEqual(stream.events.map((e) => e.id), (await pullAll(api.admin, ws)).map((i) => i.cursor).slice(0, stream.events.length));
  });
});

// The web chat stream as a process holds thousands of them (served before express, one pub/sub
// channel per web chat channel): what the visitor, the operator and Redis see stays the same.
import assert from 'node:assert/strict';
import { pubsubSubscribers } from '../../helpers/redis-harness.js';
import { openSse } from '../../helpers/sse.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { createChannel, createWorkspace } from '../../helpers/world.js';

const STREAM_ROUTE = '/webhooks/webchat/:channelId/stream';

describe('Web chat streams held by one process', () => {
  let t: TestGateway;
  afterEach(async () => {
    await t.stop();
  });

  async function visitors(n: number) {
    const ws = await createWorkspace(t);
    const ch = await createChannel(t, ws, { type: 'webchat', name: '웹채팅' });
    const out: Array<{ visitorId: string; token: string }> = [];
    for (let i = 0; i < n; i++) {
      const hello = await t.request('POST', `/webhooks/webchat/${ch.id}`, { body: { type: 'hello' } });
      assert.equal(hello.status, 201);
      out.push({ visitorId: hello.json.visitorId as string, token: hello.json.visitorToken as string });
    }
    return { ch, visitors: out };
  }

  const agentText = (text: string) => ({ id: `m-${text}`, from: 'agent' as const, kind: 'text' as const, text });
  const metrics = async () => (await t.request('GET', '/metrics')).text;

  it('answers with the caller’s request id, counts the open stream, and logs and measures it once when it ends', async () => {
    t = await startTestGateway();
    const { ch, visitors: [v] } = await visitors(1);
    const ctrl = new AbortController();
    const res = await fetch(`${t.url}/webhooks/webchat/${ch.id}/stream?token=${v!.token}`, { headers: { 'x-request-id': 'stream-req-0001' }, signal: ctrl.signal });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'stream-req-0001');
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-cache, no-transform');
    await waitFor(async () => /^talkgate_sse_connections 1$/m.test(await metrics()), 'one stream counted');

    ctrl.abort();
    await waitFor(async () => /^talkgate_sse_connections 0$/m.test(await metrics()), 'the stream left');
    const m = await metrics();
    assert.match(m, new RegExp(`^talkgate_http_requests_total\\{method="GET",route="${STREAM_ROUTE}",status="200"\\} 1$`, 'm'));
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['route'] === STREAM_ROUTE);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!['reqId'], 'stream-req-0001');
    assert.equal(lines[0]!['status'], 200);
    assert.equal(lines[0]!['msg'], 'http request');
    assert.ok(!JSON.stringify(lines[0]).includes(v!.token), 'the token is not logged');
  });

  it('refuses an unknown channel and a bad token with the error envelope and a request id', async () => {
    t = await startTestGateway();
    const { ch } = await visitors(0);
    const unknown = await t.request('GET', `/webhooks/webchat/ch_nope/stream?token=x`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'channel_not_found');
    assert.ok(unknown.headers.get('x-request-id'));
    const bad = await t.request('GET', `/webhooks/webchat/${ch.id}/stream?token=not-a-token`);
    assert.equal(bad.status, 401);
    assert.equal(typeof bad.json.error.code, 'string');
    assert.equal(typeof bad.json.error.message, 'string');
    assert.ok(bad.headers.get('x-request-id'));
    assert.match(await metrics(), new RegExp(`^talkgate_http_requests_total\\{method="GET",route="${STREAM_ROUTE}",status="401"\\} 1$`, 'm'));
  });

  it('gives each entry to every stream of its visitor once and to no other visitor, and unsubscribes when the last stream of the channel leaves', async () => {
    t = await startTestGateway();
    const { ch, visitors: [a, b] } = await visitors(2);
    const url = (v: { token: string }) => `${t.url}/webhooks/webchat/${ch.id}/stream?token=${v.token}`;
    const [a1, a2, b1] = await Promise.all([openSse(url(a!)), openSse(url(a!)), openSse(url(b!))]);
    // the channel's fan-out subscriptions, plain or sharded, on any node of a cluster
    const subscribers = () => pubsubSubscribers(t.redisUrl, `${t.prefix}*${ch.id}*`);
    assert.equal(await subscribers(), 1, 'one subscription for the channel, not one per visitor');

    const streams = t.gw.services.streams;
    await streams.append(ch.id, a!.visitorId, agentText('하나'));
    await streams.append(ch.id, a!.visitorId, agentText('둘'));
    await streams.append(ch.id, b!.visitorId, agentText('셋'));
    await waitFor(async () => a1.events.length === 2 && a2.events.length === 2 && b1.events.length === 1, 'delivered');
    await new Promise((r) => setTimeout(r, 100));
    for (const s of [a1, a2]) assert.deepEqual(s.events.map((e) => JSON.parse(e.data).text), ['하나', '둘']);
    assert.deepEqual(b1.events.map((e) => JSON.parse(e.data).text), ['셋']);

    for (const s of [a1, a2, b1]) s.close();
    await waitFor(async () => (await subscribers()) === 0, 'unsubscribed');
    assert.equal(streams.connections(), 0);
  });

  it('ends every open stream when the process shuts down', async () => {
    t = await startTestGateway();
    const { ch, visitors: vs } = await visitors(3);
    const open = await Promise.all(
      vs.map(async (v) => {
        const res = await fetch(`${t.url}/webhooks/webchat/${ch.id}/stream?token=${v.token}`);
        assert.equal(res.status, 200);
        const reader = res.body!.getReader();
        const drained = async (): Promise<'ended'> => {
          for (;;) if ((await reader.read()).done) return 'ended';
        };
        return { ended: drained() };
      }),
    );
    await waitFor(async () => t.gw.services.streams.connections() === 3, 'three streams live');
    const stopped = t.gw.stop();
    assert.deepEqual(await Promise.all(open.map((o) => o.ended)), ['ended', 'ended', 'ended']);
    await stopped;
  });
});

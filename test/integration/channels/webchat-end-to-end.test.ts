import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openSse } from '../../helpers/sse.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace } from '../../helpers/world.js';

describe('Web chat v2 end to end', () => {
  let t: TestGateway;
  afterEach(async () => t.stop());

  async function setup() {
    t = await startTestGateway();
    const ws = await createWorkspace(t);
    const agent = await createAgent(t, ws);
    const ch = await createChannel(t, ws, { type: 'webchat', name: '웹채팅' });
    const hello = await t.request('POST', `/webhooks/webchat/${ch.id}`, { body: { type: 'hello' } });
    assert.equal(hello.status, 201);
    const token = hello.json.visitorToken as string;
    const send = (body: Record<string, unknown>) => t.request('POST', `/webhooks/webchat/${ch.id}`, { body, token });
    return { ws, agent, ch, token, send };
  }

  it('delivers agent messages only to that visitor’s stream, and a reconnect with Last-Event-ID gets what it missed', async () => {
    const { ws, agent, ch, token, send } = await setup();
    assert.equal((await send({ type: 'connect_request', eventId: randomUUID() })).status, 202);
    const conv = await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items[0], 'assigned');

    const other = await t.request('POST', `/webhooks/webchat/${ch.id}`, { body: { type: 'hello' } });
    const otherStream = await openSse(`${t.url}/webhooks/webchat/${ch.id}/stream?token=${other.json.visitorToken}`);
    const stream = await openSse(`${t.url}/webhooks/webchat/${ch.id}/stream?token=${token}`);
    assert.equal(stream.status, 200);

    const reply = async (text: string) =>
      assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent, text })).status, 202);
    await reply('첫 번째');
    await waitFor(async () => stream.events.length === 1, 'first message on the stream');
    const first = stream.events[0]!;
    assert.equal(first.event, 'message');
    const data = JSON.parse(first.data);
    assert.equal(data.from, 'agent');
    assert.equal(data.kind, 'text');
    assert.equal(data.text, '첫 번째');
    stream.close();

    await reply('두 번째');
    await reply('세 번째');
    const resumed = await openSse(`${t.url}/webhooks/webchat/${ch.id}/stream?token=${token}`, { 'last-event-id': first.id! });
    await waitFor(async () => resumed.events.length === 2, 'missed messages replayed');
    assert.deepEqual(resumed.events.map((e) => JSON.parse(e.data).text), ['두 번째', '세 번째']);
    resumed.close();
    assert.equal(otherStream.events.length, 0);
    otherStream.close();
  });

  it('sends a heartbeat comment on idle streams', async () => {
    t = await startTestGateway({ SSE_HEARTBEAT_MS: '100' });
    const ws = await createWorkspace(t);
    const ch = await createChannel(t, ws, { type: 'webchat', name: 'web' });
    const token = (await t.request('POST', `/webhooks/webchat/${ch.id}`, { body: { type: 'hello' } })).json.visitorToken;
    const stream = await openSse(`${t.url}/webhooks/webchat/${ch.id}/stream?token=${token}`);
    await waitFor(async () => stream.comments.filter((c) => c === 'heartbeat').length >= 2, 'two heartbeats');
    stream.close();
  });

  it('processes the same eventId once', async () => {
    const { ws, send } = await setup();
    await send({ type: 'connect_request', eventId: randomUUID() });
    const conv = await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items[0], 'assigned');
    const eventId = randomUUID();
    const a = await send({ type: 'message', eventId, text: '한 번만' });
    const b = await send({ type: 'message', eventId, text: '한 번만' });
    assert.equal(a.status, 202);
    assert.equal(b.status, 202);
    assert.equal(b.json.duplicate, true);
    await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv.id}`)).json.messages.some((m: { text?: string }) => m.text === '한 번만'), 'stored');
    await new Promise((r) => setTimeout(r, 200));
    const msgs = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv.id}`)).json.messages.filter((m: { text?: string }) => m.text === '한 번만');
    assert.equal(msgs.length, 1);
  });

  it('refuses events without a valid visitor token and a stream of another visitor’s token on another channel', async () => {
    const { ch } = await setup();
    const r = await t.request('POST', `/webhooks/webchat/${ch.id}`, { body: { type: 'message', eventId: randomUUID(), text: 'x' } });
    assert.equal(r.status, 401);
    const bad = await fetch(`${t.url}/webhooks/webchat/${ch.id}/stream?token=forged.token`);
    assert.equal(bad.status, 401);
  });
});

// Several gateway processes against one Redis: HTTP-only and worker-only roles, and a web chat
// stream held by one process receiving a message produced on another.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { dropPrefix, randomPrefix } from '../../helpers/redis-harness.js';
import { openSse } from '../../helpers/sse.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace } from '../../helpers/world.js';

describe('Scale-out: HTTP and worker roles on one Redis', () => {
  const gateways: TestGateway[] = [];
  afterEach(async () => {
    const all = gateways.splice(0);
    for (const g of all) await g.gw.stop();
    if (all[0]) await dropPrefix(all[0].redisUrl, all[0].prefix);
  });

  it('an event received by an HTTP-only process is processed by a worker-only one and reaches a stream on a third', async () => {
    const prefix = randomPrefix();
    const api = await startTestGateway({ ROLE: 'http' }, undefined, prefix);
    const worker = await startTestGateway({ ROLE: 'worker' }, undefined, prefix);
    const streamer = await startTestGateway({ ROLE: 'http' }, undefined, prefix);
    gateways.push(api, worker, streamer);
    assert.equal(api.gw.http !== null, true);
    assert.equal(worker.gw.http, null);

    const ws = await createWorkspace(api);
    const agent = await createAgent(api, ws);
    const ch = await createChannel(api, ws, { type: 'webchat', name: 'web' });
    const hello = await api.request('POST', `/webhooks/webchat/${ch.id}`, { body: { type: 'hello' } });
    const token = hello.json.visitorToken as string;
    const stream = await openSse(`${streamer.url}/webhooks/webchat/${ch.id}/stream?token=${token}`);

    await api.request('POST', `/webhooks/webchat/${ch.id}`, { body: { type: 'connect_request', eventId: randomUUID() }, token });
    const conv = await waitFor(async () => (await streamer.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items[0], 'assigned by the worker process');
    assert.equal((await api.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent, text: '다른 프로세스에서' })).status, 202);
    await waitFor(async () => stream.events.length === 1, 'fan-out across processes');
    assert.equal(JSON.parse(stream.events[0]!.data).text, '다른 프로세스에서');
    stream.close();
  });
});

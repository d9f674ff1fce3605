import assert from 'node:assert/strict';
import nock from 'nock';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { FAST_SENDS, failOne, naverConversation } from './ops-world.js';

describe('Queue counts and queue metrics', () => {
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('/v1/ops/queues and /metrics count a failed send', async () => {
    t = await startTestGateway(FAST_SENDS);
    const empty = await t.admin('GET', '/v1/ops/queues');
    assert.equal(empty.status, 200);
    assert.deepEqual(
      empty.json.queues.map((q: { name: string; paused: boolean }) => [q.name, q.paused]),
      [['inbound', false], ['outbound', false], ['timers', false], ['webhooks', false]],
    );
    assert.deepEqual(Object.keys(empty.json.queues[1].counts), ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed']);
    assert.equal(empty.json.queues[1].counts.failed, 0);
    assert.equal(empty.json.inboundSetAside, 0);
    assert.equal(empty.json.inboundBacklog, 0);

    const c = await naverConversation(t);
    await failOne(t, c, '실패할 메시지');
    const after = await t.admin('GET', '/v1/ops/queues');
    assert.equal(after.json.queues[1].counts.failed, 1);

    const m = await t.request('GET', '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.text, /^talkgate_queue_jobs\{queue="outbound",state="failed"\} 1$/m);
    assert.match(m.text, /^talkgate_queue_jobs\{queue="inbound",state="waiting"\} 0$/m);
    assert.match(m.text, /^talkgate_dead_letters 1$/m);
    assert.match(m.text, /^talkgate_sse_connections 0$/m);
  });
});

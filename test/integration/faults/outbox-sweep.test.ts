// The outbox sweeper in one process: a message stored without its send job (what a crash between
// the two steps leaves) is queued by the sweeper, once even when sweeps race, and a later message
// of the same conversation still waits for it.
import assert from 'node:assert/strict';
import nock from 'nock';
import { sweepOutbox } from '../../../src/app/outbox-sweep.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { NAVER_BASE } from '../../helpers/world.js';
import { ACCEPTED, FAST_SENDS, NAVER_KEY, messageStatus, naverConversation, sendBody, type NaverConversation } from '../ops/ops-world.js';

/** stores an agent message the way the engine does, but never adds its job */
async function strand(t: TestGateway, c: NaverConversation, id: string, text: string): Promise<void> {
  const multi = t.gw.redis.multi();
  t.gw.services.messages.storeOutboundIn(multi, {
    workspaceId: c.ws,
    message: { id, conversationId: c.conversationId, direction: 'out', from: 'agent', status: 'queued', createdAt: new Date().toISOString(), kind: 'text', text },
    content: { kind: 'text', from: 'agent', text },
    conversationId: c.conversationId,
    channelId: c.channelId,
    channelUserId: c.user,
  });
  await multi.exec();
}

describe('faults: the outbox sweeper', function () {
  this.timeout(30_000);
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('queues a stranded message once, however many sweeps race for it, before the conversation’s next one', async () => {
    t = await startTestGateway(FAST_SENDS);
    const c = await naverConversation(t);
    const sent: string[] = [];
    nock(NAVER_BASE)
      .matchHeader('authorization', NAVER_KEY)
      .post('/chatbot/v1/event', (b: ReturnType<typeof sendBody>) => (sent.push(b.textContent.text), true))
      .times(10)
      .reply(200, ACCEPTED);
    await strand(t, c, 'msg_stranded_1', '먼저 보낸 메시지');
    assert.equal(await t.gw.services.queues.outboundPort.has('msg_stranded_1'), false);

    // sweeps race each other (and the gateway's own) until one took it; young entries are left
    // alone by all of them, since their request may still be adding the job
    const deps = { messages: t.gw.services.messages, queue: t.gw.services.queues.outboundPort };
    while ((await t.gw.redis.zscore(`${t.prefix}:outbox`, 'msg_stranded_1')) !== null) {
      await Promise.all([sweepOutbox(deps), sweepOutbox(deps), sweepOutbox(deps)]);
      await sleep(20);
    }
    await waitFor(async () => (await messageStatus(t, c, 'msg_stranded_1')).status === 'sent', 'the stranded message sent');
    const later = await c.say('나중에 보낸 메시지');
    await waitFor(async () => (await messageStatus(t, c, later)).status === 'sent', 'both sent');
    await sleep(300);
    assert.deepEqual(sent, ['먼저 보낸 메시지', '나중에 보낸 메시지'], 'once each, in the order stored');
    assert.equal((await messageStatus(t, c, 'msg_stranded_1')).status, 'sent');
    assert.equal(await t.gw.redis.zcard(`${t.prefix}:outbox`), 0, 'a queued message leaves the outbox');
  });
});

// PB-21 auto-close: a delayed BullMQ job per conversation (it survives restarts), moved by every
// message, closing only when the bot/agent side spoke last. The clock is the test's; instead of
// waiting real minutes the test makes the delayed timer due now.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sleep, waitFor } from '../../helpers/wait.js';
import { cardOf, naverWorld, settings, stop, type NaverWorld } from './scenario-kit.js';

function timerId(conversationId: string): string {
  return `autoclose-${createHash('sha256').update(conversationId).digest('base64url').slice(0, 22)}`;
}

describe('PB-21 auto-close', function () {
  this.timeout(20_000);
  let w: NaverWorld;
  let clock = Date.now();
  afterEach(async () => stop(w));

  async function fireTimer(conversationId: string): Promise<void> {
    const job = await waitFor(async () => w.t.gw.services.queues.timers.getJob(timerId(conversationId)), 'a scheduled timer');
    assert.ok(await job.isDelayed());
    const due = job.timestamp + (job.opts.delay ?? 0);
    assert.ok(due - clock > 50_000 && due - clock <= 61_000, 'scheduled one idle period after the last bot message');
    clock += 61_000;
    await job.promote();
  }

  it('closes a waiting conversation whose customer stayed silent after the bot spoke', async () => {
    clock = Date.now();
    w = await naverWorld(settings({ onMissingProfile: 'hold', idle: 1 }), {}, () => new Date(clock));
    await w.connect();
    cardOf(await w.until(2));
    const c = await w.conversation();
    await fireTimer(c.id);
    await waitFor(async () => (await w.conversation()).status === 'closed', 'closed');
    assert.equal((await w.conversation()).closeReason, 'customer_idle');
  });

  it('never closes a conversation whose customer spoke last', async () => {
    clock = Date.now();
    w = await naverWorld(settings({ onMissingProfile: 'assign', idle: 1 }), {}, () => new Date(clock));
    await w.connect();
    await w.until(2);
    const c = await w.conversation();
    await w.say('답을 기다립니다');
    await sleep(300);
    // the customer's message cancelled the timer
    assert.equal(await w.t.gw.services.queues.timers.getJob(timerId(c.id)), undefined);
    clock += 61_000;
    await w.t.gw.services.queues.timerPort.scheduleAutoClose(c.id, new Date(Date.now()));
    await sleep(500);
    assert.equal((await w.conversation()).status, 'assigned');
  });
});

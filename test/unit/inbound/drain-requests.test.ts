import assert from 'node:assert/strict';
import { createDrainRequests } from '../../../src/infra/inbound/drain-requests.js';
import { createLogger } from '../../../src/infra/logger.js';

/** the queue port as the webhook sees it: which mailboxes were handed to BullMQ */
function queueRecorder(): { drain(mailbox: string): Promise<void>; queued: string[] } {
  const queued: string[] = [];
  return { queued, drain: async (mailbox) => void queued.push(mailbox) };
}

const log = createLogger('silent');

describe('drain requests: local drains in a process that runs the workers', () => {
  it('queues every drain until the process runs the workers', async () => {
    const q = queueRecorder();
    const d = createDrainRequests(q, log);
    await d.drain('mb-1');
    assert.deepEqual(q.queued, ['mb-1']);
  });

  it('drains locally up to the cap and queues the rest', async () => {
    const q = queueRecorder();
    const d = createDrainRequests(q, log);
    const drained: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    d.runLocally(async (mb) => {
      drained.push(mb);
      await held;
    }, 2);
    for (const mb of ['a', 'b', 'c']) await d.drain(mb);
    assert.deepEqual(drained, ['a', 'b']);
    assert.deepEqual(q.queued, ['c']);
    release();
    await d.idle();
    await d.drain('d');
    assert.deepEqual(drained, ['a', 'b', 'd'], 'a finished drain frees its place');
  });

  it('hands a mailbox whose local drain failed to the queue', async () => {
    const q = queueRecorder();
    const d = createDrainRequests(q, log);
    d.runLocally(async () => {
      throw new Error('handler failed');
    }, 4);
    await d.drain('mb-x');
    await d.idle();
    assert.deepEqual(q.queued, ['mb-x']);
  });
});

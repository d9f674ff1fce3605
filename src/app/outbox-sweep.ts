// The outbox sweeper: an outbound message is stored and put in the outbox in one Redis script,
// and its send job is added right after. A process that dies between the two leaves the message
// in the outbox; whichever worker sweeps next adds the job. The job id is the message id and the
// send use case skips a message that is no longer queued, so a late second add sends nothing twice.
import type { OutboundQueue, OutboundStore } from './ports.js';

export interface OutboxDeps {
  messages: Pick<OutboundStore, 'outboxDue' | 'leaveOutbox' | 'getOutbound'>;
  queue: OutboundQueue;
}

/** an entry younger than this is most likely a request still between its two steps */
export const OUTBOX_GRACE_MS = 4000;
const BATCH = 500;

/** adds the missing send jobs of stranded messages; returns how many it found (racing sweeps may both count one: still one job) */
export async function sweepOutbox(d: OutboxDeps): Promise<number> {
  let added = 0;
  for (const id of await d.messages.outboxDue(OUTBOX_GRACE_MS, BATCH)) {
    if (!(await d.queue.has(id))) {
      // sent (Kakao's synchronous answer), failed or gone: nothing to queue
      const rec = await d.messages.getOutbound(id);
      if (rec?.status === 'queued') {
        await d.queue.add(id);
        added++;
      }
    }
    await d.messages.leaveOutbox(id);
  }
  return added;
}

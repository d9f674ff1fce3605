// Where a webhook's "drain this mailbox" request goes. In a process that also runs the inbound
// workers (ROLE=all) the drain runs right here, started from the webhook, instead of travelling
// through a BullMQ job to the same process: that round (add, wake, move to active, finish) was
// about a third of a Kakao answer's Redis work and the main source of its latency (issue 13).
// Durability does not change: the event is already in its mailbox, the drain holds the same
// lease, and a drain that fails or dies leaves a non-empty mailbox that the queued drain job
// (added on failure) or the sweeper picks up. Past `maxInline` drains at once, requests queue as
// before, so a burst cannot start an unbounded number of drains.
import type { InboundQueue } from '../../app/ports.js';
import type { Logger } from '../logger.js';

export interface DrainRequests extends InboundQueue {
  /** drain in this process from now on (the process runs the inbound workers) */
  runLocally(drainNow: (mailbox: string) => Promise<void>, maxInline: number): void;
  /** resolves once no local drain is running (graceful shutdown waits for them) */
  idle(): Promise<void>;
}

export function createDrainRequests(queued: InboundQueue, log: Logger): DrainRequests {
  let local: { drainNow: (mailbox: string) => Promise<void>; maxInline: number } | null = null;
  const running = new Set<Promise<void>>();

  return {
    async drain(mailbox) {
      if (!local || running.size >= local.maxInline) return queued.drain(mailbox);
      const run = local.drainNow(mailbox).catch(async (err: unknown) => {
        // the event stays at the head of its mailbox; the job retries it with BullMQ's backoff
        log.warn({ err: (err as Error).message }, 'local drain failed; handing the mailbox to the queue');
        await queued.drain(mailbox).catch(() => undefined); // else the sweeper finds it
      });
      const tracked = run.finally(() => running.delete(tracked));
      running.add(tracked);
    },
    runLocally(drainNow, maxInline) {
      local = { drainNow, maxInline: Math.max(1, maxInline) };
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

// Drains customers' mailboxes: one worker per mailbox at a time (a lease, renewed while the drain
// runs, so a killed drainer's mailbox is free again within LEASE_TTL_MS), head first, the head
// removed only after it was processed. A sweeper re-queues any non-empty mailbox whose drain job
// was lost (crash between record and add, or the add raced a finishing drain).
import { Worker } from 'bullmq';
import type { RedisClient as Redis } from '../redis-client.js';
import type { InboundQueue } from '../../app/ports.js';
import type { InboundResult } from '../../app/handle-inbound.js';
import { RedisInboundDeadLetters } from '../inbound/inbound-dead-letters.redis.js';
import type { RecordedEvent, RedisInbox } from '../inbound/inbox.redis.js';
import type { Keys } from '../keys.js';
import type { Logger } from '../logger.js';
import { LEASE_TTL_MS, tryLock } from '../redis-lock.js';
import { QUEUE_NAMES, STALL_RECOVERY } from './bull-queues.js';

export interface InboundWorkerDeps {
  connection: Redis;
  redis: Redis;
  keys: Keys;
  prefix: string;
  inbox: RedisInbox;
  queue: InboundQueue;
  handle(rec: RecordedEvent): Promise<InboundResult>;
  log: Logger;
  concurrency: number;
  /** where a finished event id is published (a waiting Kakao webhook wakes up) */
  eventDoneChannel: string;
  /** true for channel types whose webhook waits for the result (WebhookSpec.repliesInAnswer): only theirs is stored */
  awaitsResult(channelType: string): boolean;
}

/** after this many failed attempts an event is set aside so its customer's mailbox moves on */
const MAX_EVENT_FAILURES = 5;
export const EVENT_RESULT_TTL_SECONDS = 120;

/** what the dead-letter view shows: a stable code and the message, never the event itself */
function errorInfo(err: unknown): { code: string; message: string } {
  if (!(err instanceof Error)) return { code: 'unknown', message: String(err).slice(0, 300) };
  const code = (err as { code?: unknown }).code;
  return { code: typeof code === 'string' && code ? code : err.name, message: err.message.slice(0, 300) };
}

export function createInboundWorker(d: InboundWorkerDeps): { worker: Worker; sweep(): Promise<number>; drainNow(mailbox: string): Promise<void> } {
  const deadLetters = new RedisInboundDeadLetters(d.redis, d.keys);
  // Only a mailbox's head can run twice (it leaves the mailbox after it was processed), so one
  // "last done" mark per mailbox stops a second run: no key per event.
  async function processEvent(mailbox: string, raw: string, rec: RecordedEvent): Promise<void> {
    const doneKey = d.keys.inboundDone(rec.eventId);
    const lastDone = d.keys.inboxDone(mailbox);
    // doneKey exists only for an event set aside as a dead letter (inbound-dead-letters)
    const [last, dead] = await d.redis.mget(lastDone, doneKey);
    if (last === rec.eventId || dead) return;
    try {
      const result = await d.handle(rec);
      const m = d.redis.multi().set(lastDone, rec.eventId, 'EX', 86400);
      if (d.awaitsResult(rec.channelType)) {
        m.set(d.keys.eventWaiter(rec.eventId), JSON.stringify(result), 'EX', EVENT_RESULT_TTL_SECONDS).publish(d.eventDoneChannel, rec.eventId);
      }
      await m.exec();
    } catch (err) {
      const failures = await d.redis.incr(`${doneKey}:failures`);
      await d.redis.expire(`${doneKey}:failures`, 86400);
      if (failures < MAX_EVENT_FAILURES) throw err;
      d.log.error({ eventId: rec.eventId, failures, err }, 'inbound event set aside after repeated failures');
      await deadLetters.setAside(raw, rec, failures, errorInfo(err), new Date());
    }
  }

  async function drain(mailbox: string): Promise<void> {
    for (let round = 0; round < 3; round++) {
      const lease = await tryLock(d.redis, d.inbox.lockKey(mailbox), LEASE_TTL_MS);
      if (!lease) return; // another worker drains it
      try {
        for (;;) {
          // lost (this process stalled past the ttl): the mailbox may have a new drainer already
          if (lease.lost) return;
          const head = await d.inbox.head(mailbox);
          if (!head) break;
          await processEvent(mailbox, head.raw, head.rec);
          const more = await d.inbox.popHead(mailbox, head.raw);
          if (!more) break;
        }
      } finally {
        await lease.release();
      }
      // an event appended after the last look but before the release would wait for the sweeper
      if ((await d.inbox.length(mailbox)) === 0) return;
    }
  }

  async function sweep(): Promise<number> {
    let queued = 0;
    for (const mailbox of await d.inbox.nonEmpty()) {
      if (await d.redis.exists(d.inbox.lockKey(mailbox))) continue;
      await d.queue.drain(mailbox);
      queued++;
    }
    return queued;
  }

  const worker = new Worker(
    QUEUE_NAMES.inbound,
    async (job) => {
      if (job.name === 'sweep') return sweep();
      const { mailbox } = job.data as { mailbox: string };
      await drain(mailbox);
      return null;
    },
    { connection: d.connection, prefix: d.prefix, concurrency: d.concurrency, autorun: true, ...STALL_RECOVERY },
  );
  worker.on('error', (err) => d.log.warn({ err: err.message }, 'inbound worker error'));
  return { worker, sweep, drainNow: drain };
}

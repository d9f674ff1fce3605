// The webhook side of inbound: record each parsed event durably in its customer's mailbox, then
// ask a worker to drain it. Only after record() succeeded may the platform get its 2xx.
import type { ChannelRecord } from '../domain/channel.js';
import { newId } from '../domain/ids.js';
import type { InboundEvent } from '../domain/inbound-event.js';
import { mailboxOf } from '../domain/mailbox.js';
import type { InboundQueue, InboxWriter, Logger } from './ports.js';

export interface Recorded {
  eventId: string;
  duplicate: boolean;
  kind: InboundEvent['kind'];
}

export async function recordInbound(
  d: { inbox: InboxWriter; queue: InboundQueue; log: Logger },
  channel: ChannelRecord,
  events: InboundEvent[],
  receivedAt: string,
): Promise<Recorded[]> {
  const out: Recorded[] = [];
  const mailboxes = new Set<string>();
  for (const event of events) {
    const eventId = newId('evt');
    // a visitor-chosen delivery id is scoped to that visitor, so one cannot suppress another's
    const scoped = event.deliveryId ? { ...event, deliveryId: `${event.channelUserId}:${event.deliveryId}` } : event;
    const mailbox = mailboxOf(channel.workspaceId, channel.type, event.channelUserId);
    const r = await d.inbox.record(mailbox, { eventId, workspaceId: channel.workspaceId, channelType: channel.type, receivedAt, event: scoped });
    out.push({ eventId, duplicate: r === 'duplicate', kind: event.kind });
    // a mailbox that was already non-empty has its drain due (running, queued, or the sweeper's)
    if (r === 'first') mailboxes.add(mailbox);
  }
  for (const mailbox of mailboxes) {
    // recorded is what counts; a lost drain request is picked up by the sweeper
    await d.queue.drain(mailbox).catch((err: unknown) => d.log.warn({ err: (err as Error).message }, 'drain request failed; sweeper will pick it up'));
  }
  return out;
}

// A customer's inbound mailbox: the events of one platform user of one channel type in a
// workspace, processed one at a time in arrival order. The mailbox id names that customer; how
// a store lays it out (keys, partitions) is the store's business.
import type { InboundEvent } from './inbound-event.js';

/** an inbound event as recorded in its mailbox, before any processing */
export interface RecordedEvent {
  eventId: string;
  workspaceId: string;
  channelType: string;
  receivedAt: string;
  event: InboundEvent;
}

/** the mailbox of the platform user `channelUserId` (the same string RedisInbox.mailboxKey makes) */
export function mailboxOf(workspaceId: string, channelType: string, channelUserId: string): string {
  return `${workspaceId}|${channelType}|${channelUserId}`;
}

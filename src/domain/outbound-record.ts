// An outbound message as the send path keeps it: the message shown in the conversation, what to
// render for the platform, and whom it goes to. Shared by the use cases and whichever store
// holds it, so neither depends on the other's module.
import type { MessageStatus, StoredMessage } from './conversation.js';
import type { ReplyContext } from './inbound-event.js';
import type { OutboundMessage } from './outbound-message.js';

export interface OutboundRecord {
  message: StoredMessage;
  /** the workspace its events belong to (records stored before events existed lack it) */
  workspaceId?: string;
  content: OutboundMessage;
  conversationId: string;
  channelId: string;
  channelUserId: string;
  channelUserIdType?: string;
  replyContext?: ReplyContext;
  seq: number;
  /** set while the Kakao webhook may still answer it synchronously */
  syncEventId?: string;
}

/** an outbound message to store: its sequence number comes with the write */
export type NewOutbound = Omit<OutboundRecord, 'seq'> & { workspaceId: string };

/** a stored outbound message with where its delivery stands */
export type StoredOutbound = OutboundRecord & { status: MessageStatus; attempts: number; replays: number };

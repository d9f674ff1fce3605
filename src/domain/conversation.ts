// The shared conversation model (customers, conversations, messages, agents).
import type { ChannelType } from './channel.js';
import type { CustomerFlags } from './inbound-event.js';
import type { ProfileField } from './settings.js';

export type ConversationStatus = 'waiting' | 'assigned' | 'closed';
export type CloseReason = 'off_hours' | 'customer_idle' | 'agent' | 'customer_left' | 'customer_blocked';
export type MessageAuthor = 'customer' | 'bot' | 'agent' | 'system';
export type MessageStatus = 'received' | 'queued' | 'sent' | 'failed';
/** a customer message outside any conversation (PB-1: no bot) is kept under `outside-<customerId>` */
export const OUTSIDE_CONVERSATION_PREFIX = 'outside-';

export interface Address {
  zonecode: string;
  roadAddress: string;
  jibunAddress?: string;
  buildingName?: string;
  detail: string;
}

export interface Profile {
  name?: string;
  /** normalised `010-1234-5678` */
  phone?: string;
  email?: string;
  /** `YYYY-MM-DD` */
  birthdate?: string;
  address?: Address;
}

export interface Customer {
  id: string;
  workspaceId: string;
  channelType: ChannelType;
  /** 고객식별번호: the channel's user key */
  identifier: string;
  /** which platform identifier `identifier` is, where there are several (InboundEvent.channelUserIdType) */
  identifierType?: string;
  profile: Profile;
  flags: CustomerFlags;
  /** set when a minor saved the form: a legal guardian's consent was required */
  guardianConsentRequired: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Conversation {
  id: string;
  workspaceId: string;
  channelId: string;
  channelType: ChannelType;
  customerId: string;
  status: ConversationStatus;
  agentId: string | null;
  /** PB-4: the settings version the conversation started with */
  settingsVersion: number;
  createdAt: string;
  /** PB-1: when the profile bot card was sent (Kakao charges from then) */
  botSentAt: string | null;
  /** the profile was requested and not yet saved */
  awaitingProfile: boolean;
  profileSavedAt: string | null;
  /** PB-7: a conversation held for the profile never gets the workspace greeting */
  suppressGreeting: boolean;
  assignedAt: string | null;
  firstResponseAt: string | null;
  closedAt: string | null;
  closeReason: CloseReason | null;
  lastMessageAt: string | null;
  lastMessageFrom: MessageAuthor | null;
  /** the platform's session behind this conversation and what it told us about it (상담톡) */
  platformSession?: PlatformSession;
}

export interface PlatformSession {
  id: string;
  /** e.g. 상담톡 /reference: {extra, bot, bot_event} */
  context: Record<string, unknown>;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  direction: 'in' | 'out';
  from: MessageAuthor;
  kind: 'text' | 'image' | 'card' | 'event';
  text?: string;
  imageUrl?: string;
  /** a linked video, audio clip or file (the text carries the link) */
  media?: { kind: 'video' | 'audio' | 'file'; url: string };
  card?: { title?: string; description: string; imageUrl?: string; buttons: { label: string; url: string }[] };
  agentId?: string;
  status: MessageStatus;
  createdAt: string;
  sentAt?: string;
  attempts?: number;
  error?: { code: string; message: string };
}

export interface Agent {
  id: string;
  workspaceId: string;
  name: string;
  maxConcurrent: number;
  online: boolean;
  /** active (assigned, not closed) conversations */
  activeCount: number;
  /** ISO time the agent last became idle or last got a conversation, for tie-breaks */
  lastAssignedAt: string | null;
  createdAt: string;
}

export type { ProfileField };

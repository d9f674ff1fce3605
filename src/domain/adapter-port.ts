// The port every channel adapter implements. Framework-free on purpose: the HTTP layer builds
// an InboundRequest from express, and tests build one by hand.
import type { ChannelRecord, ChannelType } from './channel.js';
import type { InboundEvent, ReplyContext } from './inbound-event.js';
import type { OutboundMessage } from './outbound-message.js';

export interface InboundRequest {
  /** lower-case header names */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** the JSON-parsed body (unknown until the adapter's schema accepted it) */
  body: unknown;
  rawBody: Buffer;
  remoteAddress: string | undefined;
  receivedAt: string;
}

/** Who and where a rendered payload goes to. */
export interface SendTarget {
  messageId: string;
  conversationId: string;
  channelUserId: string;
  /** the customer's Customer.identifierType, so the platform is addressed by the right kind of id */
  channelUserIdType?: string;
  replyContext?: ReplyContext;
}

export interface DeliveryReceipt {
  /** platform's id for the delivery when it gives one (Kakao taskId, web chat sequence) */
  platformMessageId: string | null;
  /** how it went out, e.g. 'callback', 'event-api', 'send-api', 'stream' */
  via: string;
}

/** Event published to one web chat visitor's stream (channels.md "Web chat v2"). */
export interface VisitorStreamEvent {
  id: string;
  /** 'customer': the visitor's own message, kept so a reloaded page shows the whole exchange */
  from: 'bot' | 'agent' | 'system' | 'customer';
  kind: 'text' | 'image' | 'card';
  text?: string;
  imageUrl?: string;
  card?: {
    title?: string;
    description: string;
    imageUrl?: string;
    buttons: { label: string; url: string }[];
  };
}

/**
 * A change to a card already on a visitor's stream, sent as SSE `event: card_state` (a client
 * that listens only for `message` never sees it): the card button that opens `buttonPath` is
 * done, and shows `label` instead. Kept in the stream, so a reloaded page shows it too.
 */
export interface VisitorCardState {
  id: string;
  kind: 'card_state';
  /** the path of the button's link (`/forms/profile/<token>`), whatever base URL it had */
  buttonPath: string;
  state: 'done';
  label: string;
}

/** Everything a visitor's stream holds: messages and card state changes. */
export type VisitorStreamItem = VisitorStreamEvent | VisitorCardState;

/** Infrastructure an adapter may use while sending; implemented on Redis in src/infra. */
export interface SendPorts {
  /** true only for the first caller within ttlMs (Kakao's callbackUrl may be used once) */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  cacheGet(key: string): Promise<string | null>;
  cacheSet(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** append to a web chat visitor's kept stream and fan it out; returns the stream sequence id */
  appendVisitorStream(channelId: string, visitorId: string, event: VisitorStreamEvent): Promise<string>;
}

export interface ChannelLimits {
  /** max characters of a plain text message */
  text: number;
  /** sends allowed per window per channel (TalkTalk blocks senders above ~30 in 3 s) */
  rateLimit?: { max: number; windowMs: number };
}

export interface ChannelAdapter<Payload = unknown> {
  readonly type: ChannelType;
  readonly limits: ChannelLimits;
  /** throws AuthError; constant-time comparisons only */
  authenticate(req: InboundRequest, channel: ChannelRecord): void;
  /** throws ValidationError for a payload that does not match the wire schema */
  parseInbound(req: InboundRequest, channel: ChannelRecord): InboundEvent[];
  /** pure: the exact platform payload, already cut to the platform's limits */
  renderOutbound(message: OutboundMessage, channel: ChannelRecord): Payload;
  /** throws ChannelSendError, classified retryable or permanent */
  send(payload: Payload, target: SendTarget, channel: ChannelRecord, ports: SendPorts): Promise<DeliveryReceipt>;
}

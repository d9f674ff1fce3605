// The port every channel adapter implements. Framework-free on purpose: the HTTP layer builds
// an InboundRequest from express, and tests build one by hand. Everything one channel knows
// (credentials, webhook paths and answers, limits, preview) sits behind it, so a channel is one
// folder under adapters/ plus one line in adapters/registry.ts.
import type { TSchema } from '@sinclair/typebox';
import type { ChannelRecord, ChannelType } from './channel.js';
import type { InboundEvent, ReplyContext } from './inbound-event.js';
import type { OutboundMessage } from './outbound-message.js';
import type { ProfileCard } from './profile-bot/card.js';

export interface InboundRequest {
  /** lower-case header names */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** the JSON-parsed body (unknown until the adapter's schema accepted it) */
  body: unknown;
  rawBody: Buffer;
  /** which of the adapter's WebhookRoute paths was called ('' for the base URL) */
  route?: string;
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

/** The channel's credentials: the core validates them with `schema`, stores them encrypted. */
export interface CredentialSpec {
  schema: TSchema;
  /** fields masked in every read after the one that created them */
  secretFields: readonly string[];
  /** what an omitted `credentials` means (a channel that needs none); absent = required */
  whenOmitted?: Record<string, unknown>;
}

/** What the core hands a webhook's answer once the request's events are recorded. */
export interface WebhookContext {
  channel: ChannelRecord;
  events: readonly InboundEvent[];
  /** ids of the recorded events, in order (duplicates included) */
  eventIds: readonly string[];
  /** how long the answer may still wait, in ms */
  budgetMs: number;
}

/** Lets a platform that reads replies from the webhook's own HTTP answer take them. */
export interface WebhookReplyPorts {
  /**
   * Waits at most waitMs for the worker to process eventId, then claims up to `max` of the
   * replies it produced (the queue no longer sends those) and promotes the next one.
   * null: not processed in time.
   */
  claimReplies(eventId: string, max: number, waitMs: number): Promise<OutboundMessage[] | null>;
}

export interface WebhookAnswer {
  status: number;
  /** sent as JSON */
  body: unknown;
}

/** One inbound route, mounted at /webhooks/<type>/:channelId + path. */
export interface WebhookRoute {
  /** '' for the base URL, or a sub-path such as '/message' */
  path: string;
  /** OpenAPI operationId, unique across the API (e.g. receiveKakaoSkill) */
  operationId: string;
  summary: string;
  responses: Record<number, string>;
  answer(ctx: WebhookContext, ports: WebhookReplyPorts): Promise<WebhookAnswer>;
}

export interface WebhookSpec {
  routes: readonly WebhookRoute[];
  /** false when the platform authenticates with its own headers: webhookUrl carries no ?key= */
  keyInUrl: boolean;
  /** true: replies made while the webhook waits are claimed into its answer (held briefly first) */
  repliesInAnswer?: boolean;
}

/** A drawing of one message of the preview page (PB-22); the core turns it into HTML. */
export type PreviewBubble =
  | { kind: 'text'; text: string }
  | { kind: 'image'; url: string; alt?: string }
  | {
      kind: 'card';
      title?: string;
      text?: string;
      image?: { url: string; shape: 'square' | 'wide' | 'free'; alt?: string } | { note: string };
      labels: readonly string[];
    };

export interface PreviewCut {
  max: number;
  /** 'a card title', completing "<channel> shows at most N characters in …" */
  what: string;
}

/** How the preview page shows this channel's profile card. */
export interface PreviewSpec {
  /** English name used in cut warnings ('Kakao') */
  label: string;
  /** column heading and the phone's top bar, as the customer's app shows them */
  title: string;
  bar: string;
  /** where the channel cuts the card's texts */
  cuts(card: ProfileCard): { title: PreviewCut; description: PreviewCut; button: PreviewCut };
  /** the exact payload the channel is sent for this card (what the preview API answers) */
  payload(card: ProfileCard, channel: ChannelRecord): unknown;
  bubbles(payload: unknown): PreviewBubble[];
}

/** Infrastructure an adapter may use while it completes an inbound event in the worker. */
export interface InboundPorts {
  /** GET a URL under the outbound-URL rules; null when it fails or exceeds maxBytes */
  fetchBytes(url: string, maxBytes: number): Promise<{ bytes: Buffer; contentType: string | null } | null>;
  /** stores an image through the image pipeline; the public URL, or null when it is refused */
  storeImage(workspaceId: string, bytes: Buffer): Promise<string | null>;
}

export interface ChannelAdapter<Payload = unknown> {
  readonly type: ChannelType;
  readonly limits: ChannelLimits;
  readonly credentials: CredentialSpec;
  /** true when the platform has no public API address (each dealer its own): apiBaseUrl required */
  readonly requiresApiBaseUrl?: boolean;
  readonly webhooks: WebhookSpec;
  readonly preview: PreviewSpec;
  /** extra links the channel's API representation shows (web chat: its page) */
  links?(baseUrl: string, channel: ChannelRecord): Record<string, string>;
  /** throws AuthError; constant-time comparisons only */
  authenticate(req: InboundRequest, channel: ChannelRecord): void;
  /** throws ValidationError for a payload that does not match the wire schema */
  parseInbound(req: InboundRequest, channel: ChannelRecord): InboundEvent[];
  /** pure: the exact platform payload, already cut to the platform's limits */
  renderOutbound(message: OutboundMessage, channel: ChannelRecord): Payload;
  /** throws ChannelSendError, classified retryable or permanent */
  send(payload: Payload, target: SendTarget, channel: ChannelRecord, ports: SendPorts): Promise<DeliveryReceipt>;
  /**
   * worker side, before the replies a customer's text causes: show the customer their own text
   * where the platform does not (our web chat keeps the whole exchange in the visitor's stream)
   */
  echoCustomerText?(event: Extract<InboundEvent, { kind: 'message.text' }>, eventId: string, ports: Pick<SendPorts, 'appendVisitorStream'>): Promise<void>;
  /** worker side, before the event is applied: fetch what the webhook only linked to */
  completeInbound?(event: InboundEvent, channel: ChannelRecord, ports: InboundPorts): Promise<InboundEvent>;
  /** our side ended the conversation: tell the platform (throws ChannelSendError) */
  endConversation?(channel: ChannelRecord, channelUserId: string): Promise<void>;
}

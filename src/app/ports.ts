// What the use cases need from infrastructure, as interfaces, so src/app imports nothing from
// src/infra (no BullMQ, no Redis, no key layout): a store's keyspace or a new store behind a port
// changes infra and the composition root only. Each port lists only what the use cases call.
import type { ChannelRecord, ChannelType } from '../domain/channel.js';
import type { Agent, Conversation, ConversationStatus, Customer, Profile, StoredMessage } from '../domain/conversation.js';
import type { EventEntry } from '../domain/event-cursor.js';
import type { CustomerFlags, ReplyContext } from '../domain/inbound-event.js';
import type { RecordedEvent } from '../domain/mailbox.js';
import type { NewOutbound, StoredOutbound } from '../domain/outbound-record.js';
import type { AuditEntry } from '../domain/profile-audit.js';
import type { VersionedSettings } from '../domain/settings.js';

export interface OutboundQueue {
  /** adds the send job for a stored message (job id = message id; a second add is a no-op) */
  add(messageId: string, opts?: { delayMs?: number; replay?: boolean }): Promise<void>;
  /** makes a delayed job due now (its predecessor just settled) */
  promote(messageId: string): Promise<void>;
  /** drops the waiting job of a message that was delivered another way (the webhook's own answer) */
  discard(messageId: string): Promise<void>;
  /** true when a job for the message exists in any state */
  has(messageId: string): Promise<boolean>;
}

export interface InboundQueue {
  /** asks a worker to drain a customer's mailbox */
  drain(mailbox: string): Promise<void>;
}

export interface TimerQueue {
  /** (re)places the conversation's single auto-close timer */
  scheduleAutoClose(conversationId: string, at: Date): Promise<void>;
  cancelAutoClose(conversationId: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** where a crash test may make the process die (TALKGATE_TEST_CRASH_AT) */
export type CrashPoint = 'after-store-outbound';

// ---- stores: what the use cases read and write, whatever holds it (Redis today) ----

/** what caused a conversation save: its stable key (ids of its events derive from it) and who assigned */
export interface SaveCause {
  key: string;
  by: 'auto' | 'manual';
  /** ISO time of the change (the events' timestamp) */
  at: string;
}

export interface ConversationStore {
  get(id: string): Promise<Conversation | null>;
  /** the customer's open (not closed) conversation */
  openFor(customerId: string): Promise<Conversation | null>;
  save(prev: Conversation | null, next: Conversation, cause: SaveCause): Promise<void>;
  /** every conversation of the workspace in that status, oldest first */
  listAll(workspaceId: string, status: ConversationStatus): Promise<Conversation[]>;
}

export interface CustomerStore {
  get(id: string): Promise<Customer | null>;
  findOrCreate(workspaceId: string, channelType: ChannelType, identifier: string, now: Date, identifierType?: string): Promise<Customer>;
  save(c: Customer): Promise<void>;
  setFlags(id: string, flags: CustomerFlags, now: Date): Promise<Customer | null>;
  /** null when the customer is gone; `changeKey` makes a repeated change a no-op for its event */
  setProfile(id: string, profile: Profile, now: Date, changeKey: string, extra?: Partial<Customer>): Promise<Customer | null>;
  audit(id: string, entries: AuditEntry[]): Promise<void>;
  /** oldest first */
  auditTrail(id: string): Promise<AuditEntry[]>;
}

/** a customer's data, erased with its conversations in one write (api.md "Running") */
export interface CustomerErasure {
  erase(c: Customer, conversations: Conversation[], actor: string, at: string): Promise<void>;
}

export interface AgentStore {
  list(workspaceId: string): Promise<Agent[]>;
  get(workspaceId: string, id: string): Promise<Agent | null>;
  update(workspaceId: string, id: string, patch: Partial<Pick<Agent, 'online' | 'lastAssignedAt'>>): Promise<Agent | null>;
}

export interface ChannelStore {
  /** `cached`: a copy a few seconds old will do */
  get(id: string, opts?: { cached?: boolean }): Promise<ChannelRecord | null>;
}

/** a workspace's settings versions (a conversation keeps the version it started with) */
export interface SettingsStore {
  /** the given version, or the current one when unset */
  getSettings(workspaceId: string, version?: number): Promise<VersionedSettings | null>;
}

/** everything one conversation-engine dispatch decided, written at once */
export interface DispatchWrite {
  key: string;
  workspaceId: string;
  prev: Conversation | null;
  /** the conversation to save; null when it did not change */
  next: Conversation | null;
  cause: SaveCause;
  inbound?: StoredMessage;
  outbound: NewOutbound[];
}

/** what a committed dispatch wrote, so a replay only re-queues its sends */
export interface DispatchRecord {
  conversationId: string | null;
  outboundIds: string[];
}

export interface DispatchStore {
  recorded(key: string): Promise<DispatchRecord | null>;
  commit(w: DispatchWrite): Promise<void>;
}

/** outbound messages and their per-conversation send order */
export interface OutboundStore {
  getOutbound(id: string): Promise<StoredOutbound | null>;
  /** the highest sequence number of the conversation that is sent or failed for good */
  settledSeq(conversationId: string): Promise<number>;
  messageIdAtSeq(conversationId: string, seq: number): Promise<string | null>;
  /** the message waits for its predecessor; settle() then returns it to wake */
  markParked(id: string, conversationId: string): Promise<void>;
  /** sent or failed for good, with its event; returns a parked successor that may go now */
  settle(
    id: string,
    conversationId: string,
    outcome: { status: 'sent'; via: string } | { status: 'failed'; error: { code: string; message: string }; attempts: number; replays: number },
    fields: Record<string, string>,
    event: { workspaceId: string | null; at: string },
  ): Promise<string | null>;
  recordAttempt(id: string, attempts: number, error: { code: string; message: string } | null): Promise<void>;
  /** Kakao: the webhook's own answer takes a still-queued message; false when it is no longer queued */
  claimForSync(id: string, conversationId: string, now: Date, workspaceId: string): Promise<boolean>;
  /** failed → queued for a replay; false when it was not failed */
  markRequeued(id: string): Promise<boolean>;
  /** the message's send job exists */
  leaveOutbox(id: string): Promise<void>;
  /** ids stored at least `olderThanMs` ago that may still lack a send job, oldest first */
  outboxDue(olderThanMs: number, limit: number): Promise<string[]>;
}

/** Kakao: a conversation's latest callbackUrl, kept only while it is usable */
export interface ReplyContextStore {
  saveReplyContext(conversationId: string, ctx: ReplyContext, now: Date): Promise<void>;
  replyContext(conversationId: string): Promise<ReplyContext | undefined>;
}

/** profile form links that were used: a link saves once (PB-19) */
export interface FormTokenStore {
  used(tokenId: string): Promise<boolean>;
  /** kept until the link would have expired anyway */
  markUsed(tokenId: string, at: Date, ttlSeconds: number): Promise<void>;
}

/** the durable inbound mailboxes (the webhook side) */
export interface InboxWriter {
  /** 'duplicate': seen before, nothing recorded; 'first': the mailbox was empty (it needs a drain); 'queued': a drain is due */
  record(mailbox: string, rec: RecordedEvent): Promise<'duplicate' | 'first' | 'queued'>;
}

/** a workspace's event log, read by the pull API */
export interface EventLogReader {
  /** entries after `after` (from the oldest kept when null), oldest first */
  read(workspaceId: string, after: string | null, count: number): Promise<EventEntry[]>;
  /** true when entries after `cursor` may have been dropped */
  expired(workspaceId: string, cursor: string): Promise<boolean>;
}

// ---- logs and metrics: only what the use cases call ----

/** structured logs; objects carry ids, never personal data */
export interface Logger {
  child(bindings: Record<string, unknown>): Logger;
  info(obj: object, msg?: string): void;
  info(msg: string): void;
  warn(obj: object, msg?: string): void;
  warn(msg: string): void;
}

type Labels<L extends string> = Partial<Record<L, string | number>>;

export interface LabelledCounter<L extends string> {
  inc(labels: Labels<L>): void;
}

export interface LabelledHistogram<L extends string> {
  observe(labels: Labels<L>, value: number): void;
}

export interface UseCaseMetrics {
  readonly sends: LabelledCounter<'channel' | 'outcome'>;
  readonly sendLatency: LabelledHistogram<'channel'>;
  readonly inboundLag: LabelledHistogram<'channel'>;
  readonly formSubmissions: LabelledCounter<'outcome'>;
}

// Messages of a conversation, in and out. An outbound message gets a per-conversation sequence
// number when it is stored; the outbound worker uses it to keep the order across retries.
// Every stored message and every delivery result appends its integration event in the same
// script (message.created, message.delivered, message.failed).
import type { ChainableCommander } from 'ioredis';
import type { RedisClient as Redis } from '../redis-client.js';
import { OUTSIDE_CONVERSATION_PREFIX, type MessageStatus, type StoredMessage } from '../../domain/conversation.js';
import { messageCreated, messageDelivered, messageFailed, type EventBatch, type EventDraft } from '../../domain/event-drafts.js';
import type { ReplyContext } from '../../domain/inbound-event.js';
import { APPEND_EVENTS_LUA, type RedisEventLog } from '../events/event-log.redis.js';
import type { Keys } from '../keys.js';
import { LuaScript } from '../lua-script.js';
import { decodeInbound, encodeInbound } from './inbound-entry.js';
import type { NewOutbound, OutboundRecord } from '../../domain/outbound-record.js';
import type { OutboundStore, ReplyContextStore } from '../../app/ports.js';

// moved to the domain (the use cases' ports need it); re-exported for existing importers
export type { OutboundRecord, NewOutbound } from '../../domain/outbound-record.js';

// Stores an outbound message once (a replayed event produces the same id and is a no-op) and
// gives it the next sequence number of its conversation. The same script puts it in the outbox
// (scored by Redis's clock), so a process that dies before adding the send job strands nothing:
// the outbox sweeper adds the job for entries older than a few seconds.
const STORE_OUTBOUND = `${APPEND_EVENTS_LUA}
if redis.call('EXISTS', KEYS[1]) == 1 then return tonumber(redis.call('HGET', KEYS[1], 'seq')) end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'doc', ARGV[1], 'status', 'queued', 'seq', seq, 'attempts', 0)
redis.call('XADD', KEYS[2], '*', 'o', ARGV[2])
redis.call('HSET', KEYS[4], seq, ARGV[2])
local t = redis.call('TIME')
redis.call('ZADD', KEYS[5], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[2])
-- a reply stored with (after) the close that set the conversation's expiry shares it
local ttl = redis.call('TTL', KEYS[6])
if ttl > 0 then for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ttl) end end
append_events()
return seq`;

// Outbox entries stored at least ARGV[1] ms ago (by Redis's clock, like the scores), oldest first.
const OUTBOX_DUE = `
local t = redis.call('TIME')
local cutoff = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[1])
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff, 'LIMIT', 0, tonumber(ARGV[2]))`;

// A customer's message is one entry of its conversation's stream (KEYS[1]; fields i = id,
// t = createdAt in ms, d = the rest of the document): no key of its own, and every entry has the
// same fields, which a stream stores once per node. A replayed dispatch is stopped by its dispatch
// record before it gets here; the look at the newest entries guards the rest (only a mailbox's
// head is ever replayed, so its message is among the last ones written). A stream of a closed
// conversation keeps the expiry of the conversation (KEYS[2]); one outside any conversation
// expires ARGV[3] seconds after its last message.
const STORE_INBOUND = `${APPEND_EVENTS_LUA}
for _, e in ipairs(redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 32)) do
  if e[2][1] == 'i' and e[2][2] == ARGV[1] then return 0 end
end
redis.call('XADD', KEYS[1], '*', 'i', ARGV[1], 't', ARGV[4], 'd', ARGV[2])
local ttl = tonumber(ARGV[3])
if ttl == 0 then ttl = redis.call('TTL', KEYS[2]) end
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) end
append_events()
return 1`;

// Marks a message settled (sent or failed for good) and advances the conversation's settled
// sequence so the next message may go. Returns the next sequence's message id, if any. Its
// event goes only with a real change of status: settling a settled message again adds none.
const SETTLE = `${APPEND_EVENTS_LUA}
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq'))
local before = redis.call('HGET', KEYS[1], 'status')
for i = 3, 2 + 2 * tonumber(ARGV[2]), 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'status', ARGV[1])
if before ~= ARGV[1] then append_events() end
local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
if seq and seq > cur then redis.call('SET', KEYS[2], seq, 'KEEPTTL') end
if not seq then return false end
local nextId = redis.call('HGET', KEYS[3], seq + 1)
-- only a successor that parked itself waiting for this one needs waking
if nextId and redis.call('SREM', KEYS[4], nextId) == 1 then return nextId end
return false`;

// The Kakao webhook takes a still-queued message to answer it in the HTTP response.
const CLAIM_SYNC = `${APPEND_EVENTS_LUA}
if redis.call('HGET', KEYS[1], 'status') ~= 'queued' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'sent', 'sentAt', ARGV[1], 'via', 'sync-response')
append_events()
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq'))
local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
if seq and seq > cur then redis.call('SET', KEYS[2], seq, 'KEEPTTL') end
return 1`;
// outside MULTI: run by SHA (the text crosses the wire once per connection)
const SETTLE_SCRIPT = new LuaScript(SETTLE);
const CLAIM_SYNC_SCRIPT = new LuaScript(CLAIM_SYNC);

export class RedisMessageStore implements OutboundStore, ReplyContextStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly events: RedisEventLog,
    /** CONVERSATION_RETENTION_DAYS in seconds: how long messages outside any conversation stay after the last one */
    private readonly retentionSeconds: number,
  ) {}

  /** the events of one message change; a message kept outside any conversation has none to sequence */
  private batch(workspaceId: string, conversationId: string, at: string, drafts: (EventDraft | null)[]): { keys: string[]; args: string[] } {
    const inConversation = !conversationId.startsWith(OUTSIDE_CONVERSATION_PREFIX);
    const b: EventBatch = { workspaceId, conversationId: inConversation ? conversationId : null, at, drafts: drafts.filter((d): d is EventDraft => d !== null) };
    return this.events.tail(b);
  }

  /** queues storing a customer's message in a MULTI (see dispatch-store); a stored one stays as it is */
  storeInboundIn(m: ChainableCommander, msg: StoredMessage, workspaceId: string): void {
    const ev = this.batch(workspaceId, msg.conversationId, msg.createdAt, [messageCreated(msg)]);
    const outside = msg.conversationId.startsWith(OUTSIDE_CONVERSATION_PREFIX);
    const { doc, at } = encodeInbound(msg);
    m.eval(
      STORE_INBOUND,
      4,
      this.keys.conversationMessages(msg.conversationId),
      this.keys.conversation(msg.conversationId),
      ...ev.keys,
      msg.id,
      doc,
      outside ? String(this.retentionSeconds) : '0',
      at,
      ...ev.args,
    );
  }

  /** queues storing an outbound message (with the next sequence number of its conversation) in a MULTI */
  storeOutboundIn(m: ChainableCommander, r: NewOutbound): void {
    const { message } = r;
    const ev = this.batch(r.workspaceId, r.conversationId, message.createdAt, [messageCreated(message)]);
    m.eval(
      STORE_OUTBOUND,
      8,
      this.keys.message(message.id),
      this.keys.conversationMessages(r.conversationId),
      this.keys.outboundSeq(r.conversationId),
      `${this.keys.outboundSeq(r.conversationId)}-map`,
      this.keys.outbox(),
      this.keys.conversation(r.conversationId),
      ...ev.keys,
      JSON.stringify(r),
      message.id,
      ...ev.args,
    );
  }

  /** the message's send job exists: it no longer needs the outbox sweeper */
  async leaveOutbox(id: string): Promise<void> {
    await this.redis.zrem(this.keys.outbox(), id);
  }

  /** ids stored at least `olderThanMs` ago that may still lack a send job, oldest first */
  async outboxDue(olderThanMs: number, limit: number): Promise<string[]> {
    return (await this.redis.eval(OUTBOX_DUE, 1, this.keys.outbox(), olderThanMs, limit)) as string[];
  }

  async getOutbound(id: string): Promise<(OutboundRecord & { status: MessageStatus; attempts: number; replays: number }) | null> {
    const h = await this.redis.hgetall(this.keys.message(id));
    if (!h['doc'] || h['seq'] === undefined) return null;
    const rec = JSON.parse(h['doc']) as Omit<OutboundRecord, 'seq'>;
    return { ...rec, seq: Number(h['seq']), status: h['status'] as MessageStatus, attempts: Number(h['attempts'] ?? 0), replays: Number(h['replays'] ?? 0) };
  }

  async settledSeq(conversationId: string): Promise<number> {
    return Number((await this.redis.get(this.keys.outboundSettled(conversationId))) ?? 0);
  }

  async messageIdAtSeq(conversationId: string, seq: number): Promise<string | null> {
    return this.redis.hget(`${this.keys.outboundSeq(conversationId)}-map`, String(seq));
  }

  private parkedKey(conversationId: string): string {
    return `${this.keys.outboundSeq(conversationId)}-parked`;
  }

  /** the message's job waits (delayed) for its predecessor; settle() then returns it to wake */
  async markParked(id: string, conversationId: string): Promise<void> {
    await this.redis.sadd(this.parkedKey(conversationId), id);
  }

  /**
   * Marks the message sent or failed for good, with its event (message.delivered via
   * `outcome.via`, or message.failed; `replays` tells a failure after a replay from the first).
   * Returns the id of a parked successor that may go now, if any.
   */
  async settle(
    id: string,
    conversationId: string,
    outcome: { status: 'sent'; via: string } | { status: 'failed'; error: { code: string; message: string }; attempts: number; replays: number },
    fields: Record<string, string>,
    event: { workspaceId: string | null; at: string },
  ): Promise<string | null> {
    const draft = outcome.status === 'sent' ? messageDelivered(id, outcome.via) : messageFailed(id, outcome.error, outcome.attempts, outcome.replays);
    // a record from before events existed whose channel is gone has no workspace to log into
    const ev = event.workspaceId ? this.batch(event.workspaceId, conversationId, event.at, [draft]) : { keys: [this.parkedKey(conversationId), this.parkedKey(conversationId)], args: ['0'] };
    const pairs = Object.entries(fields);
    const r = await SETTLE_SCRIPT.run(
      this.redis,
      [this.keys.message(id), this.keys.outboundSettled(conversationId), `${this.keys.outboundSeq(conversationId)}-map`, this.parkedKey(conversationId), ...ev.keys],
      [outcome.status, String(pairs.length), ...pairs.flat(), ...ev.args],
    );
    return typeof r === 'string' ? r : null;
  }

  async recordAttempt(id: string, attempts: number, error: { code: string; message: string } | null): Promise<void> {
    await this.redis.hset(this.keys.message(id), 'attempts', attempts, 'error', JSON.stringify(error));
  }

  async claimForSync(id: string, conversationId: string, now: Date, workspaceId: string): Promise<boolean> {
    const ev = this.batch(workspaceId, conversationId, now.toISOString(), [messageDelivered(id, 'sync-response')]);
    const r = await CLAIM_SYNC_SCRIPT.run(this.redis, [this.keys.message(id), this.keys.outboundSettled(conversationId), ...ev.keys], [now.toISOString(), ...ev.args]);
    return r === 1;
  }

  /** Requeue a failed message for replay: status back to queued, attempts reset. */
  async markRequeued(id: string): Promise<boolean> {
    const r = await this.redis.eval(
      `if redis.call('HGET', KEYS[1], 'status') ~= 'failed' then return 0 end
       redis.call('HSET', KEYS[1], 'status', 'queued', 'attempts', 0)
       redis.call('HINCRBY', KEYS[1], 'replays', 1) return 1`,
      1,
      this.keys.message(id),
    );
    return r === 1;
  }

  /** Kakao: the latest callbackUrl of a conversation, kept only while it is usable */
  async saveReplyContext(conversationId: string, ctx: ReplyContext, now: Date): Promise<void> {
    const ms = ctx.kakaoCallbackExpiresAt ? Date.parse(ctx.kakaoCallbackExpiresAt) - now.getTime() : 0;
    if (ms > 0) await this.redis.set(`${this.keys.conversation(conversationId)}:reply-ctx`, JSON.stringify(ctx), 'PX', ms);
  }

  async replyContext(conversationId: string): Promise<ReplyContext | undefined> {
    const raw = await this.redis.get(`${this.keys.conversation(conversationId)}:reply-ctx`);
    return raw ? (JSON.parse(raw) as ReplyContext) : undefined;
  }

  async list(conversationId: string): Promise<StoredMessage[]> {
    const entries = await this.redis.xrange(this.keys.conversationMessages(conversationId), '-', '+');
    if (entries.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const [, f] of entries) if (f[0] === 'o' && f[1]) pipe.hgetall(this.keys.message(f[1]));
    const rows = ((await pipe.exec()) ?? []).map(([, h]) => h as Record<string, string>);
    let next = 0;
    return entries.flatMap(([, f]) => {
      if (f[0] === 'i') return [decodeInbound(f[1] ?? '', f[3] ?? '', f[5] ?? '{}', conversationId)];
      if (f[0] !== 'o') return [];
      const row = rows[next++] ?? {};
      if (!row['doc']) return [];
      const base = (JSON.parse(row['doc']) as OutboundRecord).message;
      const error = row['error'] ? (JSON.parse(row['error']) as StoredMessage['error'] | null) : null;
      return [
        {
          ...base,
          status: row['status'] as MessageStatus,
          ...(row['sentAt'] ? { sentAt: row['sentAt'] } : {}),
          ...(row['attempts'] !== undefined ? { attempts: Number(row['attempts']) } : {}),
          ...(error ? { error } : {}),
        },
      ];
    });
  }

  /** ids of the outbound messages of a conversation (their hashes are the only keys a message has) */
  async outboundIds(conversationId: string): Promise<string[]> {
    const entries = await this.redis.xrange(this.keys.conversationMessages(conversationId), '-', '+');
    return entries.flatMap(([, f]) => (f[0] === 'o' && f[1] ? [f[1]] : []));
  }
}

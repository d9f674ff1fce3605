// Dead letters: outbound sends that failed for good, listed with their message and last error,
// and replayed for real — attempts reset, one winner per message when operators race, and the
// selected messages of one conversation re-sent one after another in their original order.
import type { ChannelType } from '../domain/channel.js';
import type { MessageStatus } from '../domain/conversation.js';
import { assertNever } from '../domain/errors.js';
import type { StoredOutbound } from '../domain/outbound-record.js';
import type { ChannelStore, OutboundStore } from './ports.js';

export interface FailedPosition {
  failedAt: number;
  id: string;
}

export interface FailedEntry extends FailedPosition {
  attemptsMade: number;
  failedReason: string | null;
  /** the error stored with the message by the send use case */
  lastError: { code: string; message: string } | null;
}

/** The outbound queue's failed set (job id = message id). */
export interface DeadLetterQueue {
  /** newest first, strictly after `before`, failed at or after `since` (ms) */
  scanFailed(from: { before?: FailedPosition; since?: number }): AsyncIterable<FailedEntry>;
  failedEntry(id: string): Promise<FailedEntry | null>;
  /** failed → waiting with attempts reset and `replay: true`; false when it was not failed (any more) */
  requeue(id: string): Promise<boolean>;
  /** true once the job completed, failed again or is gone; false after timeoutMs */
  waitFinished(id: string, timeoutMs: number): Promise<boolean>;
}

export interface DeadLetterDeps {
  queue: DeadLetterQueue;
  messages: Pick<OutboundStore, 'getOutbound' | 'markRequeued'>;
  channels: ChannelStore;
  /** how long a replay waits for a message before sending the next one of its conversation */
  chainWaitMs?: number;
}

export interface DeadLetterFilter {
  channelId?: string;
  conversationId?: string;
  code?: string;
  /** failed at or after */
  since?: Date;
}

export interface DeadLetter {
  id: string;
  messageId: string;
  conversationId: string;
  channelId: string;
  channelType: ChannelType | null;
  seq: number;
  status: MessageStatus;
  target: { channelUserId: string };
  message: { kind: string; from: string; text?: string; imageUrl?: string; title?: string };
  attempts: number;
  lastError: { code: string; message: string };
  failedAt: string;
}

export type ReplayRequest = ({ ids: string[] } | { filter: DeadLetterFilter }) & { dryRun?: boolean };

export type SkipReason = 'not_dead_letter' | 'message_missing' | 'already_sent' | 'claimed_elsewhere' | 'earlier_message_pending';

export interface ReplayResult {
  replayed: number;
  skipped: number;
  ids: string[];
  skippedItems: { id: string; reason: SkipReason }[];
  dryRun: boolean;
}

export const MAX_PAGE = 500;
/** a replay by filter takes at most this many messages; run it again for the rest */
export const MAX_REPLAY = 5000;
const CHAIN_WAIT_MS = 30_000;
const PARALLEL_CONVERSATIONS = 8;
const TEXT_PREVIEW = 200;

export function encodeCursor(p: FailedPosition): string {
  return Buffer.from(`${p.failedAt}:${p.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): FailedPosition | null {
  const m = /^(\d{1,15}):(.{1,200})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m?.[1] && m[2] ? { failedAt: Number(m[1]), id: m[2] } : null;
}

/** enough of the platform user key to tell two apart, not enough to contact anyone */
export function maskUserKey(key: string): string {
  if (key.length <= 6) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 5, 8))}${key.slice(-2)}`;
}

function lastError(entry: FailedEntry): { code: string; message: string } {
  return entry.lastError ?? { code: 'unknown', message: entry.failedReason ?? '' };
}

function preview(rec: StoredOutbound): DeadLetter['message'] {
  const c = rec.content;
  switch (c.kind) {
    case 'text':
      return { kind: c.kind, from: c.from, text: c.text.length > TEXT_PREVIEW ? `${c.text.slice(0, TEXT_PREVIEW)}…` : c.text };
    case 'image':
      return { kind: c.kind, from: c.from, imageUrl: c.image.url };
    case 'card':
      return { kind: c.kind, from: c.from, text: c.description.slice(0, TEXT_PREVIEW), ...(c.title ? { title: c.title } : {}) };
    default:
      return assertNever(c);
  }
}

interface Candidate {
  id: string;
  conversationId: string;
  seq: number;
}

export function createDeadLetters(d: DeadLetterDeps) {
  const chainWaitMs = d.chainWaitMs ?? CHAIN_WAIT_MS;

  async function present(entry: FailedEntry, rec: StoredOutbound, types: Map<string, ChannelType | null>): Promise<DeadLetter> {
    if (!types.has(rec.channelId)) types.set(rec.channelId, (await d.channels.get(rec.channelId, { cached: true }))?.type ?? null);
    return {
      id: entry.id,
      messageId: entry.id,
      conversationId: rec.conversationId,
      channelId: rec.channelId,
      channelType: types.get(rec.channelId) ?? null,
      seq: rec.seq,
      status: rec.status,
      target: { channelUserId: maskUserKey(rec.channelUserId) },
      message: preview(rec),
      attempts: rec.attempts || entry.attemptsMade,
      lastError: lastError(entry),
      failedAt: new Date(entry.failedAt).toISOString(),
    };
  }

  function matches(rec: StoredOutbound, f: DeadLetterFilter, code: string): boolean {
    return (!f.channelId || rec.channelId === f.channelId) && (!f.conversationId || rec.conversationId === f.conversationId) && (!f.code || code === f.code);
  }

  /** failed entries joined with their stored message, filtered, newest first */
  async function* scan(f: DeadLetterFilter, before?: FailedPosition): AsyncGenerator<{ entry: FailedEntry; rec: StoredOutbound }> {
    const from = { ...(before ? { before } : {}), ...(f.since ? { since: f.since.getTime() } : {}) };
    for await (const entry of d.queue.scanFailed(from)) {
      const rec = await d.messages.getOutbound(entry.id);
      if (rec && matches(rec, f, lastError(entry).code)) yield { entry, rec };
    }
  }

  async function list(f: DeadLetterFilter, page: { limit: number; cursor?: FailedPosition }): Promise<{ items: DeadLetter[]; next?: string }> {
    const items: DeadLetter[] = [];
    const types = new Map<string, ChannelType | null>();
    let last: FailedEntry | null = null;
    for await (const { entry, rec } of scan(f, page.cursor)) {
      if (items.length === page.limit) return { items, ...(last ? { next: encodeCursor(last) } : {}) };
      items.push(await present(entry, rec, types));
      last = entry;
    }
    return { items };
  }

  async function select(req: ReplayRequest, skip: (id: string, reason: SkipReason) => void): Promise<Candidate[]> {
    const out: Candidate[] = [];
    if ('ids' in req) {
      for (const id of new Set(req.ids)) {
        const entry = await d.queue.failedEntry(id);
        const rec = entry ? await d.messages.getOutbound(id) : null;
        if (!entry) skip(id, 'not_dead_letter');
        else if (!rec) skip(id, 'message_missing');
        else if (rec.status === 'sent') skip(id, 'already_sent');
        else out.push({ id, conversationId: rec.conversationId, seq: rec.seq });
      }
      return out;
    }
    for await (const { entry, rec } of scan(req.filter)) {
      if (rec.status === 'sent') skip(entry.id, 'already_sent');
      else out.push({ id: entry.id, conversationId: rec.conversationId, seq: rec.seq });
      if (out.length >= MAX_REPLAY) break;
    }
    return out;
  }

  /** the claim: one operator wins the record (failed → queued) and the job (failed → waiting) */
  async function claim(id: string): Promise<SkipReason | null> {
    const rec = await d.messages.getOutbound(id);
    if (!rec) return 'message_missing';
    if (rec.status === 'sent') return 'already_sent';
    // 'queued' with a failed job happens when settling the failure itself failed: the job
    // move below is atomic, so it alone decides who replays it
    if (rec.status === 'failed' && !(await d.messages.markRequeued(id))) return 'claimed_elsewhere';
    return (await d.queue.requeue(id)) ? null : 'claimed_elsewhere';
  }

  async function replay(req: ReplayRequest): Promise<ReplayResult> {
    const skippedItems: ReplayResult['skippedItems'] = [];
    const skip = (id: string, reason: SkipReason): void => void skippedItems.push({ id, reason });
    const candidates = await select(req, skip);
    const chains = new Map<string, Candidate[]>();
    for (const c of candidates) chains.set(c.conversationId, [...(chains.get(c.conversationId) ?? []), c]);
    const ordered = [...chains.values()].map((chain) => chain.sort((a, b) => a.seq - b.seq));
    if (req.dryRun) {
      const ids = ordered.flat().map((c) => c.id);
      return { replayed: ids.length, skipped: skippedItems.length, ids, skippedItems, dryRun: true };
    }

    const ids: string[] = [];
    const runChain = async (chain: Candidate[]): Promise<void> => {
      for (const [i, c] of chain.entries()) {
        const lost = await claim(c.id);
        if (lost) {
          skip(c.id, lost);
          continue;
        }
        ids.push(c.id);
        if (i === chain.length - 1) return;
        // the next one goes only after this one is delivered or failed again
        if (!(await d.queue.waitFinished(c.id, chainWaitMs))) {
          for (const rest of chain.slice(i + 1)) skip(rest.id, 'earlier_message_pending');
          return;
        }
      }
    };
    const pending = [...ordered];
    const lanes = Array.from({ length: Math.min(PARALLEL_CONVERSATIONS, pending.length) }, async () => {
      for (let chain = pending.shift(); chain; chain = pending.shift()) await runChain(chain);
    });
    await Promise.all(lanes);
    return { replayed: ids.length, skipped: skippedItems.length, ids, skippedItems, dryRun: false };
  }

  return { list, replay };
}

export type DeadLetters = ReturnType<typeof createDeadLetters>;

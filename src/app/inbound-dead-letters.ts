// Inbound dead letters: events that failed five times and were set aside so their customer's
// mailbox could move on. Listed without the customer's words (kind, masked user key, customer id,
// last error), and replayed by id, by filter or all: a replayed event goes back to the head of its
// customer's mailbox, so it is processed before anything of that customer still waiting, once.
// Events of that customer processed while it was set aside stay processed (they cannot be
// undone); the replayed one is handled as the latest thing the customer did, with its own time.
import type { ChannelType } from '../domain/channel.js';
import { mailboxOf as mailboxFor, type RecordedEvent } from '../domain/mailbox.js';
import { encodeCursor, maskUserKey, type FailedPosition } from './dead-letters.js';
import type { ChannelStore, InboundQueue } from './ports.js';

export interface InboundDeadEntry extends FailedPosition {
  attempts: number;
  lastError: { code: string; message: string };
  rec: RecordedEvent;
}

export interface InboundDeadStore {
  /** newest first, strictly after `before`, failed at or after `since` (ms) */
  scan(from: { before?: FailedPosition; since?: number }): AsyncIterable<InboundDeadEntry>;
  get(id: string): Promise<InboundDeadEntry | null>;
  /** back to the head of the mailbox, oldest first; returns the ids this call won */
  requeue(mailbox: string, newestFirst: string[]): Promise<string[]>;
  customerIdOf(rec: RecordedEvent): Promise<string | null>;
  count(): Promise<number>;
}

export interface InboundDeadLetterDeps {
  store: InboundDeadStore;
  queue: InboundQueue;
  channels: ChannelStore;
}

export interface InboundDeadFilter {
  channelId?: string;
  customerId?: string;
  code?: string;
  /** failed at or after */
  since?: Date;
}

export interface InboundDeadLetter {
  id: string;
  eventId: string;
  workspaceId: string;
  channelId: string;
  channelType: ChannelType | null;
  /** null when the customer was never created (the event failed before that) */
  customerId: string | null;
  target: { channelUserId: string };
  event: { kind: string };
  attempts: number;
  lastError: { code: string; message: string };
  receivedAt: string;
  failedAt: string;
}

export type InboundReplayRequest = ({ ids: string[] } | { filter: InboundDeadFilter }) & { dryRun?: boolean };
export type InboundSkipReason = 'not_dead_letter' | 'claimed_elsewhere';

export interface InboundReplayResult {
  replayed: number;
  skipped: number;
  ids: string[];
  skippedItems: { id: string; reason: InboundSkipReason }[];
  dryRun: boolean;
}

/** a replay by filter takes at most this many events; run it again for the rest */
export const MAX_INBOUND_REPLAY = 5000;

const mailboxOf = (rec: RecordedEvent): string => mailboxFor(rec.workspaceId, rec.channelType, rec.event.channelUserId);

export function createInboundDeadLetters(d: InboundDeadLetterDeps) {
  async function present(e: InboundDeadEntry, customerId: string | null, types: Map<string, ChannelType | null>): Promise<InboundDeadLetter> {
    const channelId = e.rec.event.channelId;
    if (!types.has(channelId)) types.set(channelId, (await d.channels.get(channelId, { cached: true }))?.type ?? null);
    return {
      id: e.id,
      eventId: e.id,
      workspaceId: e.rec.workspaceId,
      channelId,
      channelType: types.get(channelId) ?? null,
      customerId,
      target: { channelUserId: maskUserKey(e.rec.event.channelUserId) },
      event: { kind: e.rec.event.kind },
      attempts: e.attempts,
      lastError: e.lastError,
      receivedAt: e.rec.receivedAt,
      failedAt: new Date(e.failedAt).toISOString(),
    };
  }

  /** entries with their customer id, filtered, newest first */
  async function* scan(f: InboundDeadFilter, before?: FailedPosition): AsyncGenerator<{ entry: InboundDeadEntry; customerId: string | null }> {
    const from = { ...(before ? { before } : {}), ...(f.since ? { since: f.since.getTime() } : {}) };
    for await (const entry of d.store.scan(from)) {
      if (f.channelId && entry.rec.event.channelId !== f.channelId) continue;
      if (f.code && entry.lastError.code !== f.code) continue;
      const customerId = await d.store.customerIdOf(entry.rec);
      if (f.customerId && customerId !== f.customerId) continue;
      yield { entry, customerId };
    }
  }

  async function list(f: InboundDeadFilter, page: { limit: number; cursor?: FailedPosition }): Promise<{ items: InboundDeadLetter[]; next?: string }> {
    const items: InboundDeadLetter[] = [];
    const types = new Map<string, ChannelType | null>();
    let last: InboundDeadEntry | null = null;
    for await (const { entry, customerId } of scan(f, page.cursor)) {
      if (items.length === page.limit) return { items, ...(last ? { next: encodeCursor(last) } : {}) };
      items.push(await present(entry, customerId, types));
      last = entry;
    }
    return { items };
  }

  async function select(req: InboundReplayRequest, skip: (id: string, reason: InboundSkipReason) => void): Promise<InboundDeadEntry[]> {
    const out: InboundDeadEntry[] = [];
    if ('ids' in req) {
      for (const id of new Set(req.ids)) {
        const entry = await d.store.get(id);
        if (entry) out.push(entry);
        else skip(id, 'not_dead_letter');
      }
      return out;
    }
    for await (const { entry } of scan(req.filter)) {
      out.push(entry);
      if (out.length >= MAX_INBOUND_REPLAY) break;
    }
    return out;
  }

  async function replay(req: InboundReplayRequest): Promise<InboundReplayResult> {
    const skippedItems: InboundReplayResult['skippedItems'] = [];
    const skip = (id: string, reason: InboundSkipReason): void => void skippedItems.push({ id, reason });
    const byMailbox = new Map<string, InboundDeadEntry[]>();
    for (const e of await select(req, skip)) byMailbox.set(mailboxOf(e.rec), [...(byMailbox.get(mailboxOf(e.rec)) ?? []), e]);
    // a mailbox's events failed head first, so their failed-at order is their arrival order
    const ordered = [...byMailbox.entries()].map(([mailbox, es]) => ({ mailbox, ids: es.sort((a, b) => a.failedAt - b.failedAt || Date.parse(a.rec.receivedAt) - Date.parse(b.rec.receivedAt)).map((e) => e.id) }));
    if (req.dryRun) {
      const ids = ordered.flatMap((m) => m.ids);
      return { replayed: ids.length, skipped: skippedItems.length, ids, skippedItems, dryRun: true };
    }
    const ids: string[] = [];
    for (const { mailbox, ids: oldestFirst } of ordered) {
      const won = new Set(await d.store.requeue(mailbox, [...oldestFirst].reverse()));
      for (const id of oldestFirst) {
        if (won.has(id)) ids.push(id);
        else skip(id, 'claimed_elsewhere');
      }
      // the sweeper drains it anyway should this request be lost
      if (won.size > 0) await d.queue.drain(mailbox).catch(() => undefined);
    }
    return { replayed: ids.length, skipped: skippedItems.length, ids, skippedItems, dryRun: false };
  }

  return { list, replay, count: () => d.store.count() };
}

export type InboundDeadLetters = ReturnType<typeof createInboundDeadLetters>;

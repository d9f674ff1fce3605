// talkgate dead-letters list|replay: outbound sends that failed for good, and their replay in
// batches of whole conversations so the gateway keeps each conversation's order.
import { EXIT, filterOf, flag, limitOf, strs, usage } from './args.js';
import type { Call, CliIo } from './client.js';
import { defineCommand } from './command.js';
import { cell, formatTable, replayReport, type ReplayTotals } from './output.js';

export const BATCH = 50;
const PAGE = 500;
const FILTER = { channel: 'channelId', conversation: 'conversationId', code: 'code', since: 'since' };

export interface Filter {
  channelId?: string;
  conversationId?: string;
  code?: string;
  since?: string;
}

interface DeadLetterItem {
  id: string;
  conversationId: string;
  channelId: string;
  channelType: string | null;
  seq: number;
  attempts: number;
  lastError: { code: string; message: string };
  message: { kind: string; text?: string; imageUrl?: string };
  failedAt: string;
}

/** pages through GET {path} until `limit` items; `more` when the gateway had further ones */
export async function listAll<T>(call: Call, path: string, f: Record<string, string>, limit: number): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ ...f, limit: String(Math.min(PAGE, limit - items.length)), ...(cursor ? { cursor } : {}) });
    const page = await call('GET', `${path}?${q.toString()}`);
    items.push(...(page['items'] as T[]));
    cursor = page['next'] as string | undefined;
  } while (cursor && items.length < limit);
  return { items, more: cursor !== undefined };
}

/** whole conversations per batch (in sequence order), so the gateway can keep each one's order */
export function batchesOf(items: { id: string; conversationId: string; seq: number }[], size = BATCH): string[][] {
  const groups = new Map<string, typeof items>();
  for (const i of items) groups.set(i.conversationId, [...(groups.get(i.conversationId) ?? []), i]);
  const batches: string[][] = [];
  let current: string[] = [];
  for (const g of groups.values()) {
    const ids = g.sort((a, b) => a.seq - b.seq).map((i) => i.id);
    if (current.length > 0 && current.length + ids.length > size) {
      batches.push(current);
      current = [];
    }
    // one conversation larger than the API's limit is cut where it must be
    for (let i = 0; i < ids.length; i += PAGE) {
      if (i > 0) {
        batches.push(current);
        current = [];
      }
      current.push(...ids.slice(i, i + PAGE));
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** posts the batches one after another, summing the answers, with progress on stderr */
export async function replayBatches(call: Call, path: string, batches: string[][], dryRun: boolean, io: CliIo): Promise<ReplayTotals> {
  const total: ReplayTotals = { replayed: 0, skipped: 0, ids: [], skippedItems: [], dryRun };
  const count = batches.reduce((n, b) => n + b.length, 0);
  let done = 0;
  for (const ids of batches) {
    const r = (await call('POST', path, { ids, dryRun })) as unknown as ReplayTotals;
    total.replayed += r.replayed;
    total.skipped += r.skipped;
    total.ids.push(...r.ids);
    total.skippedItems.push(...r.skippedItems);
    done += ids.length;
    if (batches.length > 1) {
      const line = `${dryRun ? 'checked' : 'replayed'} ${done}/${count} (${total.replayed} ${dryRun ? 'replayable' : 'replayed'}, ${total.skipped} skipped)`;
      io.err(io.tty ? `\r${line}${done === count ? '\n' : ''}` : `${line}\n`);
    }
  }
  return total;
}

export const deadLetterCommands = [
  defineCommand({
    name: 'dead-letters list',
    usage: `  dead-letters list                   sends that failed for good, newest first
      [--channel ID] [--conversation ID] [--code CODE] [--since ISO-TIME] [--limit N (50)]`,
    options: { channel: { type: 'string' }, conversation: { type: 'string' }, code: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } },
    parse: (v, json) => ({ kind: 'list', json, filter: filterOf(v, FILTER), limit: limitOf(v) }),
    async run(cmd, { call, io }) {
      const { items, more } = await listAll<DeadLetterItem>(call, '/v1/ops/dead-letters', { ...cmd.filter }, cmd.limit);
      if (cmd.json) {
        io.out(`${JSON.stringify({ items, more })}\n`);
        return EXIT.ok;
      }
      const rows = items.map((i) => [
        i.failedAt.slice(0, 19).replace('T', ' '), i.id, `${i.channelId} (${i.channelType ?? '?'})`, i.conversationId,
        cell(i.lastError.code, 16), String(i.attempts), cell(i.message.text ?? i.message.imageUrl ?? `[${i.message.kind}]`),
      ]);
      io.out(items.length ? `${formatTable(['FAILED AT (UTC)', 'MESSAGE', 'CHANNEL', 'CONVERSATION', 'CODE', 'ATTEMPTS', 'TEXT'], rows)}\n` : '');
      io.out(`${items.length} dead letter${items.length === 1 ? '' : 's'}${more ? ` shown; more match (raise --limit)` : ''}\n`);
      return EXIT.ok;
    },
  }),
  defineCommand({
    name: 'dead-letters replay',
    usage: `  dead-letters replay                 re-send them (attempts reset, order kept per conversation)
      --id ID [--id ID …]  |  --channel ID [--conversation ID] [--code CODE] [--since ISO-TIME]
      [--dry-run]`,
    options: { id: { type: 'string', multiple: true }, channel: { type: 'string' }, conversation: { type: 'string' }, code: { type: 'string' },
      since: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    parse(v, json) {
      const ids = strs(v, 'id');
      const filter = filterOf(v, FILTER) as Filter;
      if (ids.length > 0 && Object.keys(filter).length > 0) throw usage('replay either --id … or --channel/--conversation, not both');
      if (ids.length === 0 && !filter.channelId && !filter.conversationId) throw usage('say what to replay: --id ID, or --channel ID');
      return { kind: 'replay', json, dryRun: flag(v, 'dry-run'), ids, filter };
    },
    async run(cmd, { call, io }) {
      const batches: string[][] = [];
      if (cmd.ids.length > 0) for (let i = 0; i < cmd.ids.length; i += BATCH) batches.push(cmd.ids.slice(i, i + BATCH));
      else batches.push(...batchesOf((await listAll<DeadLetterItem>(call, '/v1/ops/dead-letters', { ...cmd.filter }, 1_000_000)).items));
      const r = await replayBatches(call, '/v1/ops/dead-letters/replay', batches, cmd.dryRun, io);
      io.out(cmd.json ? `${JSON.stringify(r)}\n` : replayReport(r, 'MESSAGE'));
      return r.skipped > 0 ? EXIT.partial : EXIT.ok;
    },
  }),
];

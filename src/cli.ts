// talkgate: the on-call command line. It talks to a running gateway's ops API (TALKGATE_URL,
// TALKGATE_TOKEN or ADMIN_TOKEN), never to Redis. Tables for people, --json for scripts.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseWebhooksCommand, runWebhooksCommand, WEBHOOKS_USAGE } from './cli/webhooks-command.js';

export const EXIT = { ok: 0, partial: 1, usage: 2, unreachable: 3, server: 4 } as const;
export const BATCH = 50;
const PAGE = 500;

export const USAGE = `usage: talkgate <command> [options]

  queues                              job counts per queue and state
  dead-letters list                   sends that failed for good, newest first
      [--channel ID] [--conversation ID] [--code CODE] [--since ISO-TIME] [--limit N (50)]
  dead-letters replay                 re-send them (attempts reset, order kept per conversation)
      --id ID [--id ID …]  |  --channel ID [--conversation ID] [--code CODE] [--since ISO-TIME]
      [--dry-run]
${WEBHOOKS_USAGE}

  --json   machine-readable output        environment: TALKGATE_URL (http://localhost:8080),
                                          TALKGATE_TOKEN or ADMIN_TOKEN
exit codes: 0 ok, 1 some skipped, 2 usage error, 3 gateway unreachable or token refused, 4 server error`;

export interface Filter {
  channelId?: string;
  conversationId?: string;
  code?: string;
  since?: string;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'queues'; json: boolean }
  | { kind: 'list'; json: boolean; filter: Filter; limit: number }
  | { kind: 'replay'; json: boolean; dryRun: boolean; ids: string[]; filter: Filter };

export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

const usage = (message: string): CliError => new CliError(`${message}\n\n${USAGE}`, EXIT.usage);

export function parseCli(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        channel: { type: 'string' },
        conversation: { type: 'string' },
        code: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        id: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw usage(err instanceof Error ? err.message : String(err));
  }
  const { values: v, positionals: p } = parsed;
  const json = v.json ?? false;
  const command = p.join(' ');
  if (v.help || command === 'help' || command === '') return { kind: 'help' };
  const filter: Filter = {
    ...(v.channel ? { channelId: v.channel } : {}),
    ...(v.conversation ? { conversationId: v.conversation } : {}),
    ...(v.code ? { code: v.code } : {}),
    ...(v.since !== undefined ? { since: isoTime(v.since) } : {}),
  };
  const only = (allowed: string[]): void => {
    const extra = Object.keys(v).filter((k) => !allowed.includes(k) && k !== 'json');
    if (extra.length) throw usage(`${command} does not take --${extra.join(', --')}`);
  };
  switch (command) {
    case 'queues':
      only([]);
      return { kind: 'queues', json };
    case 'dead-letters list': {
      only(['channel', 'conversation', 'code', 'since', 'limit']);
      const limit = Number(v.limit ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw usage('--limit must be a whole number from 1 to 100000');
      return { kind: 'list', json, filter, limit };
    }
    case 'dead-letters replay': {
      only(['id', 'channel', 'conversation', 'code', 'since', 'dry-run']);
      const ids = v.id ?? [];
      if (ids.length > 0 && Object.keys(filter).length > 0) throw usage('replay either --id … or --channel/--conversation, not both');
      if (ids.length === 0 && !filter.channelId && !filter.conversationId) throw usage('say what to replay: --id ID, or --channel ID');
      return { kind: 'replay', json, dryRun: v['dry-run'] ?? false, ids, filter };
    }
    default:
      throw usage(`unknown command: ${command}`);
  }
}

function isoTime(s: string): string {
  const t = /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(s) : NaN;
  if (Number.isNaN(t)) throw usage(`--since must be an ISO time such as 2026-05-01T09:00:00+09:00 (got ${JSON.stringify(s)})`);
  return new Date(t).toISOString();
}

/** terminal columns: Hangul, CJK and full-width forms take two */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** one line of plain text: control characters (terminal escapes included) become spaces */
export function cell(value: string | number | null | undefined, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const s = String(value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (displayWidth(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: string[]): string =>
    r.map((v, i) => (i === r.length - 1 ? v : v + ' '.repeat((widths[i] ?? 0) - displayWidth(v)))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  fetch: typeof fetch;
  /** stderr is a terminal: progress rewrites one line */
  tty: boolean;
}

type Env = Record<string, string | undefined>;
type Json = Record<string, unknown>;

function client(env: Env, io: CliIo) {
  const base = (env['TALKGATE_URL'] ?? 'http://localhost:8080').replace(/\/+$/, '');
  const token = env['TALKGATE_TOKEN'] ?? env['ADMIN_TOKEN'] ?? '';
  return async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Json> => {
    let res: Response;
    try {
      res = await io.fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      const c = (err as { cause?: { code?: string; message?: string } }).cause;
      const cause = c?.code ?? c?.message ?? (err as Error).message;
      throw new CliError(`cannot reach the gateway at ${base} (${cause}); set TALKGATE_URL`, EXIT.unreachable);
    }
    const text = await res.text();
    let json: Json = {};
    try {
      json = text ? (JSON.parse(text) as Json) : {};
    } catch {
      // not JSON (a proxy page?): the status says enough
    }
    if (res.ok) return json;
    const e = (json['error'] ?? {}) as { code?: string; message?: string; details?: { path: string; message: string }[] };
    const what = `${e.message ?? `HTTP ${res.status}`}${e.details?.length ? ` (${e.details.map((d) => `${d.path} ${d.message}`).join('; ')})` : ''}`;
    if (res.status === 401 || res.status === 403) throw new CliError(`the gateway refused the token: ${what}; set TALKGATE_TOKEN`, EXIT.unreachable);
    if (res.status < 500) throw new CliError(`the gateway refused the request: ${what}`, EXIT.usage);
    throw new CliError(`the gateway failed: ${what}`, EXIT.server);
  };
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

function query(f: Filter, limit: number, cursor?: string): string {
  const q = new URLSearchParams({ ...f, limit: String(limit), ...(cursor ? { cursor } : {}) });
  return `/v1/ops/dead-letters?${q.toString()}`;
}

async function listAll(call: ReturnType<typeof client>, f: Filter, limit: number): Promise<{ items: DeadLetterItem[]; more: boolean }> {
  const items: DeadLetterItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await call('GET', query(f, Math.min(PAGE, limit - items.length), cursor));
    items.push(...(page['items'] as DeadLetterItem[]));
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

interface ReplayTotals {
  replayed: number;
  skipped: number;
  ids: string[];
  skippedItems: { id: string; reason: string }[];
  dryRun: boolean;
}

async function replay(call: ReturnType<typeof client>, cmd: Extract<Command, { kind: 'replay' }>, io: CliIo): Promise<ReplayTotals> {
  let batches: string[][];
  if (cmd.ids.length > 0) {
    batches = [];
    for (let i = 0; i < cmd.ids.length; i += BATCH) batches.push(cmd.ids.slice(i, i + BATCH));
  } else {
    batches = batchesOf((await listAll(call, cmd.filter, 1_000_000)).items);
  }
  const total: ReplayTotals = { replayed: 0, skipped: 0, ids: [], skippedItems: [], dryRun: cmd.dryRun };
  const count = batches.reduce((n, b) => n + b.length, 0);
  let done = 0;
  for (const ids of batches) {
    const r = (await call('POST', '/v1/ops/dead-letters/replay', { ids, dryRun: cmd.dryRun })) as unknown as ReplayTotals;
    total.replayed += r.replayed;
    total.skipped += r.skipped;
    total.ids.push(...r.ids);
    total.skippedItems.push(...r.skippedItems);
    done += ids.length;
    if (batches.length > 1) {
      const line = `${cmd.dryRun ? 'checked' : 'replayed'} ${done}/${count} (${total.replayed} ${cmd.dryRun ? 'replayable' : 'replayed'}, ${total.skipped} skipped)`;
      io.err(io.tty ? `\r${line}${done === count ? '\n' : ''}` : `${line}\n`);
    }
  }
  return total;
}

export async function runCli(argv: string[], env: Env, io: CliIo): Promise<number> {
  try {
    if (argv[0] === 'webhooks') {
      const wh = parseWebhooksCommand(argv.slice(1), usage);
      return await runWebhooksCommand(wh, { call: client(env, io), out: (s) => io.out(s), formatTable, usage });
    }
    const cmd = parseCli(argv);
    if (cmd.kind === 'help') {
      io.out(`${USAGE}\n`);
      return EXIT.ok;
    }
    const call = client(env, io);
    if (cmd.kind === 'queues') {
      const r = await call('GET', '/v1/ops/queues');
      if (cmd.json) {
        io.out(`${JSON.stringify(r)}\n`);
        return EXIT.ok;
      }
      const queues = r['queues'] as { name: string; paused: boolean; counts: Record<string, number> }[];
      const states = ['waiting', 'active', 'delayed', 'failed', 'completed'];
      io.out(`${formatTable(['QUEUE', ...states.map((s) => s.toUpperCase()), 'PAUSED'], queues.map((q) => [q.name, ...states.map((s) => String(q.counts[s] ?? 0)), q.paused ? 'yes' : 'no']))}\n`);
      return EXIT.ok;
    }
    if (cmd.kind === 'list') {
      const { items, more } = await listAll(call, cmd.filter, cmd.limit);
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
    }
    const r = await replay(call, cmd, io);
    if (cmd.json) io.out(`${JSON.stringify(r)}\n`);
    else {
      const rows = [...r.ids.map((id) => [id, r.dryRun ? 'would replay' : 'replayed']), ...r.skippedItems.map((s) => [s.id, `skipped: ${s.reason}`])];
      if (rows.length) io.out(`${formatTable(['MESSAGE', 'RESULT'], rows)}\n`);
      io.out(`${r.dryRun ? 'dry run: would replay' : 'replayed'} ${r.replayed}, skipped ${r.skipped}\n`);
    }
    return r.skipped > 0 ? EXIT.partial : EXIT.ok;
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`talkgate: ${err.message}\n`);
      return err.exitCode;
    }
    io.err(`talkgate: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.server;
  }
}

const isMain = (): boolean => !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;

export async function main(argv = process.argv.slice(2)): Promise<number> {
  return runCli(argv, process.env, {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    fetch: globalThis.fetch,
    tty: process.stderr.isTTY === true,
  });
}

if (isMain()) process.exitCode = await main();

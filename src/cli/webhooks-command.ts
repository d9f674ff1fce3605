// `talkgate webhooks list-failed|resend`: failed webhook deliveries of a workspace, and resending
// them (by event id or every one failed since a time), through the webhook API. cli.ts owns the
// HTTP client, the errors and the exit codes; this file only parses and prints its command.
import { parseArgs } from 'node:util';

export const WEBHOOKS_USAGE = `  webhooks list-failed                failed webhook deliveries, newest first
      --workspace WS [--endpoint ID] [--limit N (50)]
  webhooks resend                     deliver them again (same event ids, order kept per conversation)
      --workspace WS [--endpoint ID] (--id EVENT [--id EVENT …] | --since ISO-TIME) [--dry-run]`;

type Json = Record<string, unknown>;

export interface WebhooksCliDeps {
  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Json>;
  out(s: string): void;
  formatTable(headers: string[], rows: string[][]): string;
  /** an error that cli.ts reports with the usage text and exit code 2 */
  usage(message: string): Error;
}

export type WebhooksCommand =
  | { kind: 'list-failed'; json: boolean; workspace: string; endpoint: string | null; limit: number }
  | { kind: 'resend'; json: boolean; workspace: string; endpoint: string | null; ids: string[]; since: string | null; dryRun: boolean };

interface FailedItem {
  eventId: string;
  type: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  at: string;
}

export function parseWebhooksCommand(argv: string[], usage: WebhooksCliDeps['usage']): WebhooksCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        workspace: { type: 'string' },
        endpoint: { type: 'string' },
        limit: { type: 'string' },
        id: { type: 'string', multiple: true },
        since: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw usage(err instanceof Error ? err.message : String(err));
  }
  const { values: v, positionals: p } = parsed;
  const sub = p.join(' ');
  if (!v.workspace) throw usage(`webhooks ${sub} needs --workspace WS`);
  const base = { json: v.json ?? false, workspace: v.workspace, endpoint: v.endpoint ?? null };
  if (sub === 'list-failed') {
    if (v.id || v.since || v['dry-run']) throw usage('webhooks list-failed takes --workspace, --endpoint and --limit');
    const limit = Number(v.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw usage('--limit must be a whole number from 1 to 1000');
    return { kind: 'list-failed', ...base, limit };
  }
  if (sub === 'resend') {
    const ids = v.id ?? [];
    if (v.limit) throw usage('webhooks resend does not take --limit');
    if ((ids.length > 0) === (v.since !== undefined)) throw usage('webhooks resend needs either --id EVENT … or --since ISO-TIME');
    let since: string | null = null;
    if (v.since !== undefined) {
      const t = Date.parse(v.since);
      if (Number.isNaN(t)) throw usage(`--since ${v.since} is not a time; use e.g. 2026-12-04T09:00:00+09:00`);
      since = new Date(t).toISOString();
    }
    return { kind: 'resend', ...base, ids, since, dryRun: v['dry-run'] ?? false };
  }
  throw usage(`unknown command: webhooks ${sub}`);
}

async function endpointsOf(d: WebhooksCliDeps, cmd: WebhooksCommand): Promise<string[]> {
  if (cmd.endpoint) return [cmd.endpoint];
  const r = await d.call('GET', `/v1/workspaces/${encodeURIComponent(cmd.workspace)}/webhooks`);
  return (r['items'] as { id: string }[]).map((e) => e.id);
}

/** runs the command; resolves to the exit code (0) — failures are thrown as cli.ts errors */
export async function runWebhooksCommand(cmd: WebhooksCommand, d: WebhooksCliDeps): Promise<number> {
  const ws = `/v1/workspaces/${encodeURIComponent(cmd.workspace)}/webhooks`;
  const endpoints = await endpointsOf(d, cmd);
  if (cmd.kind === 'list-failed') {
    const items: (FailedItem & { endpointId: string })[] = [];
    for (const ep of endpoints) {
      const r = await d.call('GET', `${ws}/${encodeURIComponent(ep)}/attempts?status=failed&limit=${cmd.limit}`);
      items.push(...(r['items'] as FailedItem[]).map((i) => ({ ...i, endpointId: ep })));
    }
    items.sort((a, b) => b.at.localeCompare(a.at));
    const shown = items.slice(0, cmd.limit);
    if (cmd.json) {
      d.out(`${JSON.stringify({ items: shown })}\n`);
      return 0;
    }
    const rows = shown.map((i) => [i.at.slice(0, 19).replace('T', ' '), i.endpointId, i.eventId, i.type, String(i.attempts), i.lastStatusCode === null ? '-' : String(i.lastStatusCode), (i.lastError ?? '').slice(0, 40)]);
    if (rows.length) d.out(`${d.formatTable(['LAST ATTEMPT (UTC)', 'ENDPOINT', 'EVENT', 'TYPE', 'ATTEMPTS', 'STATUS', 'ERROR'], rows)}\n`);
    d.out(`${shown.length} failed deliver${shown.length === 1 ? 'y' : 'ies'}\n`);
    return 0;
  }
  const results: { endpointId: string; queued: number; eventIds?: string[] }[] = [];
  for (const ep of endpoints) {
    const body = { ...(cmd.since ? { since: cmd.since } : { eventIds: cmd.ids }), ...(cmd.dryRun ? { dryRun: true } : {}) };
    const r = await d.call('POST', `${ws}/${encodeURIComponent(ep)}/resend`, body);
    results.push({ endpointId: ep, queued: Number(r['queued'] ?? 0), ...(cmd.dryRun ? { eventIds: r['eventIds'] as string[] } : {}) });
  }
  const queued = results.reduce((n, r) => n + r.queued, 0);
  if (cmd.json) d.out(`${JSON.stringify({ dryRun: cmd.dryRun, queued, endpoints: results })}\n`);
  else {
    if (cmd.dryRun) {
      const rows = results.flatMap((r) => (r.eventIds ?? []).map((id) => [r.endpointId, id]));
      if (rows.length) d.out(`${d.formatTable(['ENDPOINT', 'EVENT'], rows)}\n`);
    }
    d.out(`${cmd.dryRun ? 'dry run: would queue' : 'queued'} ${queued} event${queued === 1 ? '' : 's'} again\n`);
  }
  return 0;
}

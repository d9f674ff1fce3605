// talkgate webhooks list-failed|resend: failed webhook deliveries of a workspace, and resending
// them (by event id, or every one failed since a time) through the webhook API; a resent
// event keeps its id and its place in its conversation's order.
import { EXIT, flag, isoTime, str, strs, usage, type OptionValues } from './args.js';
import type { Call } from './client.js';
import { defineCommand } from './command.js';
import { cell, formatTable } from './output.js';

interface FailedItem {
  eventId: string;
  type: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  at: string;
}

interface Target {
  workspace: string;
  endpoint: string | null;
}

function targetOf(v: OptionValues, name: string): Target {
  const workspace = str(v, 'workspace');
  if (!workspace) throw usage(`${name} needs --workspace WS`);
  return { workspace, endpoint: str(v, 'endpoint') ?? null };
}

const base = (t: Target): string => `/v1/workspaces/${encodeURIComponent(t.workspace)}/webhooks`;

/** the endpoint asked for, or every endpoint of the workspace */
async function endpointsOf(call: Call, t: Target): Promise<string[]> {
  if (t.endpoint) return [t.endpoint];
  const r = await call('GET', base(t));
  return (r['items'] as { id: string }[]).map((e) => e.id);
}

const TARGET_OPTIONS = { workspace: { type: 'string' }, endpoint: { type: 'string' } } as const;

export const webhookCommands = [
  defineCommand({
    name: 'webhooks list-failed',
    usage: `  webhooks list-failed                webhook deliveries given up, newest first
      --workspace WS [--endpoint ID] [--limit N (50)]`,
    options: { ...TARGET_OPTIONS, limit: { type: 'string' } },
    parse(v, json) {
      const limit = Number(str(v, 'limit') ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw usage('--limit must be a whole number from 1 to 1000');
      return { kind: 'webhooks-list-failed', json, target: targetOf(v, 'webhooks list-failed'), limit };
    },
    async run(cmd, { call, io }) {
      const items: (FailedItem & { endpointId: string })[] = [];
      for (const ep of await endpointsOf(call, cmd.target)) {
        const r = await call('GET', `${base(cmd.target)}/${encodeURIComponent(ep)}/attempts?status=failed&limit=${cmd.limit}`);
        items.push(...(r['items'] as FailedItem[]).map((i) => ({ ...i, endpointId: ep })));
      }
      const shown = items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, cmd.limit);
      if (cmd.json) {
        io.out(`${JSON.stringify({ items: shown })}\n`);
        return EXIT.ok;
      }
      const rows = shown.map((i) => [
        i.at.slice(0, 19).replace('T', ' '), i.endpointId, i.eventId, i.type, String(i.attempts),
        i.lastStatusCode === null ? '-' : String(i.lastStatusCode), cell(i.lastError ?? ''),
      ]);
      if (rows.length) io.out(`${formatTable(['LAST ATTEMPT (UTC)', 'ENDPOINT', 'EVENT', 'TYPE', 'ATTEMPTS', 'STATUS', 'ERROR'], rows)}\n`);
      io.out(`${shown.length} failed deliver${shown.length === 1 ? 'y' : 'ies'}\n`);
      return EXIT.ok;
    },
  }),
  defineCommand({
    name: 'webhooks resend',
    usage: `  webhooks resend                     deliver them again (same event ids, order kept per conversation)
      --workspace WS [--endpoint ID] (--id EVENT [--id EVENT …] | --since ISO-TIME) [--dry-run]`,
    options: { ...TARGET_OPTIONS, id: { type: 'string', multiple: true }, since: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    parse(v, json) {
      const ids = strs(v, 'id');
      const sinceText = str(v, 'since');
      if ((ids.length > 0) === (sinceText !== undefined)) throw usage('webhooks resend needs either --id EVENT … or --since ISO-TIME');
      return { kind: 'webhooks-resend', json, target: targetOf(v, 'webhooks resend'), ids, since: sinceText === undefined ? null : isoTime(sinceText), dryRun: flag(v, 'dry-run') };
    },
    async run(cmd, { call, io }) {
      const results: { endpointId: string; queued: number; eventIds?: string[] }[] = [];
      for (const ep of await endpointsOf(call, cmd.target)) {
        const body = { ...(cmd.since ? { since: cmd.since } : { eventIds: cmd.ids }), ...(cmd.dryRun ? { dryRun: true } : {}) };
        const r = await call('POST', `${base(cmd.target)}/${encodeURIComponent(ep)}/resend`, body);
        results.push({ endpointId: ep, queued: Number(r['queued'] ?? 0), ...(cmd.dryRun ? { eventIds: r['eventIds'] as string[] } : {}) });
      }
      const queued = results.reduce((n, r) => n + r.queued, 0);
      if (cmd.json) {
        io.out(`${JSON.stringify({ dryRun: cmd.dryRun, queued, endpoints: results })}\n`);
        return EXIT.ok;
      }
      const rows = results.flatMap((r) => (r.eventIds ?? []).map((id) => [r.endpointId, id]));
      if (rows.length) io.out(`${formatTable(['ENDPOINT', 'EVENT'], rows)}\n`);
      io.out(`${cmd.dryRun ? 'dry run: would queue' : 'queued'} ${queued} event${queued === 1 ? '' : 's'} again\n`);
      return EXIT.ok;
    },
  }),
];

// talkgate inbound-dead-letters list|replay: customer events set aside after five failed
// attempts, and their replay into the customer's mailbox (processed once, oldest first).
import { EXIT, filterOf, flag, limitOf, strs, usage } from './args.js';
import { defineCommand } from './command.js';
import { BATCH, listAll, replayBatches } from './dead-letters.js';
import { cell, formatTable, replayReport, type ReplayTotals } from './output.js';

const FILTER = { channel: 'channelId', customer: 'customerId', code: 'code', since: 'since' };
const LIST = '/v1/ops/inbound-dead-letters';
const REPLAY = '/v1/ops/inbound-dead-letters/replay';

interface InboundDeadLetterItem {
  id: string;
  channelId: string;
  channelType: string | null;
  customerId: string | null;
  event: { kind: string };
  attempts: number;
  lastError: { code: string; message: string };
  failedAt: string;
}

export const inboundDeadLetterCommands = [
  defineCommand({
    name: 'inbound-dead-letters list',
    usage: `  inbound-dead-letters list           customer events set aside after 5 failed attempts, newest first
      [--channel ID] [--customer ID] [--code CODE] [--since ISO-TIME] [--limit N (50)]`,
    options: { channel: { type: 'string' }, customer: { type: 'string' }, code: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } },
    parse: (v, json) => ({ kind: 'inbound-list', json, filter: filterOf(v, FILTER), limit: limitOf(v) }),
    async run(cmd, { call, io }) {
      const { items, more } = await listAll<InboundDeadLetterItem>(call, LIST, cmd.filter, cmd.limit);
      if (cmd.json) {
        io.out(`${JSON.stringify({ items, more })}\n`);
        return EXIT.ok;
      }
      const rows = items.map((i) => [
        i.failedAt.slice(0, 19).replace('T', ' '), i.id, `${i.channelId} (${i.channelType ?? '?'})`, i.customerId ?? '-', i.event.kind,
        cell(i.lastError.code, 16), String(i.attempts), cell(i.lastError.message),
      ]);
      io.out(items.length ? `${formatTable(['FAILED AT (UTC)', 'EVENT', 'CHANNEL', 'CUSTOMER', 'KIND', 'CODE', 'ATTEMPTS', 'ERROR'], rows)}\n` : '');
      io.out(`${items.length} inbound dead letter${items.length === 1 ? '' : 's'}${more ? ` shown; more match (raise --limit)` : ''}\n`);
      return EXIT.ok;
    },
  }),
  defineCommand({
    name: 'inbound-dead-letters replay',
    usage: `  inbound-dead-letters replay         process them again, at the head of their customer's mailbox
      --id ID [--id ID …]  |  --all  |  --channel ID | --customer ID | --code CODE | --since ISO-TIME
      [--dry-run]`,
    options: { id: { type: 'string', multiple: true }, all: { type: 'boolean' }, channel: { type: 'string' }, customer: { type: 'string' },
      code: { type: 'string' }, since: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    parse(v, json) {
      const ids = strs(v, 'id');
      const all = flag(v, 'all');
      const filter = filterOf(v, FILTER);
      if ([ids.length > 0, all, Object.keys(filter).length > 0].filter(Boolean).length > 1) throw usage('replay either --id …, --all, or a filter, not several');
      if (ids.length === 0 && !all && Object.keys(filter).length === 0) throw usage('say what to replay: --id ID, --all, or --channel/--customer/--code/--since');
      return { kind: 'inbound-replay', json, dryRun: flag(v, 'dry-run'), ids, all, filter };
    },
    async run(cmd, { call, io }) {
      let r: ReplayTotals;
      if (cmd.ids.length > 0) {
        const batches: string[][] = [];
        for (let i = 0; i < cmd.ids.length; i += BATCH) batches.push(cmd.ids.slice(i, i + BATCH));
        r = await replayBatches(call, REPLAY, batches, cmd.dryRun, io);
      } else {
        // the gateway selects and orders them per customer itself
        r = (await call('POST', REPLAY, { ...(cmd.all ? { all: true } : cmd.filter), dryRun: cmd.dryRun })) as unknown as ReplayTotals;
      }
      io.out(cmd.json ? `${JSON.stringify(r)}\n` : replayReport(r, 'EVENT'));
      return r.skipped > 0 ? EXIT.partial : EXIT.ok;
    },
  }),
];

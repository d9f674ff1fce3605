// talkgate queues: job counts per queue and state.
import { defineCommand } from './command.js';
import { formatTable } from './output.js';
import { EXIT } from './args.js';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'];

export const queueCommands = [
  defineCommand({
    name: 'queues',
    usage: '  queues                              job counts per queue and state',
    options: {},
    parse: (_v, json) => ({ kind: 'queues', json }),
    async run(cmd, { call, io }) {
      const r = await call('GET', '/v1/ops/queues');
      if (cmd.json) {
        io.out(`${JSON.stringify(r)}\n`);
        return EXIT.ok;
      }
      const queues = r['queues'] as { name: string; paused: boolean; counts: Record<string, number> }[];
      const rows = queues.map((q) => [q.name, ...STATES.map((s) => String(q.counts[s] ?? 0)), q.paused ? 'yes' : 'no']);
      io.out(`${formatTable(['QUEUE', ...STATES.map((s) => s.toUpperCase()), 'PAUSED'], rows)}\n`);
      return EXIT.ok;
    },
  }),
];

// `npm run bench`: images, ingest, outbound, web chat streams, recovery after kill -9, webhooks and Redis memory per message in sequence, one table at the
// end with the machine it ran on. Each bench also runs alone (npx tsx bench/<name>.ts).
import os from 'node:os';
import { runImagesBench } from './images.js';
import { runIngestBench } from './ingest.js';
import { runKakaoSyncBench } from './kakao-sync.js';
import { runOutboundBench } from './outbound.js';
import { runRecoveryBench } from './recovery.js';
import { runMemoryBench } from './redis-memory.js';
import { machineInfo, renderTable, type BenchRow } from './lib/report.js';
import { fmtRatio } from './lib/stats.js';
import { runWebchatBench } from './webchat-streams.js';
import { runWebhooksBench } from './webhooks.js';

const rows: BenchRow[] = [];
const notes: string[] = [];
const loads: string[] = [];
const started = Date.now();

async function step(name: string, run: () => Promise<{ rows: BenchRow[]; notes: string[] }>): Promise<void> {
  const t0 = Date.now();
  loads.push(`${name} ${os.loadavg()[0]!.toFixed(1)}`);
  process.stderr.write(`▶ ${name}…\n`);
  try {
    const r = await run();
    rows.push(...r.rows);
    notes.push(...r.notes.map((n) => `${name}: ${n}`));
  } catch (err) {
    rows.push({ name, measured: `failed: ${(err as Error).message}`, baseline: '—', target: '—', met: false });
  }
  process.stderr.write(`  ${name} took ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

await step('images', async () => {
  const r = await runImagesBench();
  return {
    rows: [
      {
        name: 'images: normaliseKakaoImage',
        measured: `${r.opsPerSec.toFixed(1)} op/s`,
        baseline: `sharp(buf).resize(500): ${r.baselineOpsPerSec.toFixed(1)} op/s`,
        target: `${fmtRatio(r.ratio)} (≥ ${r.target})`,
        met: r.met,
      },
      {
        name: 'images: full upload (original + Kakao copy)',
        measured: `${r.fullUpload.opsPerSec.toFixed(1)} op/s`,
        baseline: `sharp(buf).resize(500): ${r.baselineOpsPerSec.toFixed(1)} op/s`,
        target: `${fmtRatio(r.fullUpload.ratio)} (information: does more)`,
        met: null,
      },
    ],
    notes: [],
  };
});
await step('ingest', () => runIngestBench());
await step('kakao sync', () => runKakaoSyncBench());
await step('outbound', () => runOutboundBench());
await step('webchat', () => runWebchatBench());
await step('recovery', () => runRecoveryBench());
await step('webhooks', () => runWebhooksBench());
await step('redis memory', () => runMemoryBench());

console.log('');
for (const n of notes) console.log(n);
console.log('');
console.log(renderTable(rows));
console.log('');
console.log(`Machine: ${machineInfo()}`);
console.log(`1-min load average at the start of each bench (other work on the machine skews absolute figures; ratios compare runs made side by side): ${loads.join(', ')}`);
console.log(`Total ${((Date.now() - started) / 1000).toFixed(0)} s. ${rows.filter((r) => r.met === false).length} of ${rows.filter((r) => r.met !== null).length} targets missed.`);

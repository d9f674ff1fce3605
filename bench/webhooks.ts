// Webhooks: events written into a workspace's event log, delivered by the gateway (dispatcher →
// per-conversation chains → BullMQ → signed POST) to a local receiver, against the rate of the
// gateway's own outbound-send pipeline measured in the same run, same process kind and same
// WORKER_CONCURRENCY (agent messages → Kakao double, as bench/outbound.ts).   npx tsx bench/webhooks.ts
//
// The receiver is the Kakao double child (it answers 200 and reports each arrival's marker); the
// events are appended straight to the log (XADD, pipelined), spread over 100 conversations so
// per-conversation order is not what is measured. events/s = count ÷ (first XADD → last arrival).
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createKeys } from '../src/infra/keys.js';
import { apiClient, createWorkspace } from './lib/api-client.js';
import { startBenchRedis } from './lib/redis.js';
import { renderTable, type BenchRow } from './lib/report.js';
import { startServerChild, type ServerChild } from './lib/server-child.js';
import { fmtInt, fmtRatio, nowMs } from './lib/stats.js';
import { Arrivals, gatewayTarget, throughput } from './outbound.js';

export const WEBHOOK_RATIO_TARGET = 0.8;
const CONVERSATIONS = 100;
/** markers far above the outbound bench's, so the two never mix */
let marker = 1_000_000;

export async function runWebhooksBench(opts: { events?: number; messages?: number } = {}): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const events = opts.events ?? 3000;
  const messages = opts.messages ?? 1500;
  const redis = await startBenchRedis();
  const double = await startServerChild({ kind: 'kakao-double' });
  const arrivals = new Arrivals();
  double.onArrival((m, at) => arrivals.record(m, at));
  const servers: ServerChild[] = [double];
  try {
    const gw = await gatewayTarget(redis, double.url);
    servers.push(gw.server);
    await throughput(gw, arrivals, 300, 20); // warm-up
    const send = await throughput(gw, arrivals, messages, 20);

    const api = apiClient(gw.server.url);
    const ws = await createWorkspace(api);
    await api.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: `${double.url}/v2/bots/webhooks/talk`, eventTypes: ['*'] }, 201);
    const stream = createKeys('go').events(ws);
    const burst = async (count: number): Promise<number> => {
      const m = marker++;
      const started = nowMs();
      await redis.withClient(async (r) => {
        const p = r.pipeline();
        for (let i = 0; i < count; i++) {
          const conv = `conv_${i % CONVERSATIONS}`;
          const event = { id: `evt_${randomBytes(9).toString('base64url')}`, type: 'message.created', timestamp: new Date().toISOString(), workspaceId: ws,
            conversationId: conv, sequence: Math.floor(i / CONVERSATIONS) + 1, data: { messageId: `msg_${i}`, direction: 'inbound', from: 'customer', kind: 'text', text: `주문 확인 부탁드립니다 #${m}` } };
          p.xadd(stream, '*', 'e', JSON.stringify(event));
        }
        await p.exec();
      });
      if (!(await arrivals.until(() => arrivals.count(m) >= count, 120_000))) throw new Error(`only ${arrivals.count(m)} of ${count} webhooks arrived within 120 s`);
      return count / (((arrivals.at(m) ?? nowMs()) - started) / 1000);
    };
    await burst(300); // warm-up
    const perSec = await burst(events);
    const ratio = perSec / send.perSec;
    return {
      rows: [
        {
          name: `webhooks: events → local receiver, ${CONVERSATIONS} conv`,
          measured: `${fmtInt(perSec)} events/s delivered (${fmtInt(events)} events, signed, in order per conversation)`,
          baseline: `gateway outbound sends: ${fmtInt(send.perSec)} msg/s`,
          target: `${fmtRatio(ratio)} (≥ ${WEBHOOK_RATIO_TARGET})`,
          met: ratio >= WEBHOOK_RATIO_TARGET,
        },
      ],
      notes: [`outbound sends in the same run: ${fmtInt(messages)} messages, ${send.errors} errors`],
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await redis.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runWebhooksBench();
  for (const n of r.notes) console.log(n);
  console.log(renderTable(r.rows));
}

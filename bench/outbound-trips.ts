// Redis cost of one agent message, API call → platform send → settle: `INFO commandstats` deltas
// over N messages (one at a time, each awaited until it reached the double), and a MONITOR trace
// of a single message grouped into round trips (commands of one connection that arrive together
// are one pipeline).   npx tsx bench/outbound-trips.ts [N]
import { Redis } from 'ioredis';
import { pathToFileURL } from 'node:url';
import { BENCH_ADMIN_TOKEN } from './lib/api-client.js';
import { startBenchRedis } from './lib/redis.js';
import { startServerChild, type ServerChild } from './lib/server-child.js';
import { Arrivals, gatewayTarget } from './outbound.js';

const authHeaders = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };

async function commandstats(r: Redis): Promise<Map<string, number>> {
  const info = await r.info('commandstats');
  const m = new Map<string, number>();
  for (const line of info.split('\n')) {
    const x = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (x) m.set(x[1]!, Number(x[2]));
  }
  return m;
}

export async function countOutboundTrips(n: number): Promise<void> {
  const redis = await startBenchRedis();
  const double = await startServerChild({ kind: 'kakao-double' });
  const arrivals = new Arrivals();
  double.onArrival((marker, at) => arrivals.record(marker, at));
  const servers: ServerChild[] = [double];
  const r = new Redis(redis.url);
  try {
    const gw = await gatewayTarget(redis, double.url);
    servers.push(gw.server);
    let marker = 1_000_000;
    const sendOne = async (path: string): Promise<void> => {
      const m = marker++;
      const res = await fetch(`${gw.server.url}${path}`, { method: 'POST', headers: authHeaders, body: JSON.stringify({ agentId: gw.agentId, text: `trip #${m}` }) });
      if (res.status !== 202) throw new Error(`send → ${res.status} ${await res.text()}`);
      if (!(await arrivals.until(() => arrivals.count(m) > 0, 10_000))) throw new Error('message did not arrive');
    };
    // warm-up: caches filled, every conversation has sent once
    for (const p of gw.paths) await sendOne(p);
    await new Promise((res) => setTimeout(res, 500));
    // idle noise (workers' blocking polls, sweepers) over the same time, subtracted
    const idle0 = await commandstats(r);
    const t0 = Date.now();
    await new Promise((res) => setTimeout(res, 2000));
    const idle1 = await commandstats(r);
    const idleMs = Date.now() - t0;

    const before = await commandstats(r);
    const s0 = Date.now();
    for (let i = 0; i < n; i++) await sendOne(gw.paths[i % gw.paths.length]!);
    await new Promise((res) => setTimeout(res, 300));
    const after = await commandstats(r);
    const busyMs = Date.now() - s0;
    const rows: [string, number][] = [];
    let total = 0;
    for (const [cmd, calls] of after) {
      const idle = ((idle1.get(cmd) ?? 0) - (idle0.get(cmd) ?? 0)) * (busyMs / idleMs);
      const d = (calls - (before.get(cmd) ?? 0) - idle) / n;
      if (Math.abs(d) >= 0.05) rows.push([cmd, d]);
      if (cmd !== 'info') total += d;
    }
    rows.sort((a, b) => b[1] - a[1]);
    console.log(`commands per agent message (${n} messages, idle polling subtracted):`);
    for (const [c, d] of rows) console.log(`  ${c.padEnd(28)} ${d.toFixed(2)}`);
    console.log(`  ${'total'.padEnd(28)} ${total.toFixed(2)}`);

    // one message under MONITOR
    const mon = await r.monitor();
    const trace: { t: number; client: string; args: string[] }[] = [];
    mon.on('monitor', (time: string, args: string[], source: string) => trace.push({ t: Number(time), client: source, args }));
    await new Promise((res) => setTimeout(res, 200));
    const startAt = Date.now() / 1000;
    await sendOne(gw.paths[0]!);
    await new Promise((res) => setTimeout(res, 300));
    mon.disconnect();
    const relevant = trace.filter((e) => e.t >= startAt - 0.01 && !['bzpopmin', 'info', 'monitor'].includes(e.args[0]!.toLowerCase()));
    // a round trip: consecutive commands from one client less than 0.2 ms apart, and a script's inner calls
    let trips = 0;
    let last: { t: number; client: string } | null = null;
    const lines: string[] = [];
    for (const e of relevant) {
      const inLua = e.client.startsWith('lua');
      const newTrip = !inLua && (!last || last.client !== e.client || e.t - last.t > 0.0002);
      if (newTrip) trips++;
      if (!inLua) last = e;
      lines.push(`${newTrip ? String(trips).padStart(3) : '   '} ${inLua ? '    ' : ''}${e.client.padEnd(22)} ${e.args.slice(0, 3).map((a) => (a.length > 60 ? `${a.slice(0, 40)}…` : a)).join(' ')}`);
    }
    if (process.env['TRIPS_TRACE'] === '1') for (const l of lines) console.log(l);
    const top = relevant.filter((e) => !e.client.startsWith('lua'));
    console.log(`one message under MONITOR: ${trips} round trips, ${top.length} top-level commands, ${relevant.length - top.length} inside scripts`);
  } finally {
    await r.quit().catch(() => undefined);
    await Promise.all(servers.map((s) => s.stop()));
    await redis.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await countOutboundTrips(Number(process.argv[2] ?? 200));
}

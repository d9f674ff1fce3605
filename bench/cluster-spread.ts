// Does the gateway's load spread over a Redis Cluster's shards? Starts the local 6-node cluster
// (3 masters, 3 replicas: src/infra/redis-cluster-process.ts) and the compiled gateway on it
// (REDIS_CLUSTER_NODES), sends TalkTalk traffic — customers' texts and agents' replies to a local
// platform double — and then reads every master's `INFO commandstats`: the commands each shard
// ran, its share, and its keys. Evenly spread hash tags (src/infra/partitions.ts) should give each
// master about a third; a shard far above that is a hot spot (a key family without a partition).
//
//   npx tsx bench/cluster-spread.ts        (BENCH_SPREAD_USERS=200 BENCH_SPREAD_TEXTS=10 to change the load)
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { startRedisCluster, type ClusterNodeInfo, type RedisClusterHandle } from '../src/infra/redis-cluster-process.js';
import { BENCH_ADMIN_TOKEN, BENCH_SECRET_KEY, apiClient, createWorkspace, listConversations } from './lib/api-client.js';
import { startCompiledGateway } from './lib/compiled-gateway.js';

export interface ShardLoad {
  port: number;
  slots: string;
  calls: number;
  share: number;
  keys: number;
  top: string;
}

export interface SpreadResult {
  shards: ShardLoad[];
  totalCalls: number;
  /** busiest shard's calls ÷ quietest shard's */
  maxOverMin: number;
  messages: number;
  seconds: number;
}

/** a TalkTalk send API that accepts everything */
async function startAcceptingPlatform(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ success: true, resultCode: '00' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, count: () => n, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function onMaster<T>(m: ClusterNodeInfo, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ host: m.host, port: m.port });
  try {
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** what replication, cluster gossip, connection set-up and this bench's own reads cost: not the gateway's load */
const BOOKKEEPING = new Set(['info', 'hello', 'replconf', 'psync', 'sync', 'ping', 'config|resetstat', 'config|get', 'cluster|slots', 'cluster|shards', 'cluster|nodes', 'cluster|info', 'cluster|myid', 'command', 'command|docs', 'client|setname', 'client|setinfo', 'select', 'dbsize', 'readonly']);

/** cmdstat_<name>:calls=N,… → { name: N }, the gateway's commands only */
function commandCalls(info: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (!BOOKKEEPING.has(m[1]!)) out.set(m[1]!, Number(m[2]));
  return out;
}

async function mastersOf(cluster: RedisClusterHandle): Promise<ClusterNodeInfo[]> {
  return (await cluster.topology()).filter((n) => n.role === 'master' && n.alive && n.slots.length > 0).sort((a, b) => a.slots[0]![0] - b.slots[0]![0]);
}

async function totalCalls(masters: ClusterNodeInfo[]): Promise<number> {
  const per = await Promise.all(masters.map((m) => onMaster(m, async (r) => [...commandCalls(await r.info('commandstats')).values()].reduce((a, b) => a + b, 0))));
  return per.reduce((a, b) => a + b, 0);
}

export async function runClusterSpread(opts: { users?: number; texts?: number } = {}): Promise<SpreadResult> {
  const users = opts.users ?? Number(process.env['BENCH_SPREAD_USERS'] ?? 100);
  const texts = opts.texts ?? Number(process.env['BENCH_SPREAD_TEXTS'] ?? 10);
  const cluster = await startRedisCluster();
  const platform = await startAcceptingPlatform();
  try {
    // REDIS_URL empty (unset), the cluster's nodes instead
    const gw = await startCompiledGateway({ redisUrl: '', prefix: 'spread', adminToken: BENCH_ADMIN_TOKEN, secretKey: BENCH_SECRET_KEY, env: { ROLE: 'all', REDIS_CLUSTER_NODES: cluster.nodesEnv } });
    try {
      const api = apiClient(gw.url);
      const ws = await createWorkspace(api);
      const agent = ((await api.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '김상담', maxConcurrent: 1000 }, 201)) as { id: string }).id;
      await api.admin('PUT', `/v1/workspaces/${ws}/agents/${agent}/status`, { online: true });
      const ch = (await api.admin('POST', `/v1/workspaces/${ws}/channels`, { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'naver-auth-key-1234567890' }, apiBaseUrl: platform.url }, 201)) as { id: string; webhookKey: string };
      const hook = `${gw.url}/webhooks/naver/${ch.id}?key=${ch.webhookKey}`;
      const masters = await mastersOf(cluster);
      await Promise.all(masters.map((m) => onMaster(m, (r) => r.config('RESETSTAT'))));

      const started = Date.now();
      const say = async (user: string, text: string, inputType = 'typing'): Promise<void> => {
        const res = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'send', user, textContent: { text, inputType } }) });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`webhook → ${res.status}`);
      };
      const ids = Array.from({ length: users }, (_, i) => `spread-user-${String(i).padStart(5, '0')}-2eGuGr5WQ`);
      let next = 0;
      const customer = async (): Promise<void> => {
        for (let i = next++; i < ids.length; i = next++) {
          await say(ids[i]!, '상담 요청', 'inquiry');
          for (let k = 1; k <= texts; k++) await say(ids[i]!, `배송이 언제 오나요? 주문번호 2026-${k} 입니다`);
        }
      };
      await Promise.all(Array.from({ length: 16 }, customer));
      // an agent answers every conversation twice
      const convs = [...(await listConversations(api, ws, 'assigned')), ...(await listConversations(api, ws, 'waiting'))];
      for (const c of convs) {
        for (const text of ['확인해 보겠습니다', '내일 도착 예정입니다']) await api.admin('POST', `/v1/workspaces/${ws}/conversations/${c.id}/messages`, { agentId: agent, text }, 202);
      }
      // settled: the shards ran no new command for two seconds (the workers' polling aside)
      let last = -1;
      for (let quiet = 0; quiet < 4; ) {
        await new Promise((r) => setTimeout(r, 500));
        const now = await totalCalls(masters);
        quiet = now - last < 50 ? quiet + 1 : 0;
        last = now;
      }
      const seconds = (Date.now() - started) / 1000;

      const shards = await Promise.all(
        masters.map((m) =>
          onMaster(m, async (r) => {
            const calls = commandCalls(await r.info('commandstats'));
            const total = [...calls.values()].reduce((a, b) => a + b, 0);
            const top = [...calls].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, n]) => `${name} ${n}`).join(', ');
            return { port: m.port, slots: m.slots.map(([a, b]) => `${a}–${b}`).join(' '), calls: total, share: 0, keys: await r.dbsize(), top };
          }),
        ),
      );
      const all = shards.reduce((a, s) => a + s.calls, 0);
      for (const s of shards) s.share = all > 0 ? s.calls / all : 0;
      const counts = shards.map((s) => s.calls);
      return { shards, totalCalls: all, maxOverMin: Math.max(...counts) / Math.max(1, Math.min(...counts)), messages: users * (texts + 1) + convs.length * 2, seconds };
    } finally {
      await gw.stop();
    }
  } finally {
    await platform.close();
    await cluster.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runClusterSpread();
  console.log(`cluster spread: ${r.messages} messages in ${r.seconds.toFixed(1)} s, ${r.totalCalls} commands on the masters`);
  console.log('| master | slots | commands | share | keys | top commands |');
  console.log('|---|---|---|---|---|---|');
  for (const s of r.shards) console.log(`| :${s.port} | ${s.slots} | ${s.calls} | ${(s.share * 100).toFixed(1)} % | ${s.keys} | ${s.top} |`);
  console.log(`busiest ÷ quietest master: ${r.maxOverMin.toFixed(2)}`);
  if (r.totalCalls < r.messages) console.log('(fewer commands than messages: the gateway did not run on the cluster — is REDIS_CLUSTER_NODES supported by this build?)');
}

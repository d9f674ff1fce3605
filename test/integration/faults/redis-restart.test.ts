// Proof under a Redis outage: while TalkTalk webhooks keep arriving, Redis is stopped and
// started again on the same port (append-only file in a temp dir, so what it acknowledged
// survives). While it is down webhooks get 503 with the error envelope and /readyz says 503;
// afterwards the same gateway process recovers on its own, and every webhook that got a 200 is
// in its customer's conversation exactly once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { startGateway, type Gateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/infra/logger.js';
import { startRedisServer, type RedisServerHandle } from '../../../src/infra/redis-server-process.js';
import { ADMIN_TOKEN, SECRET_KEY } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { client, conversationsByUser, countBy, customerTexts, naverSend, type Client, type ConversationView } from './fault-kit.js';
import { describeSingleRedis } from '../../helpers/redis-harness.js';

const CUSTOMERS = 8;

describeSingleRedis('it restarts its own redis-server from its AOF; a cluster losing a master is cluster-failover.test.ts', 'faults: Redis stopped and started mid-load', function () {
  this.timeout(60_000);
  let dir: string;
  let redis: RedisServerHandle | null = null;
  let gw: Gateway | null = null;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'talkgate-redis-restart-'));
  });
  after(async () => {
    await gw?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while Redis is down, recovers without a restart, and loses nothing acknowledged', async () => {
    redis = await startRedisServer({ dataDir: dir });
    const port = redis.port;
    gw = await startGateway({
      config: loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: 'restart', SEND_BACKOFF_MS: '50', ALLOW_PRIVATE_TARGETS: 'true' }),
      redisUrl: redis.url,
      adminToken: ADMIN_TOKEN,
      secretKey: SECRET_KEY,
      log: createLogger('silent'),
    });
    const c: Client = client(gw.url);
    const ws = (await c.admin('POST', '/v1/workspaces', { name: 'acme' })).json.id as string;
    const agent = await c.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '김상담', maxConcurrent: 100 });
    assert.equal((await c.admin('PUT', `/v1/workspaces/${ws}/agents/${agent.json.id}/status`, { online: true })).status, 200);
    const ch = await c.admin('POST', `/v1/workspaces/${ws}/channels`, { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'naver-auth-key-1234567890' }, apiBaseUrl: 'http://127.0.0.1:9' });
    assert.equal(ch.status, 201, ch.text);
    const hook = `/webhooks/naver/${ch.json.id}?key=${ch.json.webhookKey}`;
    const users = Array.from({ length: CUSTOMERS }, (_, i) => `restart-user-${i}`);
    for (const user of users) assert.equal((await c.request('POST', hook, { body: naverSend(user, '상담 요청', 'inquiry') })).status, 200);

    // the load: each customer sends numbered texts one after another until told to stop
    const acked = new Map<string, string[]>();
    const refused = new Map<string, string[]>();
    const statuses: number[] = [];
    const refusals: unknown[] = [];
    let stopLoad = false;
    const load = Promise.all(
      users.map(async (user) => {
        acked.set(user, []);
        refused.set(user, []);
        for (let k = 1; !stopLoad; k++) {
          const text = `${user} 메시지 ${k}`;
          const r = await c.request('POST', hook, { body: naverSend(user, text) });
          statuses.push(r.status);
          if (r.status === 200) acked.get(user)!.push(text);
          else {
            refused.get(user)!.push(text);
            refusals.push(r.json);
            await sleep(20);
          }
        }
      }),
    );
    const ackedCount = (): number => [...acked.values()].reduce((n, a) => n + a.length, 0);
    await waitFor(async () => ackedCount() >= 80, '80 acknowledged webhooks before the outage', 20_000);

    await redis.stop();
    redis = null;
    const beforeOutage = ackedCount();
    const down = await c.request('POST', hook, { body: naverSend('restart-probe', 'Redis가 내려간 동안') });
    assert.equal(down.status, 503, down.text);
    assert.equal(down.json.error.code, 'dependency_unavailable');
    assert.equal(typeof down.json.error.message, 'string');
    assert.ok('details' in down.json.error);
    assert.equal(down.headers?.get('retry-after'), '5');
    const ready = await c.request('GET', '/readyz');
    assert.equal(ready.status, 503);
    assert.equal(ready.json.checks.redis, false);
    assert.equal((await c.request('GET', '/healthz')).status, 200, 'the process itself is alive');
    // the load keeps hammering: it must see 503s, never 500s or hangs
    await waitFor(async () => statuses.filter((s) => s === 503).length >= 20 || null, 'the load to be refused with 503', 10_000);

    redis = await startRedisServer({ dataDir: dir, port });
    await waitFor(async () => (await c.request('GET', '/readyz')).status === 200 || null, '/readyz 200 again', 20_000);
    const recoveredAt = Date.now();
    const afterOutage = ackedCount();
    await waitFor(async () => ackedCount() >= afterOutage + 80 || null, '80 more acknowledged webhooks after the outage', 20_000);
    stopLoad = true;
    await load;

    const unexpected = statuses.filter((s) => s !== 200 && s !== 503);
    assert.deepEqual(unexpected, [], 'webhooks are answered 200 or 503, nothing else');
    for (const body of refusals) assert.equal((body as { error?: { code?: string } })?.error?.code, 'dependency_unavailable');

    // every acknowledged message ends up in its conversation exactly once, in the order sent
    const totalAcked = ackedCount();
    const totalRefused = [...refused.values()].reduce((n, a) => n + a.length, 0);
    let convs = new Map<string, ConversationView>();
    const missing = (): string[] => users.flatMap((u) => acked.get(u)!.filter((text) => !customerTexts(convs.get(u)).includes(text)));
    await waitFor(
      async () => {
        convs = await conversationsByUser(c, ws);
        return missing().length === 0 || null;
      },
      'every acknowledged message in its conversation',
      // prompt: a lease left behind by the outage must not stall a customer for its whole ttl (15-30 s)
      12_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; missing ${JSON.stringify(missing())}`);
    });
    const catchUpMs = Date.now() - recoveredAt;
    let refusedButStored = 0;
    for (const user of users) {
      const stored = customerTexts(convs.get(user));
      const counts = countBy(stored);
      for (const text of acked.get(user)!) assert.equal(counts.get(text), 1, `${text} stored exactly once`);
      for (const text of refused.get(user)!) {
        // a 503 whose command reached Redis just before it stopped may still be recorded: never twice
        assert.ok((counts.get(text) ?? 0) <= 1, `${text} stored at most once`);
        refusedButStored += counts.get(text) ?? 0;
      }
      const order = stored.map((t) => Number(t.split(' ').at(-1)));
      assert.deepEqual(order, [...order].sort((a, b) => a - b), `${user}: messages stored in the order sent`);
    }
    assert.equal(convs.has('restart-probe'), false);
    console.log(
      `    redis restart: ${totalAcked} webhooks acknowledged (${beforeOutage} before the outage, ${totalAcked - afterOutage} after), ` +
        `${totalRefused} refused with 503 (${refusedButStored} of them recorded anyway), all ${totalAcked} acknowledged stored exactly once, ${catchUpMs} ms after /readyz was 200 again`,
    );
  });
});

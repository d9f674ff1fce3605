import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { loadConfig } from '../../../src/config.js';
import { startGateway, type Gateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/infra/logger.js';
import { startRedisServer, type RedisServerHandle } from '../../../src/infra/redis-server-process.js';
import { ADMIN_TOKEN, SECRET_KEY } from '../../helpers/test-gateway.js';
import { describeSingleRedis } from '../../helpers/redis-harness.js';

// Uses its own redis-server (not the shared harness one), because it stops it.
describeSingleRedis('it stops and restarts its own redis-server; a cluster losing a master is cluster-failover.test.ts', 'HTTP foundation: Redis unreachable', () => {
  let redis: RedisServerHandle;
  let gw: Gateway;
  before(async () => {
    redis = await startRedisServer({ dataDir: null });
    gw = await startGateway({
      config: loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: 'down' }),
      redisUrl: redis.url,
      adminToken: ADMIN_TOKEN,
      secretKey: SECRET_KEY,
      log: createLogger('silent'),
    });
  });
  after(async () => {
    await gw.stop();
    await redis.stop();
  });

  it('answers 503 with the envelope, /readyz says not ready, and nothing is written', async () => {
    const post = (): Promise<Response> =>
      fetch(`${gw.url}/v1/workspaces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'acme' }),
      });
    assert.equal((await post()).status, 201);
    const port = redis.port;
    await redis.stop();
    const r = await post();
    assert.equal(r.status, 503);
    const body = (await r.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'dependency_unavailable');
    assert.equal((await fetch(`${gw.url}/readyz`)).status, 503);
    // restart on the same port: the gateway recovers without a restart, and the refused write is absent
    redis = await startRedisServer({ dataDir: null, port });
    const deadline = Date.now() + 5000;
    while ((await fetch(`${gw.url}/readyz`)).status !== 200) {
      assert.ok(Date.now() < deadline, 'gateway did not become ready again');
      await new Promise((res) => setTimeout(res, 100));
    }
    const check = new Redis(redis.url);
    assert.equal(await check.scard('down:workspaces'), 0);
    check.disconnect();
  });
});

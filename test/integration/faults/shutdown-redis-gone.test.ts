// api.md "Running": SIGTERM/SIGINT exit within SHUTDOWN_TIMEOUT_MS + 5 s whatever Redis does.
// The gateway runs as a child process against its own redis-server; that Redis is stopped, then
// the process gets the signal and must be gone within the bound — for every ROLE, and through
// `npm start` (npm passes the signal on and exits with the gateway).
import assert from 'node:assert/strict';
import {
  freePort,
  startRedisServer,
  type RedisServerHandle,
} from '../../../src/infra/redis-server-process.js';
import { sleep } from '../../helpers/wait.js';
import { startChildGateway, type ChildGateway } from './fault-kit.js';
import { describeSingleRedis } from '../../helpers/redis-harness.js';

const SHUTDOWN_TIMEOUT_MS = 1000;
const BOUND_MS = SHUTDOWN_TIMEOUT_MS + 5000;

function exitOf(gw: ChildGateway): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const { child } = gw;
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describeSingleRedis('it stops its own redis-server under the gateway; a cluster losing a master is cluster-failover.test.ts', 'faults: stopping the gateway while its Redis is gone', function () {
  this.timeout(180_000);
  let redis: RedisServerHandle | null = null;
  let gw: ChildGateway | null = null;
  afterEach(async () => {
    if (gw && gw.child.exitCode === null && gw.child.signalCode === null) await gw.kill9();
    gw = null;
    await redis?.stop();
    redis = null;
  });

  const cases: { name: string; signal: NodeJS.Signals; role: string; command?: [string, ...string[]] }[] = [
    { name: 'ROLE=all, SIGTERM', signal: 'SIGTERM', role: 'all' },
    { name: 'ROLE=all, SIGINT', signal: 'SIGINT', role: 'all' },
    { name: 'ROLE=http, SIGTERM', signal: 'SIGTERM', role: 'http' },
    { name: 'ROLE=worker, SIGTERM', signal: 'SIGTERM', role: 'worker' },
    { name: 'npm start, SIGTERM', signal: 'SIGTERM', role: 'all', command: ['npm', 'start', '--silent'] },
    { name: 'npm start, SIGINT', signal: 'SIGINT', role: 'all', command: ['npm', 'start', '--silent'] },
  ];
  for (const c of cases) {
    it(`exits within SHUTDOWN_TIMEOUT_MS + 5 s (${c.name})`, async () => {
      redis = await startRedisServer({ dataDir: null });
      const env = {
        REDIS_URL: redis.url,
        PORT: String(await freePort()),
        REDIS_PREFIX: 'gone',
        ROLE: c.role,
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        LOG_LEVEL: 'info',
      };
      gw = await startChildGateway(env, c.command);
      await redis.stop();
      // let the connections notice and start reconnecting, as they would in production
      await sleep(6000);
      const exited = exitOf(gw);
      const signalledAt = Date.now();
      gw.child.kill(c.signal);
      const outcome = await Promise.race([exited, sleep(BOUND_MS + 3000).then(() => null)]);
      const tookMs = Date.now() - signalledAt;
      assert.ok(outcome, `still running ${tookMs} ms after ${c.signal}:\n${gw.output().slice(-2000)}`);
      assert.ok(tookMs <= BOUND_MS, `exited after ${tookMs} ms, the bound is ${BOUND_MS} ms`);
      // it exits by itself (non-zero is fine: the stop was not clean), not killed by the signal
      assert.equal(outcome.signal, null);
      assert.equal(typeof outcome.code, 'number');
    });
  }
});

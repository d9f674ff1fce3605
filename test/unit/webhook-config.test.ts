// The webhook settings of the environment (integration.md): WEBHOOK_RETRY_SCHEDULE replaces the
// default schedule (n delays = n + 1 attempts), ALLOW_PRIVATE_TARGETS defaults to off; and the
// jitter of a retry stays within ±20 %.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';
import { retryDelay } from '../../src/infra/webhooks/webhook-worker.js';

describe('webhook configuration', () => {
  it('defaults to 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts) with private targets refused', () => {
    const c = loadConfig({});
    assert.deepEqual(c.webhookRetryDelaysMs, [5, 300, 1800, 7200, 18000, 36000, 36000].map((s) => s * 1000));
    assert.equal(c.allowPrivateTargets, false);
    assert.equal(c.webhookTimeoutMs, 15000);
  });

  it('WEBHOOK_RETRY_SCHEDULE=1,1,2 means 4 attempts; a malformed one stops start-up naming the variable', () => {
    assert.deepEqual(loadConfig({ WEBHOOK_RETRY_SCHEDULE: '1,1,2' }).webhookRetryDelaysMs, [1000, 1000, 2000]);
    assert.deepEqual(loadConfig({ WEBHOOK_RETRY_SCHEDULE: ' 0.5 , 2 ' }).webhookRetryDelaysMs, [500, 2000]);
    assert.equal(loadConfig({ ALLOW_PRIVATE_TARGETS: 'true' }).allowPrivateTargets, true);
    for (const bad of ['1,,2', 'soon', '-1', '1;2']) assert.throws(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: bad }), (e: unknown) => e instanceof ConfigError && /WEBHOOK_RETRY_SCHEDULE/.test(e.message), bad);
  });

  it('jitters each delay by at most ±20 %', () => {
    const delays = [5000, 300_000];
    for (let i = 0; i < 200; i++) {
      const d1 = retryDelay(delays, 1);
      const d2 = retryDelay(delays, 2);
      assert.ok(d1 >= 4000 && d1 <= 6000, String(d1));
      assert.ok(d2 >= 240_000 && d2 <= 360_000, String(d2));
    }
  });
});

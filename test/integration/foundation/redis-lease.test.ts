// The Redis lease behind inbox drains and customer/workspace locks: a live holder keeps it past
// its ttl for as long as the work runs, a holder that stops renewing (killed) loses it within the
// ttl, and a holder whose lease was taken over is told so.
import assert from 'node:assert/strict';
import type { RedisClient } from '../../../src/infra/redis-client.js';
import { tryLock, withLock } from '../../../src/infra/redis-lock.js';
import { connectRedis, dropPrefix, randomPrefix, testRedis } from '../../helpers/redis-harness.js';
import { sleep } from '../../helpers/wait.js';

describe('Redis lease renewed while held', () => {
  let r: RedisClient;
  let url: string;
  const prefix = randomPrefix();
  before(async () => {
    url = (await testRedis()).url;
    r = connectRedis(url);
  });
  after(async () => {
    r.disconnect();
    await dropPrefix(url, prefix);
  });

  it('stays with a live holder for longer than its ttl, and is free at once when released', async () => {
    const key = `${prefix}:lease-live`;
    const lease = await tryLock(r, key, 300);
    assert.ok(lease);
    for (let i = 0; i < 10; i++) {
      await sleep(100);
      assert.equal(await tryLock(r, key, 300), null, `taken from a live holder after ${(i + 1) * 100} ms`);
    }
    assert.equal(lease.lost, false);
    await lease.release();
    const next = await tryLock(r, key, 300);
    assert.ok(next, 'free after release');
    await next.release();
  });

  it('comes free within its ttl when the holder stops renewing (a killed process)', async () => {
    const key = `${prefix}:lease-dead`;
    // what a killed holder leaves behind: the key, with nobody to extend it
    await r.set(key, 'dead-holder-token', 'PX', 300);
    const started = Date.now();
    const took = await withLock(r, key, async () => Date.now() - started, 300, 2_000);
    assert.ok(took >= 200 && took < 1_000, `waited ${took} ms for a 300 ms lease`);
  });

  it('tells the holder when its lease was taken over, and release then leaves the new holder alone', async () => {
    const key = `${prefix}:lease-lost`;
    const lease = await tryLock(r, key, 300);
    assert.ok(lease);
    await r.set(key, 'someone-else', 'PX', 5_000);
    await sleep(250); // a renewal (every ttl / 3) finds the token changed
    assert.equal(lease.lost, true);
    await lease.release();
    assert.equal(await r.get(key), 'someone-else');
  });
});

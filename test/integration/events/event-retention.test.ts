// EVENT_RETENTION_DAYS: every append trims the workspace's log of entries older than the
// retention (by id, which is time; approximately, whole stream nodes at a time), and the
// sequence of a conversation keeps growing across appends.
import assert from 'node:assert/strict';
import type { RedisClient } from '../../../src/infra/redis-client.js';
import { loadConfig } from '../../../src/config.js';
import { RedisEventLog } from '../../../src/infra/events/event-log.redis.js';
import { createKeys } from '../../../src/infra/keys.js';
import { connectRedis, dropPrefix, randomPrefix, testRedis } from '../../helpers/redis-harness.js';

describe('Events: retention', () => {
  let redis: RedisClient;
  let url: string;
  const prefix = randomPrefix();
  before(async () => {
    url = (await testRedis()).url;
    redis = connectRedis(url);
  });
  after(async () => {
    await dropPrefix(url, prefix);
    await redis.quit();
  });

  it('EVENT_RETENTION_DAYS defaults to 7 and is checked', () => {
    assert.equal(loadConfig({}).eventRetentionMs, 7 * 86_400_000);
    assert.equal(loadConfig({ EVENT_RETENTION_DAYS: '30' }).eventRetentionMs, 30 * 86_400_000);
    assert.throws(() => loadConfig({ EVENT_RETENTION_DAYS: '0' }), /EVENT_RETENTION_DAYS/);
  });

  it('drops what is older than the retention on the next append, and sequences keep growing', async () => {
    const keys = createKeys(prefix);
    // a retention of one second stands for EVENT_RETENTION_DAYS (entry ids are Redis time)
    const log = new RedisEventLog(redis, keys, { retentionMs: 1000, enabled: true, now: () => new Date() });
    const now = new Date();
    const append = async (n: number, conversationId: string | null): Promise<void> => {
      const m = redis.multi();
      for (let i = 0; i < n; i++) {
        const id = `evt_${conversationId}_${Math.random()}`;
        log.appendIn(m, { workspaceId: 'ws_r', conversationId, at: now.toISOString(), drafts: [{ id, event: { type: 'customer.erased', data: { customerId: 'cus_1' } } }] });
      }
      await m.exec();
    };
    await append(350, 'conv_r');
    assert.equal(await redis.xlen(keys.events('ws_r')), 350, 'nothing is older than the retention yet');
    const before = await log.read('ws_r', null, 1000);
    assert.deepEqual(before.map((e) => e.event.sequence), Array.from({ length: 350 }, (_, i) => i + 1));

    await new Promise((r) => setTimeout(r, 1100));
    await append(1, null);
    const after = await log.read('ws_r', null, 1000);
    // approximate trimming keeps at most one partial node of the old entries
    assert.ok(after.length <= 101, `old entries dropped (${after.length} left)`);
    assert.equal(after.at(-1)!.event.sequence, null, 'outside a conversation: no sequence');
    assert.equal(await log.expired('ws_r', before[0]!.cursor), true);
    await append(1, 'conv_r');
    assert.equal((await log.read('ws_r', null, 1000)).at(-1)!.event.sequence, 351);
  });

  it('writes nothing when disabled (the ingest bench baseline)', async () => {
    const keys = createKeys(prefix);
    const log = new RedisEventLog(redis, keys, { retentionMs: 1000, enabled: false, now: () => new Date() });
    const m = redis.multi().set(`${prefix}:x`, '1');
    log.appendIn(m, { workspaceId: 'ws_off', conversationId: 'conv_off', at: new Date().toISOString(), drafts: [{ id: 'evt_x', event: { type: 'customer.erased', data: { customerId: 'c' } } }] });
    await m.exec();
    // one key per EXISTS: on a cluster the two may sit in different slots
    assert.equal((await redis.exists(keys.events('ws_off'))) + (await redis.exists(keys.eventSeq('conv_off'))), 0);
  });
});

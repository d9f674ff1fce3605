// Platform deliveries are deduplicated as members of one set per UTC day (issue 12 "Bounded
// memory"): a redelivery within 7 days is recognised across day buckets and from a process whose
// clock is a day ahead; no key per delivery; the buckets expire.
import assert from 'node:assert/strict';
import type { InboundEvent } from '../../../src/domain/inbound-event.js';
import { RedisInbox, type RecordedEvent } from '../../../src/infra/inbound/inbox.redis.js';
import { createKeys } from '../../../src/infra/keys.js';
import type { RedisClient } from '../../../src/infra/redis-client.js';
import { connectRedis, dropPrefix, randomPrefix, scanKeys, testRedis } from '../../helpers/redis-harness.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-12-04T23:59:00.000Z');

function recorded(deliveryId: string | undefined, n: number): RecordedEvent {
  const event = {
    kind: 'message.text',
    channelId: 'ch_dedupe',
    channelUserId: 'visitor-1',
    occurredAt: new Date(T0).toISOString(),
    text: `안녕하세요 ${n}`,
    ...(deliveryId ? { deliveryId } : {}),
    raw: {},
  } as unknown as InboundEvent;
  return { eventId: `evt_${n}`, workspaceId: 'ws_d', channelType: 'webchat', receivedAt: new Date(T0).toISOString(), event };
}

describe('Dedupe window: one set per day instead of a key per delivery', function () {
  let url: string;
  let prefix: string;
  let r: RedisClient;
  beforeEach(async () => {
    url = (await testRedis()).url;
    prefix = randomPrefix();
    r = connectRedis(url);
  });
  afterEach(async () => {
    r.disconnect();
    await dropPrefix(url, prefix);
  });

  it('recognises a redelivery for 7 days across day buckets, also from a clock a day ahead, and stores no key per delivery', async () => {
    const keys = createKeys(prefix);
    let now = T0;
    const inbox = new RedisInbox(r, keys, () => new Date(now));
    const ahead = new RedisInbox(r, keys, () => new Date(now + DAY));
    const mailbox = 'ws_d|webchat|visitor-1';
    assert.equal(await inbox.record(mailbox, recorded('d-1', 1)), 'first');
    assert.equal(await inbox.record(mailbox, recorded('d-1', 2)), 'duplicate');
    assert.equal(await ahead.record(mailbox, recorded('d-1', 3)), 'duplicate', 'a process whose clock is ahead');
    assert.equal(await ahead.record(mailbox, recorded('d-2', 4)), 'queued', 'written to tomorrow');
    assert.equal(await inbox.record(mailbox, recorded('d-2', 5)), 'duplicate', 'found in tomorrow by a process behind');
    now = T0 + 7 * DAY;
    assert.equal(await inbox.record(mailbox, recorded('d-1', 6)), 'duplicate', 'still recognised 7 days later');
    now = T0 + 8 * DAY + 60_000;
    assert.equal(await inbox.record(mailbox, recorded('d-1', 7)), 'queued', 'a new delivery after the window');
    assert.equal(await inbox.record(mailbox, recorded(undefined, 8)), 'queued', 'no delivery id: never a duplicate');
    assert.equal(await inbox.record(mailbox, recorded(undefined, 9)), 'queued');
    assert.equal(await inbox.length(mailbox), 5);

    const buckets = await scanKeys(url, `${prefix}:dedupe:*`);
    assert.equal(buckets.length, 3, 'one bucket per day written to');
    for (const b of buckets) {
      const ttl = await r.ttl(b);
      assert.ok(ttl > 7 * 86_400 && ttl <= 8 * 86_400, `${b} expires (ttl ${ttl})`);
    }
  });
});

import assert from 'node:assert/strict';
import { nearestRank, summariseFrt } from '../../../src/domain/frt.js';
import { IN_HOURS, minutesAfter, settings, step, world } from './world.js';

describe('first response time (PB-23)', () => {
  it('PB-23: nearest-rank percentiles pick observed values (median of an even count = lower middle)', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.equal(nearestRank(ten, 50), 5);
    assert.equal(nearestRank(ten, 90), 9);
    assert.equal(nearestRank(ten, 100), 10);
    assert.equal(nearestRank([42], 90), 42);
    assert.equal(nearestRank([10, 20, 30, 40], 50), 20);
    assert.equal(nearestRank([10, 20, 30, 40], 90), 40);
    assert.equal(nearestRank([], 50), null);
  });

  it('PB-23: summary per workspace and per channel; unanswered conversations are not counted', () => {
    const base = Date.parse('2026-05-12T00:00:00Z');
    const sample = (channelId: string, seconds: number | null) => ({
      channelId,
      createdAt: new Date(base).toISOString(),
      firstResponseAt: seconds === null ? null : new Date(base + seconds * 1000).toISOString(),
    });
    const summary = summariseFrt([
      sample('ch-web', 30),
      sample('ch-kakao', 120),
      sample('ch-kakao', 60),
      sample('ch-kakao', 600),
      sample('ch-web', 90),
      sample('ch-kakao', null),
    ]);
    assert.deepEqual(summary, {
      count: 5,
      medianSeconds: 90,
      p90Seconds: 600,
      byChannel: [
        { channelId: 'ch-kakao', count: 3, medianSeconds: 120, p90Seconds: 600 },
        { channelId: 'ch-web', count: 2, medianSeconds: 30, p90Seconds: 90 },
      ],
    });
    assert.deepEqual(summariseFrt([]), { count: 0, medianSeconds: null, p90Seconds: null, byChannel: [] });
  });

  it('PB-23: time held for the profile counts: FRT runs from creation, not from assignment', () => {
    const s = settings({ profileBot: { onMissingProfile: 'hold' } });
    let w = step(world({ settings: s }), { type: 'connect_requested' }, IN_HOURS).world;
    w = step(w, { type: 'customer_message' }, minutesAfter(IN_HOURS, 1)).world;
    w = step(w, { type: 'profile_saved' }, minutesAfter(IN_HOURS, 5)).world;
    assert.equal(w.conversation?.status, 'assigned');
    assert.equal(w.conversation?.assignedAt, minutesAfter(IN_HOURS, 5).toISOString());
    const answered = step(w, { type: 'agent_message' }, minutesAfter(IN_HOURS, 6)).world.conversation;
    assert.ok(answered);
    const summary = summariseFrt([answered]);
    // 6 minutes from the connection request, of which 5 were spent waiting for the profile
    assert.equal(summary.medianSeconds, 360);
    assert.deepEqual(summary.byChannel, [
      { channelId: 'ch-kakao', count: 1, medianSeconds: 360, p90Seconds: 360 },
    ]);
  });
});

import assert from 'node:assert/strict';
import { canAutoAssign } from '../../../src/domain/routing/can-auto-assign.js';
import { IN_HOURS, OFF_HOURS_AT, T, card, customer, decideIn, say, settings, step, world } from './world.js';

const closedAtNight = (patch: Parameters<typeof settings>[0] = {}) =>
  settings({ ...patch, businessHours: { acceptOffHours: false, ...patch.businessHours } });
const acceptAtNight = (patch: Parameters<typeof settings>[0] = {}) =>
  settings({ ...patch, businessHours: { acceptOffHours: true, ...patch.businessHours } });

describe('business hours (PB-12 … PB-14)', () => {
  it('PB-12: off-hours and not accepted → the off-hours message, closed at once, no bot', () => {
    const { actions, world: after } = step(
      world({ settings: closedAtNight() }),
      { type: 'connect_requested' },
      OFF_HOURS_AT,
    );
    assert.deepEqual(actions, [
      { type: 'open_conversation', settingsVersion: 7 },
      say('system', T.OFF_HOURS),
      { type: 'close', reason: 'off_hours' },
    ]);
    assert.equal(after.conversation?.status, 'closed');
    assert.equal(after.conversation?.closeReason, 'off_hours');
    assert.equal(after.conversation?.botSentAt, null);
  });

  it('PB-12: without an off-hours message the request is just closed', () => {
    const w = world({ settings: closedAtNight({ autoMessages: { offHours: null } }) });
    assert.deepEqual(decideIn(w, { type: 'connect_requested' }, OFF_HOURS_AT), [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'close', reason: 'off_hours' },
    ]);
  });

  it('PB-12: a holiday inside the weekly hours is off-hours', () => {
    const w = world({ settings: closedAtNight({ businessHours: { holidays: ['2026-05-12'] } }) });
    assert.deepEqual(decideIn(w, { type: 'connect_requested' }, IN_HOURS).at(-1), {
      type: 'close',
      reason: 'off_hours',
    });
  });

  it('PB-12: with business hours disabled it is always open', () => {
    const w = world({ settings: closedAtNight({ businessHours: { enabled: false } }) });
    assert.deepEqual(decideIn(w, { type: 'connect_requested' }, OFF_HOURS_AT)[1], {
      type: 'assign',
      agentId: 'a1',
      via: 'distribution',
    });
  });

  it('PB-13: off-hours accepted → waiting (an agent online is not assigned) and the bot is sent', () => {
    const first = step(world({ settings: acceptAtNight() }), { type: 'connect_requested' }, OFF_HOURS_AT);
    assert.deepEqual(first.actions, [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'await_profile' },
      say('system', T.MANUAL_GREETING),
      card(),
      { type: 'mark_bot_sent' },
    ]);
    assert.equal(first.world.conversation?.status, 'waiting');
  });

  it('PB-13: a message before the profile gets PROFILE_REQUIRED even with onMissingProfile = assign', () => {
    const w = step(
      world({ settings: acceptAtNight({ profileBot: { onMissingProfile: 'assign' } }) }),
      { type: 'connect_requested' },
      OFF_HOURS_AT,
    ).world;
    assert.deepEqual(step(w, { type: 'customer_message' }, OFF_HOURS_AT).actions, [
      say('bot', T.PROFILE_REQUIRED),
    ]);
  });

  it('PB-13: hold off-hours is held as in hours', () => {
    const w = world({ settings: acceptAtNight({ profileBot: { onMissingProfile: 'hold' } }) });
    assert.deepEqual(decideIn(w, { type: 'connect_requested' }, OFF_HOURS_AT).slice(0, 3), [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'hold' },
      { type: 'await_profile' },
    ]);
  });

  it('PB-13: a customer who needs no bot gets the off-hours message and waits', () => {
    const w = world({ settings: acceptAtNight(), customer: customer({ name: '김하나' }) });
    assert.deepEqual(decideIn(w, { type: 'connect_requested' }, OFF_HOURS_AT), [
      { type: 'open_conversation', settingsVersion: 7 },
      say('system', T.OFF_HOURS),
    ]);
  });

  it('PB-14: a profile saved off-hours gets PROFILE_SAVED then the off-hours message, and nobody is assigned', () => {
    const w = step(world({ settings: acceptAtNight() }), { type: 'connect_requested' }, OFF_HOURS_AT).world;
    const saved = step(w, { type: 'profile_saved' }, OFF_HOURS_AT);
    assert.deepEqual(saved.actions, [
      { type: 'profile_received' },
      say('bot', T.PROFILE_SAVED),
      say('system', T.OFF_HOURS),
    ]);
    const conv = saved.world.conversation;
    assert.ok(conv);
    // the queue is distributed when the workspace opens (backlog auto)
    assert.equal(canAutoAssign(conv, w.settings, OFF_HOURS_AT), false);
    assert.equal(canAutoAssign(conv, w.settings, new Date('2026-05-13T00:00:00Z')), true);
  });

  it('PB-14: without an off-hours message the save is only confirmed', () => {
    const s = acceptAtNight({ autoMessages: { offHours: '  ' } });
    const w = step(world({ settings: s }), { type: 'connect_requested' }, OFF_HOURS_AT).world;
    assert.deepEqual(step(w, { type: 'profile_saved' }, OFF_HOURS_AT).actions, [
      { type: 'profile_received' },
      say('bot', T.PROFILE_SAVED),
    ]);
  });
});

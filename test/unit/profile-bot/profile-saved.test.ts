import assert from 'node:assert/strict';
import { IN_HOURS, T, conversation, decideIn, say, settings, step, world } from './world.js';

describe('the saved profile (PB-19)', () => {
  it('PB-19: PROFILE_SAVED is sent first, then routing (here PB-9)', () => {
    const w = step(
      world({ settings: settings({ profileBot: { onMissingProfile: 'hold' } }) }),
      { type: 'connect_requested' },
      IN_HOURS,
    ).world;
    const saved = step(w, { type: 'profile_saved' }, IN_HOURS);
    assert.deepEqual(saved.actions, [
      { type: 'profile_received' },
      say('bot', T.PROFILE_SAVED),
      { type: 'assign', agentId: 'a1', via: 'backlog' },
    ]);
    assert.equal(saved.world.conversation?.awaitingProfile, false);
    assert.equal(saved.world.conversation?.profileSavedAt, IN_HOURS.toISOString());
    // the held conversation stays greeting-free for good (PB-7)
    assert.equal(saved.world.conversation?.suppressGreeting, true);
  });

  it('PB-19: a form saved after the conversation closed is still confirmed, and nothing else happens', () => {
    const closed = conversation({ status: 'closed', closeReason: 'customer_idle', awaitingProfile: true });
    assert.deepEqual(decideIn(world({ conversation: closed }), { type: 'profile_saved' }, IN_HOURS), [
      say('bot', T.PROFILE_SAVED),
    ]);
  });

  it('PB-19: once saved, messages in the waiting room are no longer answered with PROFILE_REQUIRED', () => {
    const s = settings({ profileBot: { onMissingProfile: 'hold' }, distribution: { backlog: 'manual' } });
    let w = step(world({ settings: s }), { type: 'connect_requested' }, IN_HOURS).world;
    w = step(w, { type: 'profile_saved' }, IN_HOURS).world;
    assert.deepEqual(step(w, { type: 'customer_message' }, IN_HOURS).actions, []);
  });
});

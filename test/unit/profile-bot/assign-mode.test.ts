import assert from 'node:assert/strict';
import { IN_HOURS, T, agent, card, conversation, decideIn, say, settings, step, world } from './world.js';

describe('onMissingProfile = assign (PB-5)', () => {
  it('PB-5: assigned by the distribution method; the workspace greeting goes first, then the card', () => {
    const w = world({ agents: [agent('a1', { activeCount: 1 }), agent('a2', { activeCount: 0 })] });
    const { actions, world: after } = step(w, { type: 'connect_requested' }, IN_HOURS);
    assert.deepEqual(actions, [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'assign', agentId: 'a2', via: 'distribution' },
      { type: 'await_profile' },
      say('system', T.GREETING),
      card(),
      { type: 'mark_bot_sent' },
    ]);
    assert.equal(after.conversation?.status, 'assigned');
    assert.equal(after.conversation?.agentId, 'a2');
    assert.equal(after.conversation?.suppressGreeting, false);
  });

  it('PB-5: with no greeting configured only the card is sent', () => {
    const w = world({ settings: settings({ autoMessages: { greeting: null } }) });
    assert.deepEqual(decideIn(w, { type: 'connect_requested' }, IN_HOURS), [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'assign', agentId: 'a1', via: 'distribution' },
      { type: 'await_profile' },
      card(),
      { type: 'mark_bot_sent' },
    ]);
  });

  it('PB-5: the customer chats with the agent without ever filling the form (no PROFILE_REQUIRED)', () => {
    const first = step(world(), { type: 'connect_requested' }, IN_HOURS);
    for (let i = 0; i < 3; i += 1) {
      assert.deepEqual(step(first.world, { type: 'customer_message' }, IN_HOURS).actions, []);
    }
  });

  it('PB-5: auto distribution with nobody free waits with MANUAL_GREETING and the card, not held', () => {
    const w = world({ agents: [agent('a1', { online: false })] });
    const first = step(w, { type: 'connect_requested' }, IN_HOURS);
    assert.deepEqual(first.actions, [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'await_profile' },
      say('system', T.MANUAL_GREETING),
      card(),
      { type: 'mark_bot_sent' },
    ]);
    assert.equal(first.world.conversation?.suppressGreeting, false);
    // waiting for the profile → PROFILE_REQUIRED (29-8-2)
    assert.deepEqual(step(first.world, { type: 'customer_message' }, IN_HOURS).actions, [
      say('bot', T.PROFILE_REQUIRED),
    ]);
    // an agent frees up: assigned without the profile, and now greeted
    assert.deepEqual(step(first.world, { type: 'backlog_assigned', agentId: 'a1' }, IN_HOURS).actions, [
      { type: 'assign', agentId: 'a1', via: 'backlog' },
      say('system', T.GREETING),
    ]);
  });

  it('PB-5: saving the profile in an assigned conversation only confirms it', () => {
    const c = conversation({
      status: 'assigned',
      agentId: 'a1',
      assignedAt: '2026-05-12T02:51:00.000Z',
      awaitingProfile: true,
    });
    assert.deepEqual(decideIn(world({ conversation: c }), { type: 'profile_saved' }, IN_HOURS), [
      { type: 'profile_received' },
      say('bot', T.PROFILE_SAVED),
    ]);
  });
});

import assert from 'node:assert/strict';
import { canAutoAssign } from '../../../src/domain/routing/can-auto-assign.js';
import { IN_HOURS, T, agent, card, decideIn, say, settings, step, world, type World } from './world.js';

const hold = (distribution: { mode?: 'auto' | 'manual'; backlog?: 'auto' | 'manual' } = {}) =>
  settings({ profileBot: { onMissingProfile: 'hold' }, distribution });

function heldWorld(w: World): World {
  return step(w, { type: 'connect_requested' }, IN_HOURS).world;
}

describe('onMissingProfile = hold (PB-6 … PB-11)', () => {
  it('PB-6: the conversation is not assigned even with an agent free; it waits', () => {
    const { actions, world: after } = step(
      world({ settings: hold() }),
      { type: 'connect_requested' },
      IN_HOURS,
    );
    assert.equal(
      actions.some((a) => a.type === 'assign'),
      false,
    );
    assert.equal(after.conversation?.status, 'waiting');
    assert.equal(after.conversation?.agentId, null);
  });

  it('PB-7: hold sends MANUAL_GREETING with the card, never the workspace greeting', () => {
    assert.deepEqual(decideIn(world({ settings: hold() }), { type: 'connect_requested' }, IN_HOURS), [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'hold' },
      { type: 'await_profile' },
      say('system', T.MANUAL_GREETING),
      card(),
      { type: 'mark_bot_sent' },
    ]);
  });

  it('PB-8: every customer message before the profile is answered with PROFILE_REQUIRED, each time', () => {
    let w = heldWorld(world({ settings: hold() }));
    for (let i = 0; i < 3; i += 1) {
      const r = step(w, { type: 'customer_message' }, IN_HOURS);
      assert.deepEqual(r.actions, [say('bot', T.PROFILE_REQUIRED)], `message ${i + 1}`);
      w = r.world;
    }
    // a repeated connection request is a message too
    assert.deepEqual(step(w, { type: 'connect_requested' }, IN_HOURS).actions, [
      say('bot', T.PROFILE_REQUIRED),
    ]);
  });

  it('PB-9: backlog auto assigns at once on submit, without the greeting', () => {
    const w = heldWorld(
      world({ settings: hold({ backlog: 'auto' }), agents: [agent('a1', { activeCount: 1 }), agent('a2')] }),
    );
    const saved = step(w, { type: 'profile_saved' }, IN_HOURS);
    assert.deepEqual(saved.actions, [
      { type: 'profile_received' },
      say('bot', T.PROFILE_SAVED),
      { type: 'assign', agentId: 'a2', via: 'backlog' },
    ]);
    assert.equal(saved.world.conversation?.status, 'assigned');
  });

  it('PB-9: nobody free at submit → stays waiting, and the later backlog assignment still has no greeting', () => {
    const w = heldWorld(world({ settings: hold(), agents: [agent('a1', { online: false })] }));
    const saved = step(w, { type: 'profile_saved' }, IN_HOURS);
    assert.deepEqual(saved.actions, [{ type: 'profile_received' }, say('bot', T.PROFILE_SAVED)]);
    const conv = saved.world.conversation;
    assert.ok(conv);
    assert.equal(canAutoAssign(conv, saved.world.settings, IN_HOURS), true);
    assert.deepEqual(step(saved.world, { type: 'backlog_assigned', agentId: 'a1' }, IN_HOURS).actions, [
      { type: 'assign', agentId: 'a1', via: 'backlog' },
    ]);
  });

  it('PB-9: before the profile, routing may not take a held conversation', () => {
    const w = heldWorld(world({ settings: hold() }));
    const conv = w.conversation;
    assert.ok(conv);
    assert.equal(canAutoAssign(conv, w.settings, IN_HOURS), false);
    assert.deepEqual(step(w, { type: 'backlog_assigned', agentId: 'a1' }, IN_HOURS).actions, []);
  });

  it('PB-10: backlog manual keeps the conversation waiting after submit; the manager’s assignment greets', () => {
    const w = heldWorld(world({ settings: hold({ backlog: 'manual' }) }));
    const saved = step(w, { type: 'profile_saved' }, IN_HOURS);
    assert.deepEqual(saved.actions, [{ type: 'profile_received' }, say('bot', T.PROFILE_SAVED)]);
    assert.equal(saved.world.conversation?.status, 'waiting');
    assert.deepEqual(step(saved.world, { type: 'backlog_assigned', agentId: 'a1' }, IN_HOURS).actions, []);
    assert.deepEqual(step(saved.world, { type: 'manager_assigned', agentId: 'a1' }, IN_HOURS).actions, [
      { type: 'assign', agentId: 'a1', via: 'manager' },
      say('system', T.GREETING),
    ]);
  });

  it('PB-10: a manager may take a held conversation before the profile; it greets and stops PROFILE_REQUIRED', () => {
    const w = heldWorld(world({ settings: hold() }));
    const assigned = step(w, { type: 'manager_assigned', agentId: 'a1' }, IN_HOURS);
    assert.deepEqual(assigned.actions, [
      { type: 'assign', agentId: 'a1', via: 'manager' },
      say('system', T.GREETING),
    ]);
    assert.deepEqual(step(assigned.world, { type: 'customer_message' }, IN_HOURS).actions, []);
  });

  it('PB-11: manual distribution behaves as hold even with onMissingProfile = assign', () => {
    const s = settings({
      profileBot: { onMissingProfile: 'assign' },
      distribution: { mode: 'manual', backlog: 'auto' },
    });
    const first = step(world({ settings: s }), { type: 'connect_requested' }, IN_HOURS);
    assert.deepEqual(first.actions, [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'hold' },
      { type: 'await_profile' },
      say('system', T.MANUAL_GREETING),
      card(),
      { type: 'mark_bot_sent' },
    ]);
    assert.deepEqual(step(first.world, { type: 'customer_message' }, IN_HOURS).actions, [
      say('bot', T.PROFILE_REQUIRED),
    ]);
    // manual distribution: the saved profile waits for a manager, whatever the backlog setting
    const saved = step(first.world, { type: 'profile_saved' }, IN_HOURS);
    assert.deepEqual(saved.actions, [{ type: 'profile_received' }, say('bot', T.PROFILE_SAVED)]);
    assert.deepEqual(step(saved.world, { type: 'manager_assigned', agentId: 'a1' }, IN_HOURS).actions, [
      { type: 'assign', agentId: 'a1', via: 'manager' },
      say('system', T.GREETING),
    ]);
  });
});

import assert from 'node:assert/strict';
import { IN_HOURS, T, agent, conversation, decideIn, say, settings, step, world } from './world.js';

const disabled = (patch: Parameters<typeof settings>[0] = {}) =>
  settings({ ...patch, profileBot: { enabled: false, ...patch.profileBot } });

describe('bot disabled: plain distribution', () => {
  it('auto distribution assigns the least busy agent and sends the workspace greeting', () => {
    const w = world({
      settings: disabled(),
      agents: [agent('a1', { activeCount: 2 }), agent('a2', { activeCount: 1 })],
    });
    assert.deepEqual(decideIn(w, { type: 'connect_requested' }, IN_HOURS), [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'assign', agentId: 'a2', via: 'distribution' },
      say('system', T.GREETING),
    ]);
  });

  it('without a configured greeting the assignment sends nothing', () => {
    const w = world({ settings: disabled({ autoMessages: { greeting: null } }) });
    assert.deepEqual(decideIn(w, { type: 'connect_requested' }, IN_HOURS), [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'assign', agentId: 'a1', via: 'distribution' },
    ]);
  });

  it('auto distribution with nobody free: waiting with MANUAL_GREETING; the greeting comes with the later assignment', () => {
    const full = agent('a1', { activeCount: 3, maxConcurrent: 3 });
    const first = step(
      world({ settings: disabled(), agents: [full] }),
      { type: 'connect_requested' },
      IN_HOURS,
    );
    assert.deepEqual(first.actions, [
      { type: 'open_conversation', settingsVersion: 7 },
      say('system', T.MANUAL_GREETING),
    ]);
    assert.equal(first.world.conversation?.status, 'waiting');
    // no PROFILE_REQUIRED: nothing was asked
    assert.deepEqual(step(first.world, { type: 'customer_message' }, IN_HOURS).actions, []);
    const later = step(first.world, { type: 'backlog_assigned', agentId: 'a1' }, IN_HOURS);
    assert.deepEqual(later.actions, [
      { type: 'assign', agentId: 'a1', via: 'backlog' },
      say('system', T.GREETING),
    ]);
  });

  it('manual distribution: waiting with MANUAL_GREETING; the manager’s assignment sends the greeting', () => {
    const w = world({ settings: disabled({ distribution: { mode: 'manual' } }) });
    const first = step(w, { type: 'connect_requested' }, IN_HOURS);
    assert.deepEqual(first.actions, [
      { type: 'open_conversation', settingsVersion: 7 },
      say('system', T.MANUAL_GREETING),
    ]);
    assert.deepEqual(step(first.world, { type: 'backlog_assigned', agentId: 'a1' }, IN_HOURS).actions, []);
    assert.deepEqual(step(first.world, { type: 'manager_assigned', agentId: 'a1' }, IN_HOURS).actions, [
      { type: 'assign', agentId: 'a1', via: 'manager' },
      say('system', T.GREETING),
    ]);
  });

  it('a transfer to another agent does not greet again; the same agent again is a no-op', () => {
    const assigned = conversation({
      status: 'assigned',
      agentId: 'a1',
      assignedAt: '2026-05-12T02:55:00.000Z',
    });
    const w = world({ settings: disabled(), conversation: assigned });
    assert.deepEqual(decideIn(w, { type: 'manager_assigned', agentId: 'a2' }, IN_HOURS), [
      { type: 'assign', agentId: 'a2', via: 'manager' },
    ]);
    assert.deepEqual(decideIn(w, { type: 'manager_assigned', agentId: 'a1' }, IN_HOURS), []);
  });
});

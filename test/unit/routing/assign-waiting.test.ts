import assert from 'node:assert/strict';
import type { Agent, Conversation } from '../../../src/domain/conversation.js';
import { defaultSettings } from '../../../src/domain/settings.js';
import { assignWaiting } from '../../../src/domain/routing/assign-waiting.js';
import { canAutoAssign } from '../../../src/domain/routing/can-auto-assign.js';
import { conversation } from '../profile-bot/world.js';

const NOW = new Date('2026-05-12T03:00:00Z');

function agent(id: string, over: Partial<Agent> = {}): Agent {
  return {
    id,
    workspaceId: 'ws-1',
    name: id,
    maxConcurrent: 2,
    online: true,
    activeCount: 0,
    lastAssignedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  };
}

function waiting(id: string, minute: number, over: Partial<Conversation> = {}): Conversation {
  const createdAt = new Date(Date.parse('2026-05-12T02:00:00Z') + minute * 60_000).toISOString();
  return conversation({ id, customerId: `cus-${id}`, createdAt, ...over });
}

const all = () => true;

describe('assignWaiting (backlog distribution)', () => {
  it('hands out the oldest first and stops when capacity runs out', () => {
    const plan = assignWaiting(
      [waiting('c1', 1), waiting('c2', 2), waiting('c3', 3)],
      [agent('a1', { activeCount: 1 })],
      all,
    );
    assert.deepEqual(plan, [{ conversationId: 'c1', agentId: 'a1' }]);
  });

  it('counts its own assignments: spreads over agents and never exceeds maxConcurrent', () => {
    const plan = assignWaiting(
      [waiting('c1', 1), waiting('c2', 2), waiting('c3', 3), waiting('c4', 4), waiting('c5', 5)],
      [agent('a1', { activeCount: 1 }), agent('a2')],
      all,
    );
    assert.deepEqual(plan, [
      { conversationId: 'c1', agentId: 'a2' },
      { conversationId: 'c2', agentId: 'a1' },
      { conversationId: 'c3', agentId: 'a2' },
    ]);
  });

  it('agents served in this batch go after equally loaded ones still waiting for work', () => {
    const plan = assignWaiting(
      [waiting('c1', 1), waiting('c2', 2), waiting('c3', 3)],
      [agent('a', { maxConcurrent: 5 }), agent('b', { maxConcurrent: 5 }), agent('c', { maxConcurrent: 5 })],
      all,
    );
    assert.deepEqual(
      plan.map((p) => p.agentId),
      ['a', 'b', 'c'],
    );
  });

  it('sorts by creation even when the caller did not', () => {
    const plan = assignWaiting(
      [waiting('late', 9), waiting('early', 1)],
      [agent('a1', { maxConcurrent: 1 })],
      all,
    );
    assert.deepEqual(plan, [{ conversationId: 'early', agentId: 'a1' }]);
  });

  it('PB-6/PB-9/PB-10/PB-11: only conversations canAutoAssign allows; refused ones keep their place', () => {
    const s = defaultSettings();
    const heldForProfile = waiting('held', 1, { awaitingProfile: true, suppressGreeting: true });
    const profileSaved = waiting('saved', 2, { awaitingProfile: false, suppressGreeting: true });
    const noAgentWasFree = waiting('queued', 3, { awaitingProfile: true, suppressGreeting: false });
    const plan = assignWaiting(
      [heldForProfile, profileSaved, noAgentWasFree],
      [agent('a1', { maxConcurrent: 5 })],
      (c) => canAutoAssign(c, s, NOW),
    );
    assert.deepEqual(
      plan.map((p) => p.conversationId),
      ['saved', 'queued'],
    );

    const manualBacklog = { ...s, distribution: { mode: 'auto' as const, backlog: 'manual' as const } };
    assert.deepEqual(
      assignWaiting([profileSaved], [agent('a1')], (c) => canAutoAssign(c, manualBacklog, NOW)),
      [],
    );
    const manualMode = { ...s, distribution: { mode: 'manual' as const, backlog: 'auto' as const } };
    assert.deepEqual(
      assignWaiting([profileSaved], [agent('a1')], (c) => canAutoAssign(c, manualMode, NOW)),
      [],
    );
  });
});

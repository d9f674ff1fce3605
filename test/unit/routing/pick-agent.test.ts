import assert from 'node:assert/strict';
import type { Agent } from '../../../src/domain/conversation.js';
import { pickAgent } from '../../../src/domain/routing/pick-agent.js';

const NOW = new Date('2026-05-12T03:00:00Z');

function agent(id: string, over: Partial<Agent> = {}): Agent {
  return {
    id,
    workspaceId: 'ws-1',
    name: id,
    maxConcurrent: 3,
    online: true,
    activeCount: 0,
    lastAssignedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  };
}

describe('pickAgent', () => {
  it('returns null when nobody is online or everybody is full', () => {
    assert.equal(pickAgent([], NOW), null);
    assert.equal(pickAgent([agent('a1', { online: false }), agent('a2', { activeCount: 3 })], NOW), null);
    assert.equal(pickAgent([agent('a1', { maxConcurrent: 0 })], NOW), null);
  });

  it('skips offline and full agents', () => {
    const picked = pickAgent(
      [agent('a1', { online: false }), agent('a2', { activeCount: 3 }), agent('a3', { activeCount: 2 })],
      NOW,
    );
    assert.equal(picked?.id, 'a3');
  });

  it('prefers the fewest active conversations', () => {
    const picked = pickAgent(
      [
        agent('a1', { activeCount: 2 }),
        agent('a2', { activeCount: 1, lastAssignedAt: '2026-05-12T02:59:00Z' }),
      ],
      NOW,
    );
    assert.equal(picked?.id, 'a2');
  });

  it('breaks a tie by the longest idle; never assigned counts as the oldest', () => {
    const agents = [
      agent('a1', { activeCount: 1, lastAssignedAt: '2026-05-12T02:00:00Z' }),
      agent('a2', { activeCount: 1, lastAssignedAt: '2026-05-12T01:00:00Z' }),
    ];
    assert.equal(pickAgent(agents, NOW)?.id, 'a2');
    assert.equal(pickAgent([...agents, agent('a3', { activeCount: 1 })], NOW)?.id, 'a3');
  });

  it('compares times as instants, not strings (offsets differ)', () => {
    const agents = [
      agent('a1', { lastAssignedAt: '2026-05-12T11:00:00+09:00' }), // 02:00Z
      agent('a2', { lastAssignedAt: '2026-05-12T01:30:00Z' }),
    ];
    assert.equal(pickAgent(agents, NOW)?.id, 'a2');
  });

  it('then the id, so the same input always gives the same agent', () => {
    const agents = [agent('b'), agent('a'), agent('c')];
    assert.equal(pickAgent(agents, NOW)?.id, 'a');
    assert.equal(pickAgent([...agents].reverse(), NOW)?.id, 'a');
  });
});

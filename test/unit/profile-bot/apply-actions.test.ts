import assert from 'node:assert/strict';
import { applyActions } from '../../../src/domain/profile-bot/apply-actions.js';
import { IN_HOURS, T, conversation, say } from './world.js';

const seed = {
  id: 'conv-9',
  workspaceId: 'ws-1',
  channelId: 'ch-web',
  channelType: 'webchat' as const,
  customerId: 'cus-1',
};
const at = IN_HOURS.toISOString();

describe('applyActions: the state half of a decision', () => {
  it('PB-4/PB-6/PB-1: open, hold, await and mark build the waiting conversation', () => {
    const c = applyActions(
      null,
      [
        { type: 'open_conversation', settingsVersion: 4 },
        { type: 'hold' },
        { type: 'await_profile' },
        say('system', T.MANUAL_GREETING),
        { type: 'mark_bot_sent' },
      ],
      { now: IN_HOURS, seed },
    );
    assert.deepEqual(c, {
      ...seed,
      status: 'waiting',
      agentId: null,
      settingsVersion: 4,
      createdAt: at,
      botSentAt: at,
      awaitingProfile: true,
      profileSavedAt: null,
      suppressGreeting: true,
      assignedAt: null,
      firstResponseAt: null,
      closedAt: null,
      closeReason: null,
      lastMessageAt: at,
      lastMessageFrom: 'system',
    });
  });

  it('PB-1: a second card does not move the chargeable time', () => {
    const c = applyActions(
      conversation({ botSentAt: '2026-05-12T02:50:00.000Z' }),
      [{ type: 'mark_bot_sent' }],
      { now: IN_HOURS },
    );
    assert.equal(c?.botSentAt, '2026-05-12T02:50:00.000Z');
  });

  it('assign, profile_received, first response and close set their fields; timers change nothing', () => {
    const c = applyActions(
      conversation({ awaitingProfile: true }),
      [
        { type: 'profile_received' },
        { type: 'assign', agentId: 'a2', via: 'backlog' },
        { type: 'mark_first_response' },
        { type: 'schedule_auto_close', at: IN_HOURS },
        { type: 'cancel_auto_close' },
        { type: 'close', reason: 'customer_idle' },
      ],
      { now: IN_HOURS },
    );
    assert.equal(c?.awaitingProfile, false);
    assert.equal(c?.profileSavedAt, at);
    assert.equal(c?.agentId, 'a2');
    assert.equal(c?.assignedAt, at);
    assert.equal(c?.firstResponseAt, at);
    assert.equal(c?.status, 'closed');
    assert.equal(c?.closedAt, at);
    assert.equal(c?.closeReason, 'customer_idle');
  });

  it('refuses actions without a conversation and an open without a seed (caller bugs)', () => {
    assert.throws(
      () => applyActions(null, [{ type: 'hold' }], { now: IN_HOURS }),
      /hold without a conversation/,
    );
    assert.throws(
      () => applyActions(null, [{ type: 'open_conversation', settingsVersion: 1 }], { now: IN_HOURS }),
      /seed/,
    );
  });
});

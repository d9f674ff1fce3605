import assert from 'node:assert/strict';
import {
  IN_HOURS,
  T,
  card,
  conversation,
  decideIn,
  minutesAfter,
  say,
  settings,
  step,
  world,
} from './world.js';

const idle30 = (patch: Parameters<typeof settings>[0] = {}) =>
  settings({ ...patch, autoClose: { customerIdleMinutes: 30 } });

describe('auto-close on customer silence (PB-21)', () => {
  it('PB-21: the bot’s messages start the timer at their time + customerIdleMinutes', () => {
    assert.deepEqual(
      decideIn(
        world({ settings: idle30({ profileBot: { onMissingProfile: 'hold' } }) }),
        { type: 'connect_requested' },
        IN_HOURS,
      ),
      [
        { type: 'open_conversation', settingsVersion: 7 },
        { type: 'hold' },
        { type: 'await_profile' },
        say('system', T.MANUAL_GREETING),
        card(),
        { type: 'mark_bot_sent' },
        { type: 'schedule_auto_close', at: minutesAfter(IN_HOURS, 30) },
      ],
    );
  });

  it('PB-21: a customer message cancels; the PROFILE_REQUIRED answer starts a new wait', () => {
    const held = conversation({ awaitingProfile: true, suppressGreeting: true });
    assert.deepEqual(
      decideIn(world({ settings: idle30(), conversation: held }), { type: 'customer_message' }, IN_HOURS),
      [
        { type: 'cancel_auto_close' },
        say('bot', T.PROFILE_REQUIRED),
        { type: 'schedule_auto_close', at: minutesAfter(IN_HOURS, 30) },
      ],
    );
    const assigned = conversation({ status: 'assigned', agentId: 'a1', assignedAt: IN_HOURS.toISOString() });
    assert.deepEqual(
      decideIn(world({ settings: idle30(), conversation: assigned }), { type: 'customer_message' }, IN_HOURS),
      [{ type: 'cancel_auto_close' }],
    );
  });

  it('PB-21: an agent message (re)starts the timer and the first one marks the first response', () => {
    const assigned = conversation({ status: 'assigned', agentId: 'a1', assignedAt: IN_HOURS.toISOString() });
    const first = step(
      world({ settings: idle30(), conversation: assigned }),
      { type: 'agent_message' },
      IN_HOURS,
    );
    assert.deepEqual(first.actions, [
      { type: 'mark_first_response' },
      { type: 'schedule_auto_close', at: minutesAfter(IN_HOURS, 30) },
    ]);
    const later = minutesAfter(IN_HOURS, 5);
    assert.deepEqual(step(first.world, { type: 'agent_message' }, later).actions, [
      { type: 'schedule_auto_close', at: minutesAfter(later, 30) },
    ]);
  });

  it('PB-21: the timer closes a waiting conversation whose last message is the bot’s', () => {
    const w = step(
      world({ settings: idle30({ profileBot: { onMissingProfile: 'hold' } }) }),
      { type: 'connect_requested' },
      IN_HOURS,
    ).world;
    const fired = step(w, { type: 'idle_timeout' }, minutesAfter(IN_HOURS, 30));
    assert.deepEqual(fired.actions, [{ type: 'close', reason: 'customer_idle' }]);
    assert.equal(fired.world.conversation?.closeReason, 'customer_idle');
  });

  it('PB-21: the timer closes an assigned conversation whose last message is the agent’s', () => {
    const c = conversation({
      status: 'assigned',
      agentId: 'a1',
      lastMessageAt: IN_HOURS.toISOString(),
      lastMessageFrom: 'agent',
    });
    assert.deepEqual(
      decideIn(
        world({ settings: idle30(), conversation: c }),
        { type: 'idle_timeout' },
        minutesAfter(IN_HOURS, 31),
      ),
      [{ type: 'close', reason: 'customer_idle' }],
    );
  });

  it('PB-21: never closes when the customer spoke last, nor before the deadline, nor when off', () => {
    const at = IN_HOURS.toISOString();
    const late = minutesAfter(IN_HOURS, 60);
    const customerLast = conversation({ lastMessageAt: at, lastMessageFrom: 'customer' });
    assert.deepEqual(
      decideIn(world({ settings: idle30(), conversation: customerLast }), { type: 'idle_timeout' }, late),
      [],
    );
    const botLast = conversation({ lastMessageAt: at, lastMessageFrom: 'bot' });
    assert.deepEqual(
      decideIn(
        world({ settings: idle30(), conversation: botLast }),
        { type: 'idle_timeout' },
        minutesAfter(IN_HOURS, 29),
      ),
      [],
    );
    assert.deepEqual(
      decideIn(world({ settings: settings(), conversation: botLast }), { type: 'idle_timeout' }, late),
      [],
    );
    const closed = conversation({ status: 'closed', lastMessageAt: at, lastMessageFrom: 'bot' });
    assert.deepEqual(
      decideIn(world({ settings: idle30(), conversation: closed }), { type: 'idle_timeout' }, late),
      [],
    );
  });

  it('PB-21: a request closed off-hours schedules nothing', () => {
    const s = idle30({ businessHours: { acceptOffHours: false } });
    const actions = decideIn(
      world({ settings: s }),
      { type: 'connect_requested' },
      new Date('2026-05-12T14:00:00Z'),
    );
    assert.equal(
      actions.some((a) => a.type === 'schedule_auto_close'),
      false,
    );
  });
});

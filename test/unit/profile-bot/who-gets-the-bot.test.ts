import assert from 'node:assert/strict';
import { IN_HOURS, T, card, conversation, customer, decideIn, say, settings, step, world } from './world.js';

describe('who gets the bot (PB-1 … PB-4)', () => {
  it('PB-1: the card goes out on a connection request, and the sending time is recorded', () => {
    const w = world();
    const { actions, world: after } = step(w, { type: 'connect_requested' }, IN_HOURS);
    assert.deepEqual(actions, [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'assign', agentId: 'a1', via: 'distribution' },
      { type: 'await_profile' },
      say('system', T.GREETING),
      card(),
      { type: 'mark_bot_sent' },
    ]);
    assert.equal(after.conversation?.botSentAt, IN_HOURS.toISOString());
  });

  it('PB-1: an ordinary message with no conversation gets nothing from the bot', () => {
    assert.deepEqual(decideIn(world(), { type: 'customer_message' }, IN_HOURS), []);
  });

  it('PB-1: with the bot disabled a connection request sends no card', () => {
    const w = world({ settings: settings({ profileBot: { enabled: false } }) });
    const actions = decideIn(w, { type: 'connect_requested' }, IN_HOURS);
    assert.equal(
      actions.some((a) => a.type === 'send' && a.message.kind === 'card'),
      false,
    );
    assert.equal(
      actions.some((a) => a.type === 'mark_bot_sent'),
      false,
    );
  });

  it('PB-2: a customer with any configured field on file (name of name+phone) is not sent the bot', () => {
    const w = world({ customer: customer({ name: '김하나' }) });
    assert.deepEqual(decideIn(w, { type: 'connect_requested' }, IN_HOURS), [
      { type: 'open_conversation', settingsVersion: 7 },
      { type: 'assign', agentId: 'a1', via: 'distribution' },
      say('system', T.GREETING),
    ]);
  });

  it('PB-2: data outside the configured fields does not count, and neither does a blank value', () => {
    for (const profile of [{ email: 'a@example.com' }, { name: '   ' }]) {
      const actions = decideIn(
        world({ customer: customer(profile) }),
        { type: 'connect_requested' },
        IN_HOURS,
      );
      assert.deepEqual(actions.at(-2), card(), JSON.stringify(profile));
    }
  });

  it('PB-2: with fields = address only, a stored address means no bot', () => {
    const w = world({
      settings: settings({ profileBot: { fields: ['address'] } }),
      customer: customer({
        address: { zonecode: '06236', roadAddress: '서울 강남구 테헤란로 152', detail: '' },
      }),
    });
    const actions = decideIn(w, { type: 'connect_requested' }, IN_HOURS);
    assert.equal(
      actions.some((a) => a.type === 'await_profile'),
      false,
    );
  });

  it('PB-3: a customer who saved the profile is not asked again, until the data is deleted', () => {
    const saved = decideIn(
      world({ customer: customer({ name: '김하나', phone: '010-1234-5678' }) }),
      { type: 'connect_requested' },
      IN_HOURS,
    );
    assert.equal(
      saved.some((a) => a.type === 'mark_bot_sent'),
      false,
    );
    // the agent deleted both fields (DELETE …/profile/:field): the profile is simply empty again
    const deleted = decideIn(world({ customer: customer({}) }), { type: 'connect_requested' }, IN_HOURS);
    assert.deepEqual(deleted.slice(-2), [card(), { type: 'mark_bot_sent' }]);
  });

  it('PB-4: a new conversation is pinned to the settings version it started with', () => {
    const actions = decideIn(world({ settings: settings({}, 12) }), { type: 'connect_requested' }, IN_HOURS);
    assert.deepEqual(actions[0], { type: 'open_conversation', settingsVersion: 12 });
  });

  it('PB-4: an open conversation follows its own version (hold), not the newer one (assign)', () => {
    const held = conversation({ settingsVersion: 3, awaitingProfile: true, suppressGreeting: true });
    const v3 = settings({ profileBot: { onMissingProfile: 'hold' } }, 3);
    assert.deepEqual(
      decideIn(world({ settings: v3, conversation: held }), { type: 'customer_message' }, IN_HOURS),
      [say('bot', T.PROFILE_REQUIRED)],
    );
  });

  it('PB-4: passing settings of another version than the conversation’s is a caller bug', () => {
    const w = world({ settings: settings({}, 8), conversation: conversation({ settingsVersion: 3 }) });
    assert.throws(() => decideIn(w, { type: 'customer_message' }, IN_HOURS), /settings version 3, got 8/);
  });
});

import assert from 'node:assert/strict';
import type { Conversation } from '../../../src/domain/conversation.js';
import { conversation } from '../profile-bot/world.js';
import { defaultSettings, type Settings } from '../../../src/domain/settings.js';
import { canAutoAssign } from '../../../src/domain/routing/can-auto-assign.js';

const TUE_NOON_SEOUL = new Date('2026-05-12T03:00:00Z');
const TUE_NIGHT_SEOUL = new Date('2026-05-12T14:00:00Z');

function conv(over: Partial<Conversation> = {}): Conversation {
  return conversation({ settingsVersion: 1, ...over });
}

function withHours(s: Settings): Settings {
  const day = [{ start: '09:00', end: '18:00' }];
  return {
    ...s,
    businessHours: {
      ...s.businessHours,
      enabled: true,
      weekly: { mon: day, tue: day, wed: day, thu: day, fri: day },
    },
  };
}

describe('canAutoAssign', () => {
  const s = defaultSettings();
  it('a plain waiting conversation under auto/auto in hours: yes', () => {
    assert.equal(canAutoAssign(conv(), s, TUE_NOON_SEOUL), true);
  });
  it('PB-6: held for the profile: no; PB-9: after the profile: yes', () => {
    assert.equal(
      canAutoAssign(conv({ awaitingProfile: true, suppressGreeting: true }), s, TUE_NOON_SEOUL),
      false,
    );
    assert.equal(
      canAutoAssign(conv({ awaitingProfile: false, suppressGreeting: true }), s, TUE_NOON_SEOUL),
      true,
    );
  });
  it('PB-5: waiting under assign mode without the profile: yes (assigned without it)', () => {
    assert.equal(
      canAutoAssign(conv({ awaitingProfile: true, suppressGreeting: false }), s, TUE_NOON_SEOUL),
      true,
    );
  });
  it('PB-10: backlog manual: no; PB-11: manual distribution: no', () => {
    assert.equal(
      canAutoAssign(conv(), { ...s, distribution: { mode: 'auto', backlog: 'manual' } }, TUE_NOON_SEOUL),
      false,
    );
    assert.equal(
      canAutoAssign(conv(), { ...s, distribution: { mode: 'manual', backlog: 'auto' } }, TUE_NOON_SEOUL),
      false,
    );
  });
  it('PB-14: outside business hours: no', () => {
    assert.equal(canAutoAssign(conv(), withHours(s), TUE_NIGHT_SEOUL), false);
    assert.equal(canAutoAssign(conv(), withHours(s), TUE_NOON_SEOUL), true);
  });
  it('assigned or closed conversations: no', () => {
    assert.equal(canAutoAssign(conv({ status: 'assigned', agentId: 'a1' }), s, TUE_NOON_SEOUL), false);
    assert.equal(canAutoAssign(conv({ status: 'closed' }), s, TUE_NOON_SEOUL), false);
  });
});

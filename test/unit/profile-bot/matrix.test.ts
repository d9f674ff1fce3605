// Every combination the manual calls out: onMissingProfile × distribution.mode × backlog ×
// business hours. The expected rows are written out by hand from the manual, not computed.
import assert from 'node:assert/strict';
import type { BotAction } from '../../../src/domain/profile-bot/bot-types.js';
import { canAutoAssign } from '../../../src/domain/routing/can-auto-assign.js';
import { IN_HOURS, OFF_HOURS_AT, T, settings, step, world } from './world.js';

type Hours = 'open' | 'off-rejected' | 'off-accepted';
type Shown = 'GREETING' | 'MANUAL_GREETING' | 'CARD' | 'OFF_HOURS' | 'PROFILE_SAVED' | 'PROFILE_REQUIRED';

interface Row {
  onMissing: 'assign' | 'hold';
  mode: 'auto' | 'manual';
  backlog: 'auto' | 'manual';
  hours: Hours;
  /** status right after the connection request */
  status: 'assigned' | 'waiting' | 'closed';
  /** what the customer sees on connecting, in order */
  onConnect: Shown[];
  /** the reply to a message sent before the profile (null: the conversation is closed) */
  onMessage: Shown[] | null;
  /** what the customer sees on saving the profile, and the status after (null: closed) */
  onSave: { shown: Shown[]; status: 'assigned' | 'waiting' } | null;
  /** may routing take the conversation at the next opening, before any profile? */
  autoBeforeProfile: boolean;
}

const waitingWithCard: Pick<Row, 'status' | 'onConnect' | 'onMessage'> = {
  status: 'waiting',
  onConnect: ['MANUAL_GREETING', 'CARD'],
  onMessage: ['PROFILE_REQUIRED'],
};
const waitSave = { shown: ['PROFILE_SAVED'] as Shown[], status: 'waiting' as const };
const nightSave = { shown: ['PROFILE_SAVED', 'OFF_HOURS'] as Shown[], status: 'waiting' as const };
const rejected = {
  status: 'closed' as const,
  onConnect: ['OFF_HOURS'] as Shown[],
  onMessage: null,
  onSave: null,
  autoBeforeProfile: false,
};

const ROWS: Row[] = [
  // business hours, PB-5 (assign) / PB-6…PB-10 (hold) / PB-11 (manual distribution)
  {
    onMissing: 'assign',
    mode: 'auto',
    backlog: 'auto',
    hours: 'open',
    status: 'assigned',
    onConnect: ['GREETING', 'CARD'],
    onMessage: [],
    onSave: { shown: ['PROFILE_SAVED'], status: 'assigned' },
    autoBeforeProfile: false,
  },
  {
    onMissing: 'assign',
    mode: 'auto',
    backlog: 'manual',
    hours: 'open',
    status: 'assigned',
    onConnect: ['GREETING', 'CARD'],
    onMessage: [],
    onSave: { shown: ['PROFILE_SAVED'], status: 'assigned' },
    autoBeforeProfile: false,
  },
  {
    onMissing: 'assign',
    mode: 'manual',
    backlog: 'auto',
    hours: 'open',
    ...waitingWithCard,
    onSave: waitSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'assign',
    mode: 'manual',
    backlog: 'manual',
    hours: 'open',
    ...waitingWithCard,
    onSave: waitSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'hold',
    mode: 'auto',
    backlog: 'auto',
    hours: 'open',
    ...waitingWithCard,
    onSave: { shown: ['PROFILE_SAVED'], status: 'assigned' },
    autoBeforeProfile: false,
  },
  {
    onMissing: 'hold',
    mode: 'auto',
    backlog: 'manual',
    hours: 'open',
    ...waitingWithCard,
    onSave: waitSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'hold',
    mode: 'manual',
    backlog: 'auto',
    hours: 'open',
    ...waitingWithCard,
    onSave: waitSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'hold',
    mode: 'manual',
    backlog: 'manual',
    hours: 'open',
    ...waitingWithCard,
    onSave: waitSave,
    autoBeforeProfile: false,
  },
  // off-hours, not accepted: PB-12
  { onMissing: 'assign', mode: 'auto', backlog: 'auto', hours: 'off-rejected', ...rejected },
  { onMissing: 'assign', mode: 'auto', backlog: 'manual', hours: 'off-rejected', ...rejected },
  { onMissing: 'assign', mode: 'manual', backlog: 'auto', hours: 'off-rejected', ...rejected },
  { onMissing: 'assign', mode: 'manual', backlog: 'manual', hours: 'off-rejected', ...rejected },
  { onMissing: 'hold', mode: 'auto', backlog: 'auto', hours: 'off-rejected', ...rejected },
  { onMissing: 'hold', mode: 'auto', backlog: 'manual', hours: 'off-rejected', ...rejected },
  { onMissing: 'hold', mode: 'manual', backlog: 'auto', hours: 'off-rejected', ...rejected },
  { onMissing: 'hold', mode: 'manual', backlog: 'manual', hours: 'off-rejected', ...rejected },
  // off-hours, accepted: PB-13, PB-14
  {
    onMissing: 'assign',
    mode: 'auto',
    backlog: 'auto',
    hours: 'off-accepted',
    ...waitingWithCard,
    onSave: nightSave,
    autoBeforeProfile: true,
  },
  {
    onMissing: 'assign',
    mode: 'auto',
    backlog: 'manual',
    hours: 'off-accepted',
    ...waitingWithCard,
    onSave: nightSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'assign',
    mode: 'manual',
    backlog: 'auto',
    hours: 'off-accepted',
    ...waitingWithCard,
    onSave: nightSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'assign',
    mode: 'manual',
    backlog: 'manual',
    hours: 'off-accepted',
    ...waitingWithCard,
    onSave: nightSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'hold',
    mode: 'auto',
    backlog: 'auto',
    hours: 'off-accepted',
    ...waitingWithCard,
    onSave: nightSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'hold',
    mode: 'auto',
    backlog: 'manual',
    hours: 'off-accepted',
    ...waitingWithCard,
    onSave: nightSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'hold',
    mode: 'manual',
    backlog: 'auto',
    hours: 'off-accepted',
    ...waitingWithCard,
    onSave: nightSave,
    autoBeforeProfile: false,
  },
  {
    onMissing: 'hold',
    mode: 'manual',
    backlog: 'manual',
    hours: 'off-accepted',
    ...waitingWithCard,
    onSave: nightSave,
    autoBeforeProfile: false,
  },
];

const NEXT_OPENING = new Date('2026-05-13T00:00:00Z'); // Wednesday 09:00 Seoul

function shown(actions: BotAction[]): Shown[] {
  return actions.flatMap((a): Shown[] => {
    if (a.type !== 'send') return [];
    if (a.message.kind === 'card') return ['CARD'];
    if (a.message.kind !== 'text') return [];
    const byText: Record<string, Shown> = {
      [T.GREETING]: 'GREETING',
      [T.MANUAL_GREETING]: 'MANUAL_GREETING',
      [T.OFF_HOURS]: 'OFF_HOURS',
      [T.PROFILE_SAVED]: 'PROFILE_SAVED',
      [T.PROFILE_REQUIRED]: 'PROFILE_REQUIRED',
    };
    const key = byText[a.message.text];
    assert.ok(key, `unexpected text ${a.message.text}`);
    return [key];
  });
}

describe('PB-5 … PB-14: combination matrix (onMissingProfile × distribution × backlog × hours)', () => {
  assert.equal(ROWS.length, 24);
  for (const row of ROWS) {
    const title = `${row.onMissing} · mode ${row.mode} · backlog ${row.backlog} · ${row.hours}`;
    it(`PB-5…PB-14: ${title}`, () => {
      const s = settings({
        profileBot: { onMissingProfile: row.onMissing },
        distribution: { mode: row.mode, backlog: row.backlog },
        businessHours: { acceptOffHours: row.hours === 'off-accepted' },
      });
      const now = row.hours === 'open' ? IN_HOURS : OFF_HOURS_AT;
      const connected = step(world({ settings: s }), { type: 'connect_requested' }, now);
      assert.deepEqual(shown(connected.actions), row.onConnect, 'on connect');
      assert.equal(connected.world.conversation?.status, row.status, 'status');

      const afterMessage = step(connected.world, { type: 'customer_message' }, now);
      assert.deepEqual(
        row.onMessage === null ? afterMessage.actions : shown(afterMessage.actions),
        row.onMessage ?? [],
        'on message',
      );

      const conv = connected.world.conversation;
      assert.ok(conv);
      assert.equal(
        canAutoAssign(conv, s, NEXT_OPENING),
        row.autoBeforeProfile,
        'auto-assignable before the profile',
      );

      const saved = step(connected.world, { type: 'profile_saved' }, now);
      if (row.onSave === null) {
        assert.deepEqual(shown(saved.actions), ['PROFILE_SAVED']);
        assert.equal(saved.world.conversation?.status, 'closed');
      } else {
        assert.deepEqual(shown(saved.actions), row.onSave.shown, 'on save');
        assert.equal(saved.world.conversation?.status, row.onSave.status, 'status after save');
      }
    });
  }
});

import assert from 'node:assert/strict';
import { keepSessionContext, linkSession, sessionEnded, type PlatformSessionStore } from '../../src/app/platform-sessions.js';
import type { Conversation } from '../../src/domain/conversation.js';

function memoryStore() {
  const sessions = new Map<string, NonNullable<Conversation['platformSession']>>();
  const pending = new Map<string, Record<string, unknown>>();
  const store: PlatformSessionStore = {
    setSession: async (id, s) => void sessions.set(id, s),
    savePending: async (ch, sid, ctx) => void pending.set(`${ch}:${sid}`, ctx),
    takePending: async (ch, sid) => {
      const v = pending.get(`${ch}:${sid}`) ?? null;
      pending.delete(`${ch}:${sid}`);
      return v;
    },
  };
  return { store, sessions, pending };
}

const conv = (over: Partial<Conversation> = {}): Conversation =>
  ({ id: 'conv_1', status: 'waiting', ...over }) as Conversation;

describe('platform sessions', () => {
  it('context that came first joins the conversation its session opens', async () => {
    const m = memoryStore();
    await keepSessionContext(m.store, null, 'ch_1', 's1', { extra: 'x' });
    await linkSession(m.store, conv(), 'ch_1', 's1');
    assert.deepEqual(m.sessions.get('conv_1'), { id: 's1', context: { extra: 'x' } });
    assert.equal(m.pending.size, 0);
  });

  it('context of the open session is merged in place; of another session it waits', async () => {
    const m = memoryStore();
    const open = conv({ platformSession: { id: 's1', context: { extra: 'x' } } });
    await keepSessionContext(m.store, open, 'ch_1', 's1', { bot: true });
    assert.deepEqual(m.sessions.get('conv_1'), { id: 's1', context: { extra: 'x', bot: true } });
    await keepSessionContext(m.store, open, 'ch_1', 's2', { extra: 'y' });
    assert.deepEqual(m.pending.get('ch_1:s2'), { extra: 'y' });
  });

  it('the end of an older session does not end the conversation of a newer one', () => {
    const c = conv({ platformSession: { id: 's2', context: {} } });
    assert.equal(sessionEnded(c, 's1'), false);
    assert.equal(sessionEnded(c, 's2'), true);
    assert.equal(sessionEnded(c, undefined), true);
    assert.equal(sessionEnded(conv(), 's1'), true);
  });
});

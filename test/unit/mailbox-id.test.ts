import assert from 'node:assert/strict';
import { mailboxOf } from '../../src/domain/mailbox.js';
import { RedisInbox } from '../../src/infra/inbound/inbox.redis.js';

// The use cases name a mailbox with the domain's mailboxOf; the inbox and its dead-letter store
// still call RedisInbox.mailboxKey. A replayed dead letter goes back to the mailbox the use case
// named, so the two must never differ.
describe('mailbox id', () => {
  it('is the same from the domain and from the Redis inbox', () => {
    for (const [ws, type, user] of [
      ['ws_1', 'kakao', 'u1'],
      ['ws_2', 'webchat', 'visitor|with|bars'],
      ['ws_3', 'naver', ''],
    ] as const) {
      assert.equal(mailboxOf(ws, type, user), RedisInbox.mailboxKey(ws, type, user));
    }
  });
});

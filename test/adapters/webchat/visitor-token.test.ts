import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { AuthError } from '../../../src/domain/errors.js';
import { issueVisitorToken, verifyVisitorToken } from '../../../adapters/webchat/index.js';
import { secretKey } from './world.js';

function assertTokenRefused(fn: () => unknown, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AuthError, `expected AuthError, got ${String(err)}`);
    assert.equal(err.status, 401);
    assert.equal(err.code, 'invalid_visitor_token');
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('web chat visitor tokens', () => {
  it('issues a random v_ visitor id and a token that verifies to it on the same channel', () => {
    const key = secretKey();
    const a = issueVisitorToken(key, 'ch_1');
    const b = issueVisitorToken(key, 'ch_1');
    assert.match(a.visitorId, /^v_[A-Za-z0-9_-]{22}$/);
    assert.notEqual(a.visitorId, b.visitorId);
    assert.equal(verifyVisitorToken(key, a.visitorToken, 'ch_1'), a.visitorId);
  });

  it('signs {c, v, iat} as base64url JSON with an HMAC-SHA256 over a purpose-bound input', () => {
    const key = secretKey();
    const { visitorToken } = issueVisitorToken(key, 'ch_1', 'v_fixed', new Date('2026-01-05T00:00:00Z'));
    const [claims, sig] = visitorToken.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(claims ?? '', 'base64url').toString('utf8')), {
      c: 'ch_1',
      v: 'v_fixed',
      iat: 1767571200,
    });
    // A bare HMAC of the claims (what another token type might sign) is not accepted.
    const bare = createHmac('sha256', key)
      .update(claims ?? '')
      .digest('base64url');
    assert.notEqual(sig, bare);
    assertTokenRefused(() => verifyVisitorToken(key, `${claims}.${bare}`, 'ch_1'));
  });

  it('refuses a token whose claims were changed to another visitor', () => {
    const key = secretKey();
    const { visitorToken } = issueVisitorToken(key, 'ch_1', 'v_alice');
    const [, sig] = visitorToken.split('.');
    const forged = Buffer.from(JSON.stringify({ c: 'ch_1', v: 'v_bob', iat: 1 })).toString('base64url');
    assertTokenRefused(() => verifyVisitorToken(key, `${forged}.${sig}`, 'ch_1'));
  });

  it('refuses a token with one signature character changed', () => {
    const key = secretKey();
    const { visitorToken } = issueVisitorToken(key, 'ch_1');
    const last = visitorToken.at(-2) === 'A' ? 'B' : 'A';
    const tampered = visitorToken.slice(0, -2) + last + visitorToken.slice(-1);
    assertTokenRefused(() => verifyVisitorToken(key, tampered, 'ch_1'));
  });

  it('refuses a token signed with another secret key', () => {
    const { visitorToken } = issueVisitorToken(secretKey(), 'ch_1');
    assertTokenRefused(() => verifyVisitorToken(secretKey(), visitorToken, 'ch_1'));
  });

  it('refuses a valid token presented to another channel, saying so', () => {
    const key = secretKey();
    const { visitorToken } = issueVisitorToken(key, 'ch_1');
    assertTokenRefused(() => verifyVisitorToken(key, visitorToken, 'ch_2'), /another web chat channel/);
  });

  it('refuses malformed tokens without throwing anything but AuthError', () => {
    const key = secretKey();
    const { visitorToken } = issueVisitorToken(key, 'ch_1');
    for (const bad of [
      '',
      '.',
      'abc',
      `${visitorToken}.x`,
      `${visitorToken} `,
      'a.b',
      '한글.토큰',
      `${visitorToken}=`,
    ]) {
      assertTokenRefused(() => verifyVisitorToken(key, bad, 'ch_1'));
    }
  });

  it('refuses a correctly signed token whose claims are not visitor claims', () => {
    const key = secretKey();
    const claims = Buffer.from(JSON.stringify({ c: 'ch_1', v: 42, iat: 1 })).toString('base64url');
    const sig = createHmac('sha256', key).update(`talkgate.webchat.visitor.v1.${claims}`).digest('base64url');
    assertTokenRefused(() => verifyVisitorToken(key, `${claims}.${sig}`, 'ch_1'));
  });

  it('refuses to issue a token for a visitor id that could not round-trip', () => {
    assert.throws(() => issueVisitorToken(secretKey(), 'ch_1', 'v 1'), RangeError);
  });
});

// SECRET_KEY_PREVIOUS: what the old key sealed or signed still opens and verifies; the new key
// seals and signs; a third key opens nothing.
import assert from 'node:assert/strict';
import { issueVisitorToken, verifyVisitorToken } from '../../adapters/webchat/index.js';
import { createFormLinks } from '../../src/app/form-links.js';
import { AuthError, NotFoundError } from '../../src/domain/errors.js';
import { createSecretBox, deriveKeys } from '../../src/infra/secret-box.js';

const OLD = 'old-key-0123456789abcdef0123456789abcdef';
const NEW = 'new-key-0123456789abcdef0123456789abcdef';
const OTHER = 'other-key-0123456789abcdef0123456789abcd';
const now = new Date('2026-05-01T00:00:00Z');

describe('SECRET_KEY rotation', () => {
  it('secret box: opens what the previous key sealed (marked stale), seals with the current key', () => {
    const sealedOld = createSecretBox(OLD).seal('credentials');
    const rotating = createSecretBox(NEW, OLD);
    assert.deepEqual(rotating.tryOpen(sealedOld), { plain: 'credentials', stale: true });
    assert.equal(rotating.open(sealedOld), 'credentials');
    const sealedNew = rotating.seal('credentials');
    assert.deepEqual(rotating.tryOpen(sealedNew), { plain: 'credentials', stale: false });
    assert.equal(createSecretBox(NEW).open(sealedNew), 'credentials', 'the new key alone opens it');
    assert.equal(createSecretBox(OTHER, OLD).tryOpen(sealedNew), null);
    assert.throws(() => createSecretBox(NEW).open(sealedOld));
  });

  it('visitor tokens: issued with the current key; ones issued with the previous key still verify', () => {
    const before = issueVisitorToken(deriveKeys(OLD, null, 'webchat-visitor-v1'), 'ch_1');
    const keys = deriveKeys(NEW, OLD, 'webchat-visitor-v1');
    assert.equal(verifyVisitorToken(keys, before.visitorToken, 'ch_1'), before.visitorId);
    const after = issueVisitorToken(keys, 'ch_1');
    assert.equal(
      verifyVisitorToken(deriveKeys(NEW, null, 'webchat-visitor-v1'), after.visitorToken, 'ch_1'),
      after.visitorId,
    );
    assert.throws(
      () => verifyVisitorToken(deriveKeys(OTHER, null, 'webchat-visitor-v1'), before.visitorToken, 'ch_1'),
      AuthError,
    );
  });

  it('form links: signed with the current key; ones signed with the previous key still open', () => {
    const base = (): string => 'https://gw.example';
    const old = createFormLinks(deriveKeys(OLD, null, 'profile-form-v1'), base, 3600_000).token(
      'conv_1',
      now,
    );
    const rotating = createFormLinks(deriveKeys(NEW, OLD, 'profile-form-v1'), base, 3600_000);
    assert.equal(rotating.verify(old, now).conversationId, 'conv_1');
    const fresh = rotating.token('conv_1', now);
    assert.equal(
      createFormLinks(deriveKeys(NEW, null, 'profile-form-v1'), base, 3600_000).verify(fresh, now)
        .conversationId,
      'conv_1',
    );
    assert.throws(
      () => createFormLinks(deriveKeys(OTHER, null, 'profile-form-v1'), base, 3600_000).verify(old, now),
      NotFoundError,
    );
  });
});

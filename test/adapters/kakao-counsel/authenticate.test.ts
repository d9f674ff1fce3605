import assert from 'node:assert/strict';
import { createKakaoCounselAdapter } from '../../../adapters/kakao-counsel/index.js';
import { counselChannel, message, relayRequest } from './counsel-world.js';

describe('kakao-counsel authenticate', () => {
  const adapter = createKakaoCounselAdapter();
  const ch = counselChannel();

  it('accepts the channel clientId and clientSecret in HT-Client-Id / HT-Client-Secret', () => {
    adapter.authenticate(relayRequest('/message', message()), ch);
  });

  it('refuses a wrong or missing id or secret with 401', () => {
    for (const headers of <Record<string, string>[]>[{ 'ht-client-id': 'other' }, { 'ht-client-secret': 'ht-secret-0123456788' }, { 'ht-client-secret': '' }]) {
      assert.throws(
        () => adapter.authenticate(relayRequest('/message', message(), { headers }), ch),
        (e: Error & { status?: number }) => e.name === 'AuthError' && e.status === 401,
      );
    }
  });

  it('refuses another sender profile with 403', () => {
    const body = message({ sender_key: 'f'.repeat(40) });
    assert.throws(
      () => adapter.authenticate(relayRequest('/message', body), ch),
      (e: Error & { status?: number; code?: string }) => e.status === 403 && e.code === 'sender_key_mismatch',
    );
  });
});

import assert from 'node:assert/strict';
import { createKakaoAdapter } from '../../../adapters/kakao/index.js';
import { AuthError } from '../../../src/domain/errors.js';
import { BOT_ID, WEBHOOK_KEY, fixture, kakaoChannel, kakaoRequest } from './kakao-world.js';

describe('kakao authenticate', () => {
  const adapter = createKakaoAdapter();
  const body = fixture('inbound/message-text.json');

  function rejects(run: () => void, code = 'unauthorized'): void {
    assert.throws(run, (err: unknown) => err instanceof AuthError && err.status === 401 && err.code === code);
  }

  it('accepts the channel key in the X-Talkgate-Key header', () => {
    assert.doesNotThrow(() => adapter.authenticate(kakaoRequest(body), kakaoChannel()));
  });

  it('accepts the channel key in the ?key= query', () => {
    const req = kakaoRequest(body, { headers: {}, query: { key: WEBHOOK_KEY } });
    assert.doesNotThrow(() => adapter.authenticate(req, kakaoChannel()));
  });

  it('refuses a wrong key, a key of another length, and no key', () => {
    const wrong = `${WEBHOOK_KEY.slice(0, -1)}x`;
    rejects(() => adapter.authenticate(kakaoRequest(body, { headers: { 'x-talkgate-key': wrong } }), kakaoChannel()));
    rejects(() => adapter.authenticate(kakaoRequest(body, { headers: {}, query: { key: 'short' } }), kakaoChannel()));
    rejects(() => adapter.authenticate(kakaoRequest(body, { headers: {} }), kakaoChannel()));
    rejects(() => adapter.authenticate(kakaoRequest(body, { headers: { 'x-talkgate-key': '' } }), kakaoChannel()));
  });

  it('refuses a request from another bot when the channel has a botId', () => {
    const channel = kakaoChannel({ credentials: { botId: '64a1f3c2e8b7d900112233ff' } });
    rejects(() => adapter.authenticate(kakaoRequest(body), channel), 'bot_mismatch');
  });

  it('refuses a body without bot.id when the channel has a botId, whatever the body is', () => {
    for (const odd of [null, 'text', [], {}, { bot: null }, { bot: { id: 42 } }]) {
      rejects(() => adapter.authenticate(kakaoRequest(odd), kakaoChannel()), 'bot_mismatch');
    }
  });

  it('skips the bot check when the channel has no botId', () => {
    const channel = kakaoChannel({ credentials: { botId: undefined } });
    assert.doesNotThrow(() => adapter.authenticate(kakaoRequest({ bot: { id: 'any' } }), channel));
    assert.equal(kakaoChannel().credentials.botId, BOT_ID);
  });
});

import assert from 'node:assert/strict';
import nock from 'nock';
import { createNaverAdapter, type NaverPayload } from '../../../adapters/naver/index.js';
import type { SendPorts, SendTarget, VisitorStreamEvent } from '../../../src/domain/adapter-port.js';
import { ChannelSendError } from '../../../src/domain/errors.js';
import { API_BASE, AUTH_KEY, fixture, fixtureText, naverChannel, USER } from './naver-world.js';

const GUIDE = 'https://talkgate.example.com/media/ws_1/guide-500x250.png';
const FORM = 'https://talkgate.example.com/forms/profile/tk_9f2c1e7ab34d4c58';
const GUIDE_MSG = '상담 전에 고객 프로필을 입력해 주세요. 입력하신 정보는 상담에만 사용됩니다.';
const IMAGE_ID =
  '9vNeSIoFKkIHYCFZVveXr-TAm0-x5UifM3kAxs7EaXFWZmxj2U6yb_g9BZUFQQrX1Pf11UgsKdhANmsH2subzi2sQzeMKEJDfUd1jwmvuWNJ_C_PqeN8t6q7PeO1CzKh';
const CACHE_KEY = `naver-image:ch_naver_1:${GUIDE}`;
const THIRTY_DAYS = 30 * 24 * 60 * 60;

const target: SendTarget = { messageId: 'msg_1', conversationId: 'conv_1', channelUserId: USER };

/** In-memory SendPorts that records what the adapter cached. */
class MemoryPorts implements SendPorts {
  readonly cache = new Map<string, string>();
  readonly sets: Array<{ key: string; value: string; ttlSeconds: number }> = [];
  claimOnce(): Promise<boolean> {
    return Promise.resolve(true);
  }
  cacheGet(key: string): Promise<string | null> {
    return Promise.resolve(this.cache.get(key) ?? null);
  }
  cacheSet(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.cache.set(key, value);
    this.sets.push({ key, value, ttlSeconds });
    return Promise.resolve();
  }
  appendVisitorStream(_c: string, _v: string, _e: VisitorStreamEvent): Promise<string> {
    return Promise.reject(new Error('not used by naver'));
  }
}

/** The exact bytes TalkTalk must receive for a body fixture. */
function wireBody(path: string): string {
  return JSON.stringify(JSON.parse(fixtureText(path)));
}

function talktalk(base = API_BASE): nock.Scope {
  return nock(base)
    .matchHeader('authorization', AUTH_KEY)
    .matchHeader('content-type', 'application/json;charset=UTF-8');
}

const textPayload: NaverPayload = { event: 'send', textContent: { text: '프로필이 저장되었습니다.' } };
const imagePayload: NaverPayload = { event: 'send', imageContent: { imageUrl: GUIDE } };
const cardPayload = fixture('outbound/profile-card.json') as NaverPayload;

async function sendError(promise: Promise<unknown>): Promise<ChannelSendError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ChannelSendError, `expected ChannelSendError, got ${String(err)}`);
    return err;
  }
  assert.fail('the send should have failed');
}

describe('naver send', () => {
  afterEach(() => {
    nock.cleanAll();
  });

  it('posts the event with user right after event, the key as issued, and returns a receipt', async () => {
    const scope = talktalk().post('/chatbot/v1/event', wireBody('outbound/send-text.json')).reply(200, fixture('replies/success.json'));
    const receipt = await createNaverAdapter().send(textPayload, target, naverChannel(), new MemoryPorts());
    scope.done();
    assert.deepEqual(receipt, { platformMessageId: null, via: 'send-api' });
  });

  it('uses https://gw.talk.naver.com when the channel has no apiBaseUrl, and tolerates a trailing slash', async () => {
    const scope = talktalk('https://gw.talk.naver.com')
      .post('/chatbot/v1/event', wireBody('outbound/send-text.json'))
      .twice()
      .reply(200, fixture('replies/success.json'));
    const adapter = createNaverAdapter();
    await adapter.send(textPayload, target, naverChannel({ apiBaseUrl: null }), new MemoryPorts());
    await adapter.send(textPayload, target, naverChannel({ apiBaseUrl: 'https://gw.talk.naver.com/' }), new MemoryPorts());
    scope.done();
  });

  it('never prefixes the key with Bearer', async () => {
    const seen: Array<string | null> = [];
    const scope = nock(API_BASE)
      .matchHeader('authorization', (value: string | null) => {
        seen.push(value);
        return true;
      })
      .post('/chatbot/v1/event')
      .reply(200, fixture('replies/success.json'));
    await createNaverAdapter().send(textPayload, target, naverChannel(), new MemoryPorts());
    scope.done();
    assert.deepEqual(seen, [AUTH_KEY]);
  });

  describe('classifies TalkTalk resultCodes (HTTP 200 even on failure)', () => {
    for (const [reply, retryable, code] of [
      ['01.json', false, '01'],
      ['02.json', false, '02'],
      ['99-bad-user.json', false, '99'],
      ['99-other.json', true, '99'],
      ['img-03.json', false, 'IMG-03'],
    ] as const) {
      it(`replies/${reply} → ${retryable ? 'retryable' : 'permanent'}`, async () => {
        const scope = talktalk().post('/chatbot/v1/event').reply(200, fixture(`replies/${reply}`));
        const err = await sendError(createNaverAdapter().send(textPayload, target, naverChannel(), new MemoryPorts()));
        scope.done();
        assert.equal(err.retryable, retryable);
        assert.equal(err.platformCode, code);
        assert.equal(err.httpStatus, 200);
        assert.equal(err.retryAfterMs, null);
      });
    }

    it('an unreadable 200 reply is retryable', async () => {
      const scope = talktalk().post('/chatbot/v1/event').reply(200, '<html>gateway</html>', { 'content-type': 'text/html' });
      const err = await sendError(createNaverAdapter().send(textPayload, target, naverChannel(), new MemoryPorts()));
      scope.done();
      assert.equal(err.retryable, true);
    });
  });

  describe('classifies HTTP and transport failures', () => {
    for (const status of [500, 502, 503]) {
      it(`HTTP ${status} is retryable`, async () => {
        const scope = talktalk().post('/chatbot/v1/event').reply(status, 'upstream error');
        const err = await sendError(createNaverAdapter().send(textPayload, target, naverChannel(), new MemoryPorts()));
        scope.done();
        assert.equal(err.retryable, true);
        assert.equal(err.httpStatus, status);
      });
    }

    for (const status of [400, 401, 403, 404]) {
      it(`HTTP ${status} is permanent`, async () => {
        const scope = talktalk().post('/chatbot/v1/event').reply(status, {});
        const err = await sendError(createNaverAdapter().send(textPayload, target, naverChannel(), new MemoryPorts()));
        scope.done();
        assert.equal(err.retryable, false);
        assert.equal(err.httpStatus, status);
      });
    }

    it('HTTP 429 is retryable after Retry-After seconds', async () => {
      const scope = talktalk().post('/chatbot/v1/event').reply(429, '', { 'Retry-After': '7' });
      const err = await sendError(createNaverAdapter().send(textPayload, target, naverChannel(), new MemoryPorts()));
      scope.done();
      assert.equal(err.retryable, true);
      assert.equal(err.httpStatus, 429);
      assert.equal(err.retryAfterMs, 7_000);
    });

    it('HTTP 429 with an HTTP-date Retry-After, or none', async () => {
      const at = new Date(Date.now() + 60_000).toUTCString();
      const scope = talktalk()
        .post('/chatbot/v1/event').reply(429, '', { 'Retry-After': at })
        .post('/chatbot/v1/event').reply(429, '');
      const adapter = createNaverAdapter();
      const dated = await sendError(adapter.send(textPayload, target, naverChannel(), new MemoryPorts()));
      const bare = await sendError(adapter.send(textPayload, target, naverChannel(), new MemoryPorts()));
      scope.done();
      assert.ok(dated.retryAfterMs !== null && dated.retryAfterMs > 50_000 && dated.retryAfterMs <= 60_000, String(dated.retryAfterMs));
      assert.equal(bare.retryable, true);
      assert.equal(bare.retryAfterMs, null);
    });

    it('a timeout is retryable', async () => {
      const scope = talktalk().post('/chatbot/v1/event').delay(500).reply(200, fixture('replies/success.json'));
      const err = await sendError(createNaverAdapter({ timeoutMs: 100 }).send(textPayload, target, naverChannel(), new MemoryPorts()));
      scope.done();
      assert.equal(err.retryable, true);
      assert.equal(err.httpStatus, null);
      assert.match(err.message, /timed out/);
    });

    it('a connection error is retryable', async () => {
      const scope = talktalk().post('/chatbot/v1/event').replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      const err = await sendError(createNaverAdapter().send(textPayload, target, naverChannel(), new MemoryPorts()));
      scope.done();
      assert.equal(err.retryable, true);
      assert.equal(err.httpStatus, null);
      assert.match(err.message, /could not be reached \(ECONNRESET\)/);
    });

    it('a non-naver channel is a permanent error and calls nothing', async () => {
      const { credentials: _c, type: _t, ...base } = naverChannel();
      const kakao = { ...base, type: 'kakao' as const, credentials: { restApiKey: 'k', eventName: 'e' } };
      const err = await sendError(createNaverAdapter().send(textPayload, target, kakao, new MemoryPorts()));
      assert.equal(err.retryable, false);
    });
  });

  describe('images', () => {
    it('uploads once, sends the imageId, caches it per channel and URL for 30 days', async () => {
      const ports = new MemoryPorts();
      const scope = talktalk()
        .post('/chatbot/v1/imageUpload', JSON.stringify({ imageUrl: GUIDE }))
        .once()
        .reply(200, fixture('replies/image-upload-ok.json'))
        .post('/chatbot/v1/event', wireBody('outbound/send-image-id.json'))
        .twice()
        .reply(200, fixture('replies/success.json'));
      const adapter = createNaverAdapter();
      await adapter.send(imagePayload, target, naverChannel(), ports);
      // The second send finds the id in the cache: no upload interceptor is left for it.
      await adapter.send(imagePayload, target, naverChannel(), ports);
      scope.done();
      assert.deepEqual(ports.sets, [{ key: CACHE_KEY, value: IMAGE_ID, ttlSeconds: THIRTY_DAYS }]);
    });

    it('uses an imageId already cached without uploading', async () => {
      const ports = new MemoryPorts();
      ports.cache.set(CACHE_KEY, IMAGE_ID);
      const scope = talktalk().post('/chatbot/v1/event', wireBody('outbound/send-image-id.json')).reply(200, fixture('replies/success.json'));
      await createNaverAdapter().send(imagePayload, target, naverChannel(), ports);
      scope.done();
      assert.deepEqual(ports.sets, []);
    });

    it('does not share cached ids between channels', async () => {
      const ports = new MemoryPorts();
      ports.cache.set(CACHE_KEY, 'id-of-another-channel');
      const scope = talktalk()
        .post('/chatbot/v1/imageUpload', JSON.stringify({ imageUrl: GUIDE }))
        .reply(200, fixture('replies/image-upload-ok.json'))
        .post('/chatbot/v1/event', wireBody('outbound/send-image-id.json'))
        .reply(200, fixture('replies/success.json'));
      await createNaverAdapter().send(imagePayload, target, naverChannel({ id: 'ch_naver_2' }), ports);
      scope.done();
      assert.equal(ports.cache.get(`naver-image:ch_naver_2:${GUIDE}`), IMAGE_ID);
    });

    it('falls back to imageUrl on an IMG-* upload error and caches nothing', async () => {
      const ports = new MemoryPorts();
      const scope = talktalk()
        .post('/chatbot/v1/imageUpload')
        .reply(200, fixture('replies/image-upload-img-error.json'))
        .post('/chatbot/v1/event', wireBody('outbound/send-image-url.json'))
        .reply(200, fixture('replies/success.json'));
      await createNaverAdapter().send(imagePayload, target, naverChannel(), ports);
      scope.done();
      assert.deepEqual(ports.sets, []);
    });

    it('falls back to imageUrl when the upload call itself fails', async () => {
      const scope = talktalk()
        .post('/chatbot/v1/imageUpload')
        .reply(503, 'busy')
        .post('/chatbot/v1/event', wireBody('outbound/send-image-url.json'))
        .reply(200, fixture('replies/success.json'));
      await createNaverAdapter().send(imagePayload, target, naverChannel(), new MemoryPorts());
      scope.done();
    });

    it('falls back to an upload when the cache is down', async () => {
      const ports = new MemoryPorts();
      ports.cacheGet = () => Promise.reject(new Error('redis down'));
      const scope = talktalk()
        .post('/chatbot/v1/imageUpload')
        .reply(200, fixture('replies/image-upload-ok.json'))
        .post('/chatbot/v1/event', wireBody('outbound/send-image-id.json'))
        .reply(200, fixture('replies/success.json'));
      await createNaverAdapter().send(imagePayload, target, naverChannel(), ports);
      scope.done();
    });

    it('swaps the card image for its imageId', async () => {
      const scope = talktalk()
        .post('/chatbot/v1/imageUpload', JSON.stringify({ imageUrl: GUIDE }))
        .reply(200, fixture('replies/image-upload-ok.json'))
        .post('/chatbot/v1/event', wireBody('outbound/send-profile-card-image-id.json'))
        .reply(200, fixture('replies/success.json'));
      await createNaverAdapter().send(cardPayload, target, naverChannel(), new MemoryPorts());
      scope.done();
      // the rendered payload itself is left as rendered (renderers stay pure)
      assert.equal(JSON.stringify(cardPayload), JSON.stringify(fixture('outbound/profile-card.json')));
    });

    it('sends a card without an image without any upload', async () => {
      const payload = fixture('outbound/profile-card-no-image.json') as NaverPayload;
      const expected = { event: 'send', user: USER, compositeContent: { compositeList: [
        { description: GUIDE_MSG, buttonList: [{ type: 'LINK', data: { title: '고객 프로필 입력', url: FORM, mobileUrl: FORM } }] },
      ] } };
      const scope = talktalk().post('/chatbot/v1/event', JSON.stringify(expected)).reply(200, fixture('replies/success.json'));
      await createNaverAdapter().send(payload, target, naverChannel(), new MemoryPorts());
      scope.done();
    });
  });
});

describe('naver adapter', () => {
  it('declares its type and limits (the worker throttles below TalkTalk’s ~30 per 3 s)', () => {
    const adapter = createNaverAdapter();
    assert.equal(adapter.type, 'naver');
    assert.deepEqual(adapter.limits, { text: 10_000, rateLimit: { max: 25, windowMs: 3_000 } });
  });
});

import assert from 'node:assert/strict';
import { AuthError, ForbiddenError } from '../../../src/domain/errors.js';
import {
  createWebchatAdapter,
  isHello,
  isOriginAllowed,
  issueVisitorToken,
} from '../../../adapters/webchat/index.js';
import { fixture, request, secretKey, webchatChannel } from './world.js';

const SHOP = 'https://shop.example.co.kr';

describe('web chat origin rules', () => {
  it('allows every origin when the channel lists none', () => {
    assert.equal(isOriginAllowed('https://anything.example', webchatChannel('ch_1')), true);
    assert.equal(isOriginAllowed('https://anything.example', webchatChannel('ch_1', [])), true);
  });

  it('allows a listed origin, comparing the way browsers serialise origins', () => {
    const channel = webchatChannel('ch_1', ['https://Shop.Example.co.kr:443/', 'http://localhost:3000']);
    assert.equal(isOriginAllowed(SHOP, channel), true);
    assert.equal(isOriginAllowed('http://localhost:3000', channel), true);
  });

  it('refuses an origin that is not listed, including look-alikes', () => {
    const channel = webchatChannel('ch_1', [SHOP]);
    for (const origin of [
      'https://evil.example',
      'http://shop.example.co.kr',
      'https://shop.example.co.kr:8443',
      'https://shop.example.co.kr.evil.example',
      'null',
    ]) {
      assert.equal(isOriginAllowed(origin, channel), false, origin);
    }
  });

  it('allows a request without Origin (not a browser; the token still gates it)', () => {
    assert.equal(isOriginAllowed(undefined, webchatChannel('ch_1', [SHOP])), true);
  });

  it("always allows the gateway's own origin, where the served page posts from", () => {
    const channel = webchatChannel('ch_1', [SHOP]);
    assert.equal(
      isOriginAllowed('https://talkgate.example.com', channel, 'https://talkgate.example.com/'),
      true,
    );
    assert.equal(isOriginAllowed('https://talkgate.example.com', channel), false);
  });
});

describe('web chat authenticate', () => {
  it('recognises only an exact hello body as hello', () => {
    assert.equal(isHello(fixture('inbound/hello.json')), true);
    assert.equal(isHello({ type: 'hello', visitorId: 'v_x' }), false);
    assert.equal(isHello(fixture('inbound/leave.json')), false);
    assert.equal(isHello(null), false);
  });

  it('lets hello through without a token', () => {
    const adapter = createWebchatAdapter({ secretKey: secretKey() });
    assert.doesNotThrow(() => adapter.authenticate(request(fixture('inbound/hello.json')), webchatChannel()));
  });

  it("accepts a message with the visitor's Bearer token", () => {
    const key = secretKey();
    const adapter = createWebchatAdapter({ secretKey: key });
    const { visitorToken } = issueVisitorToken(key, 'ch_web_1');
    const req = request(fixture('inbound/message-text.json'), { authorization: `Bearer ${visitorToken}` });
    assert.doesNotThrow(() => adapter.authenticate(req, webchatChannel()));
  });

  it("refuses a message without a token, with a bad scheme, or with another channel's token", () => {
    const key = secretKey();
    const adapter = createWebchatAdapter({ secretKey: key });
    const body = fixture('inbound/message-text.json');
    const other = issueVisitorToken(key, 'ch_other').visitorToken;
    const own = issueVisitorToken(key, 'ch_web_1').visitorToken;
    for (const authorization of [undefined, '', `Basic ${own}`, own, `Bearer ${other}`, 'Bearer ']) {
      assert.throws(
        () => adapter.authenticate(request(body, { authorization }), webchatChannel()),
        (err: unknown) => err instanceof AuthError && err.status === 401,
        String(authorization),
      );
    }
  });

  it('refuses any event, hello included, from an origin the channel does not list', () => {
    const key = secretKey();
    const adapter = createWebchatAdapter({ secretKey: key });
    const channel = webchatChannel('ch_web_1', [SHOP]);
    const { visitorToken } = issueVisitorToken(key, 'ch_web_1');
    const headers = { origin: 'https://evil.example', authorization: `Bearer ${visitorToken}` };
    for (const body of [fixture('inbound/hello.json'), fixture('inbound/message-text.json')]) {
      assert.throws(
        () => adapter.authenticate(request(body, headers), channel),
        (err: unknown) =>
          err instanceof ForbiddenError && err.code === 'origin_not_allowed' && err.status === 403,
      );
    }
    assert.throws(
      () => adapter.hello(request(fixture('inbound/hello.json'), headers), channel),
      ForbiddenError,
    );
  });

  it('answers hello with a token for this channel only', () => {
    const key = secretKey();
    const adapter = createWebchatAdapter({ secretKey: key });
    const answer = adapter.hello(
      request(fixture('inbound/hello.json'), { origin: SHOP }),
      webchatChannel('ch_web_1', [SHOP]),
    );
    assert.deepEqual(Object.keys(answer).sort(), ['visitorId', 'visitorToken']);
    const req = request(fixture('inbound/leave.json'), { authorization: `Bearer ${answer.visitorToken}` });
    assert.doesNotThrow(() => adapter.authenticate(req, webchatChannel('ch_web_1')));
    assert.throws(() => adapter.authenticate(req, webchatChannel('ch_web_2')), AuthError);
  });

  it('is wired to webchat channels only', () => {
    const adapter = createWebchatAdapter({ secretKey: secretKey() });
    const kakao = {
      ...webchatChannel(),
      type: 'kakao' as const,
      credentials: { restApiKey: 'k', eventName: 'e' },
    };
    assert.throws(() => adapter.authenticate(request(fixture('inbound/hello.json')), kakao), /kakao channel/);
  });
});

describe('web chat stream request', () => {
  it('takes the token from ?token= and the resume point from Last-Event-ID or ?lastEventId=', () => {
    const key = secretKey();
    const adapter = createWebchatAdapter({ secretKey: key });
    const { visitorId, visitorToken } = issueVisitorToken(key, 'ch_web_1');
    const channel = webchatChannel();
    assert.deepEqual(adapter.authenticateStream(request(undefined, {}, { token: visitorToken }), channel), {
      visitorId,
      lastEventId: null,
    });
    assert.deepEqual(
      adapter.authenticateStream(
        request(undefined, { 'last-event-id': '1767571200000-3' }, { token: visitorToken }),
        channel,
      ),
      { visitorId, lastEventId: '1767571200000-3' },
    );
    assert.deepEqual(
      adapter.authenticateStream(
        request(undefined, {}, { token: visitorToken, lastEventId: '1767571200000-4' }),
        channel,
      ),
      { visitorId, lastEventId: '1767571200000-4' },
    );
    assert.deepEqual(
      adapter.authenticateStream(
        request(undefined, { 'last-event-id': 'x\r\ny' }, { token: visitorToken }),
        channel,
      ),
      { visitorId, lastEventId: null },
    );
  });

  it("opens a visitor's stream only with that channel's token and an allowed origin", () => {
    const key = secretKey();
    const adapter = createWebchatAdapter({ secretKey: key, publicBaseUrl: 'https://talkgate.example.com' });
    const channel = webchatChannel('ch_web_1', [SHOP]);
    const own = issueVisitorToken(key, 'ch_web_1').visitorToken;
    const other = issueVisitorToken(key, 'ch_web_2').visitorToken;
    assert.throws(() => adapter.authenticateStream(request(undefined), channel), AuthError);
    assert.throws(
      () => adapter.authenticateStream(request(undefined, {}, { token: other }), channel),
      AuthError,
    );
    assert.throws(
      () =>
        adapter.authenticateStream(
          request(undefined, { origin: 'https://evil.example' }, { token: own }),
          channel,
        ),
      ForbiddenError,
    );
    const fromGateway = request(undefined, { origin: 'https://talkgate.example.com' }, { token: own });
    assert.doesNotThrow(() => adapter.authenticateStream(fromGateway, channel));
  });
});

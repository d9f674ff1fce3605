import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createKakaoAdapter } from '../../../adapters/kakao/index.js';
import { ValidationError } from '../../../src/domain/errors.js';
import { CONNECT_BLOCK_ID, fixture, kakaoChannel, kakaoRequest } from './kakao-world.js';

const PF_KEY = 'xJ3kP9qL2mZa';
const RECEIVED_AT = '2026-01-01T03:00:00.000Z';

describe('kakao parseInbound', () => {
  const adapter = createKakaoAdapter();
  const parse = (name: string, channel = kakaoChannel()) => {
    const body = fixture(`inbound/${name}`);
    return { body, events: adapter.parseInbound(kakaoRequest(body), channel) };
  };

  it('parses every inbound fixture into at least one event of this channel', () => {
    const names = readdirSync(new URL('../../../fixtures/kakao/inbound/', import.meta.url));
    assert.ok(names.length >= 8);
    for (const name of names) {
      const { body, events } = parse(name);
      assert.ok(events.length > 0, name);
      for (const event of events) {
        assert.equal(event.channelId, 'ch_kakao_1', name);
        assert.equal(event.occurredAt, RECEIVED_AT, name);
        assert.equal(event.deliveryId, undefined, name);
        assert.deepEqual(event.raw, body, name);
      }
    }
  });

  it('maps a plain utterance to message.text keyed by plusfriendUserKey', () => {
    const { body, events } = parse('message-text.json');
    assert.deepEqual(events, [
      {
        channelId: 'ch_kakao_1',
        channelUserId: PF_KEY,
        channelUserIdType: 'plusfriendUserKey',
        occurredAt: RECEIVED_AT,
        raw: body,
        kind: 'message.text',
        text: '배송이 언제 되나요?',
      },
    ]);
  });

  it('reads the snake_case plusfriend_user_key', () => {
    const [event] = parse('message-snake-case.json').events;
    assert.equal(event?.channelUserId, PF_KEY);
    assert.equal(event?.kind, 'message.text');
  });

  it('falls back to userRequest.user.id without a plusfriendUserKey', () => {
    const [event] = parse('message-bot-user-key.json').events;
    assert.equal(event?.channelUserId, 'd3b07384d113edec49eaa6238ad5ff00c4a1f3e2b7d9a0c1e5f6a7b8c9d0e1f2');
    assert.equal(event?.channelUserIdType, 'botUserKey', 'the Event API must address this customer as botUserKey');
  });

  it('takes the id kind from user.type when it is one the Event API knows, else botUserKey', () => {
    const body = fixture('inbound/message-bot-user-key.json') as { userRequest: { user: { type?: string } } };
    body.userRequest.user.type = 'appUserId';
    assert.equal(adapter.parseInbound(kakaoRequest(body), kakaoChannel())[0]?.channelUserIdType, 'appUserId');
    body.userRequest.user.type = 'somethingNew';
    assert.equal(adapter.parseInbound(kakaoRequest(body), kakaoChannel())[0]?.channelUserIdType, 'botUserKey');
  });

  it('detects a connection request by utterance, trimmed', () => {
    assert.equal(parse('connect-utterance.json').events[0]?.kind, 'conversation.connect_requested');
    const body = fixture('inbound/message-text.json') as { userRequest: { utterance: string } };
    body.userRequest.utterance = '  상담 신청 ';
    const [event] = adapter.parseInbound(kakaoRequest(body), kakaoChannel());
    assert.equal(event?.kind, 'conversation.connect_requested');
  });

  it('detects a connection request by block id, and only for configured block ids', () => {
    const [event] = parse('connect-block.json').events;
    assert.equal(event?.kind, 'conversation.connect_requested');
    assert.equal(event?.channelUserId, PF_KEY);
    const noBlocks = kakaoChannel({ connectTriggers: { utterances: ['상담원 연결'], blockIds: [] } });
    const [plain] = parse('connect-block.json', noBlocks).events;
    assert.equal(plain?.kind === 'message.text' ? plain.text : plain?.kind, '사람이랑 얘기할래요');
    const other = kakaoChannel({ connectTriggers: { utterances: [], blockIds: [`${CONNECT_BLOCK_ID}0`] } });
    assert.equal(parse('connect-block.json', other).events[0]?.kind, 'message.text');
  });

  it('uses the channel utterances, not a fixed list', () => {
    const custom = kakaoChannel({ connectTriggers: { utterances: ['사람 불러줘'], blockIds: [] } });
    assert.equal(parse('connect-utterance.json', custom).events[0]?.kind, 'message.text');
  });

  it('keeps the callbackUrl with an expiry 60 s after receipt', () => {
    const [event] = parse('message-callback.json').events;
    assert.deepEqual(event?.replyContext, {
      kakaoCallbackUrl: 'https://bot-api.kakao.com/v1/callback/64a1f3c2e8b7d90011223344/5a8e1c7f-3b2d-4f6a-9e0c-1d2b3c4d5e6f',
      kakaoCallbackExpiresAt: '2026-01-01T03:01:00.000Z',
    });
    assert.equal(parse('message-text.json').events[0]?.replyContext, undefined);
  });

  it('treats the builder test panel like any other request', () => {
    const [event] = parse('builder-test.json').events;
    assert.equal(event?.kind, 'conversation.connect_requested');
    assert.equal(event?.channelUserId, 'TestUser0001');
  });

  it('maps the secure image plugin to one message.image per picture', () => {
    const { events } = parse('message-image.json');
    assert.deepEqual(
      events.map((e) => (e.kind === 'message.image' ? e.imageUrl : e.kind)),
      [
        'https://secure.kakaocdn.net/dna/bx7Qz1/K6aRe2Qf9L/XXX/img_org.jpg?credential=abc&expires=1767250000&signature=s1',
        'https://secure.kakaocdn.net/dna/cY8Ra2/L7bSf3Rg0M/YYY/img_org.jpg?credential=abc&expires=1767250000&signature=s2',
      ],
    );
  });

  it('maps a plain URL image parameter and ignores non-URL values', () => {
    const body = fixture('inbound/message-text.json') as { action: { params: Record<string, unknown> } };
    body.action.params = { image: 'https://example.com/photo.jpg' };
    const [event] = adapter.parseInbound(kakaoRequest(body), kakaoChannel());
    assert.deepEqual(event?.kind === 'message.image' && event.imageUrl, 'https://example.com/photo.jpg');
    body.action.params = { image: 'javascript:alert(1)', secureimage: '{"secureUrls":"List(ftp://x)"}' };
    assert.equal(adapter.parseInbound(kakaoRequest(body), kakaoChannel())[0]?.kind, 'message.text');
  });

  it('refuses a body that is not a skill payload, naming each failing field', () => {
    const attempt = (body: unknown) => () => adapter.parseInbound(kakaoRequest(body), kakaoChannel());
    assert.throws(attempt({ userRequest: { user: { id: 'u1' } } }), (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.status, 400);
      assert.deepEqual(err.details, [{ path: '/userRequest/utterance', message: "must have required property 'utterance'" }]);
      return true;
    });
    assert.throws(attempt({ userRequest: { utterance: 7, user: {} }, bot: 'x' }), (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.deepEqual(err.details.map((d) => d.path).sort(), ['/bot', '/userRequest/utterance']);
      return true;
    });
    assert.throws(attempt(null), ValidationError);
  });

  it('refuses a payload without any user identifier', () => {
    const body = { userRequest: { utterance: '안녕하세요', user: { type: 'botUserKey', properties: {} } } };
    assert.throws(
      () => adapter.parseInbound(kakaoRequest(body), kakaoChannel()),
      (err: unknown) => err instanceof ValidationError && err.details[0]?.path === '/userRequest/user/properties/plusfriendUserKey',
    );
  });
});

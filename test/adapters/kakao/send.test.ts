import assert from 'node:assert/strict';
import nock from 'nock';
import { createKakaoAdapter, type KakaoPayload } from '../../../adapters/kakao/index.js';
import type { SendPorts, SendTarget } from '../../../src/domain/adapter-port.js';
import { ChannelSendError } from '../../../src/domain/errors.js';
import type { OutboundMessage } from '../../../src/domain/outbound-message.js';
import { BOT_ID, fixture, fixtureWire, kakaoChannel } from './kakao-world.js';

const KAKAO = 'https://bot-api.kakao.com';
const TALK_PATH = `/v2/bots/${BOT_ID}/talk`;
const CALLBACK_PATH = `/v1/callback/${BOT_ID}/5a8e1c7f-3b2d-4f6a-9e0c-1d2b3c4d5e6f`;
const CALLBACK_URL = `${KAKAO}${CALLBACK_PATH}`;
const FORM = 'https://talkgate.example.com/forms/profile/pf_7Hq2LmX9aZ';
const NOW = Date.parse('2026-01-01T03:00:20.000Z');

/** In-memory SendPorts: claimOnce is true once per key; the other ports are unused by Kakao. */
function memoryPorts(): SendPorts & { claims: string[] } {
  const claimed = new Set<string>();
  const claims: string[] = [];
  return {
    claims,
    async claimOnce(key) {
      claims.push(key);
      if (claimed.has(key)) return false;
      claimed.add(key);
      return true;
    },
    async cacheGet() {
      return null;
    },
    async cacheSet() {},
    async appendVisitorStream() {
      throw new Error('not a web chat channel');
    },
  };
}

function target(replyContext?: SendTarget['replyContext']): SendTarget {
  return { messageId: 'msg_1', conversationId: 'conv_1', channelUserId: 'xJ3kP9qL2mZa', ...(replyContext ? { replyContext } : {}) };
}
const withCallback = (expiresAt = '2026-01-01T03:01:00.000Z') =>
  target({ kakaoCallbackUrl: CALLBACK_URL, kakaoCallbackExpiresAt: expiresAt });

const agentText: OutboundMessage = { kind: 'text', from: 'agent', text: '안녕하세요, 상담원 김하늘입니다. 주문번호를 알려주시겠어요?' };
const profileCard: OutboundMessage = {
  kind: 'card',
  from: 'bot',
  description: '상담 전 프로필을 입력해 주세요.',
  buttons: [{ label: '고객 프로필 입력', url: FORM }],
};

function expectSendError(check: (err: ChannelSendError) => void) {
  return (err: unknown) => {
    assert.ok(err instanceof ChannelSendError, String(err));
    check(err);
    return true;
  };
}

describe('kakao send', () => {
  const adapter = createKakaoAdapter({ now: () => NOW, timeoutMs: 200 });
  const channel = kakaoChannel();
  const render = (m: OutboundMessage): KakaoPayload => adapter.renderOutbound(m, channel);

  afterEach(() => nock.cleanAll());

  it('answers through a valid callbackUrl with the SkillResponse, once', async () => {
    const ports = memoryPorts();
    const scope = nock(KAKAO)
      .post(CALLBACK_PATH, fixtureWire('outbound/callback-agent-text.json'))
      .matchHeader('content-type', /^application\/json/)
      .reply(200, fixture('replies/callback-success.json'));
    const receipt = await adapter.send(render(agentText), withCallback(), channel, ports);
    scope.done();
    assert.deepEqual(receipt, { platformMessageId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', via: 'callback' });
    assert.deepEqual(ports.claims, [`kakao-callback:${CALLBACK_URL}`]);
  });

  it('uses the Event API when the callback was already claimed', async () => {
    const ports = memoryPorts();
    await ports.claimOnce(`kakao-callback:${CALLBACK_URL}`, 70_000);
    const scope = nock(KAKAO)
      .post(TALK_PATH, fixtureWire('outbound/event-api-profile-card.json'))
      .matchHeader('authorization', 'KakaoAK rk_test_0123456789abcdef')
      .reply(200, fixture('replies/event-api-success.json'));
    const receipt = await adapter.send(render(profileCard), withCallback(), channel, ports);
    scope.done();
    assert.deepEqual(receipt, { platformMessageId: 'e4f1c2d3-6a7b-4c8d-9e0f-1a2b3c4d5e6f', via: 'event-api' });
  });

  it('does not touch an expired callbackUrl and does not spend its claim', async () => {
    const ports = memoryPorts();
    const scope = nock(KAKAO).post(TALK_PATH, fixtureWire('outbound/event-api-profile-card.json')).reply(200, fixture('replies/event-api-success.json'));
    const receipt = await adapter.send(render(profileCard), withCallback('2026-01-01T03:00:20.000Z'), channel, ports);
    scope.done();
    assert.equal(receipt.via, 'event-api');
    assert.deepEqual(ports.claims, []);
  });

  it('falls through to the Event API when the callback answers FAIL, without failing', async () => {
    const scope = nock(KAKAO)
      .post(CALLBACK_PATH)
      .reply(200, fixture('replies/callback-fail.json'))
      .post(TALK_PATH, fixtureWire('outbound/event-api-profile-card.json'))
      .reply(200, fixture('replies/event-api-success.json'));
    const receipt = await adapter.send(render(profileCard), withCallback(), channel, memoryPorts());
    scope.done();
    assert.equal(receipt.via, 'event-api');
  });

  it('falls through to the Event API when the callback does not answer in time', async () => {
    const scope = nock(KAKAO)
      .post(CALLBACK_PATH)
      .delay(1_000)
      .reply(200, fixture('replies/callback-success.json'))
      .post(TALK_PATH)
      .reply(200, fixture('replies/event-api-success.json'));
    const receipt = await adapter.send(render(agentText), withCallback(), channel, memoryPorts());
    scope.done();
    assert.equal(receipt.via, 'event-api');
  });

  it('sends to the channel apiBaseUrl when set', async () => {
    const local = kakaoChannel({ apiBaseUrl: 'http://kakao-double.test:9000/' });
    const scope = nock('http://kakao-double.test:9000')
      .post(TALK_PATH, {
        event: { name: 'talkgate_message', data: { text: agentText.kind === 'text' ? agentText.text : '' } },
        user: [{ type: 'plusfriendUserKey', id: 'xJ3kP9qL2mZa' }],
      })
      .reply(200, { taskId: 't-local', status: 'SUCCESS' });
    const receipt = await adapter.send(render(agentText), target(), local, memoryPorts());
    scope.done();
    assert.deepEqual(receipt, { platformMessageId: 't-local', via: 'event-api' });
  });

  it('addresses the Event API with the customer\'s id kind: botUserKey when that is all Kakao gave', async () => {
    const botUserKey = 'd3b07384d113edec49eaa6238ad5ff00c4a1f3e2b7d9a0c1e5f6a7b8c9d0e1f2';
    const scope = nock(KAKAO)
      .post(TALK_PATH, (body: { user: unknown }) => {
        assert.deepEqual(body.user, [{ type: 'botUserKey', id: botUserKey }]);
        return true;
      })
      .reply(200, { taskId: 't-bk', status: 'SUCCESS' });
    const to: SendTarget = { ...target(), channelUserId: botUserKey, channelUserIdType: 'botUserKey' };
    const receipt = await adapter.send(render(agentText), to, channel, memoryPorts());
    scope.done();
    assert.equal(receipt.platformMessageId, 't-bk');
  });

  it('refuses permanently without a botId, before any request', async () => {
    const noBot = kakaoChannel({ credentials: { botId: undefined } });
    await assert.rejects(
      adapter.send(render(agentText), target(), noBot, memoryPorts()),
      expectSendError((err) => {
        assert.equal(err.retryable, false);
        assert.equal(err.platformCode, 'missing_bot_id');
        assert.match(err.message, /botId/);
      }),
    );
  });

  for (const status of [400, 401, 403]) {
    it(`classifies Event API ${status} as permanent`, async () => {
      const scope = nock(KAKAO).post(TALK_PATH).reply(status, { status: 'FAIL', message: 'denied' });
      await assert.rejects(
        adapter.send(render(agentText), target(), channel, memoryPorts()),
        expectSendError((err) => {
          assert.equal(err.retryable, false);
          assert.equal(err.httpStatus, status);
        }),
      );
      scope.done();
    });
  }

  it('classifies 429 as retryable with Retry-After in seconds', async () => {
    const scope = nock(KAKAO).post(TALK_PATH).reply(429, { status: 'FAIL' }, { 'Retry-After': '7' });
    await assert.rejects(
      adapter.send(render(agentText), target(), channel, memoryPorts()),
      expectSendError((err) => {
        assert.equal(err.retryable, true);
        assert.equal(err.httpStatus, 429);
        assert.equal(err.retryAfterMs, 7_000);
      }),
    );
    scope.done();
  });

  it('classifies 429 with an HTTP-date Retry-After', async () => {
    const at = new Date(NOW + 30_000).toUTCString();
    const scope = nock(KAKAO).post(TALK_PATH).reply(429, '', { 'Retry-After': at });
    await assert.rejects(
      adapter.send(render(agentText), target(), channel, memoryPorts()),
      expectSendError((err) => assert.equal(err.retryAfterMs, 30_000)),
    );
    scope.done();
  });

  it('classifies 500 and a 2xx without taskId as retryable', async () => {
    const scope = nock(KAKAO).post(TALK_PATH).reply(500, 'upstream error').post(TALK_PATH).reply(200, {});
    for (const expected of [500, 200]) {
      await assert.rejects(
        adapter.send(render(agentText), target(), channel, memoryPorts()),
        expectSendError((err) => {
          assert.equal(err.retryable, true);
          assert.equal(err.httpStatus, expected);
        }),
      );
    }
    scope.done();
  });

  it('classifies a timeout and a refused connection as retryable', async () => {
    const scope = nock(KAKAO).post(TALK_PATH).delay(1_000).reply(200, fixture('replies/event-api-success.json'));
    await assert.rejects(
      adapter.send(render(agentText), target(), channel, memoryPorts()),
      expectSendError((err) => {
        assert.equal(err.retryable, true);
        assert.equal(err.httpStatus, null);
        assert.match(err.message, /timed out/);
      }),
    );
    scope.done();
    nock(KAKAO).post(TALK_PATH).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    await assert.rejects(
      adapter.send(render(agentText), target(), channel, memoryPorts()),
      expectSendError((err) => assert.equal(err.retryable, true)),
    );
  });
});

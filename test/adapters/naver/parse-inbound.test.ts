import assert from 'node:assert/strict';
import { createNaverAdapter } from '../../../adapters/naver/index.js';
import { ValidationError } from '../../../src/domain/errors.js';
import type { InboundEvent } from '../../../src/domain/inbound-event.js';
import { fixture, fixtureNames, inboundRequest, naverChannel, USER } from './naver-world.js';

type Expected = Array<{ kind: InboundEvent['kind'] } & Record<string, unknown>>;

/** Every inbound fixture and what the customer-facing model must get from it. */
const EXPECTED: Record<string, Expected> = {
  'open-under14.json': [{ kind: 'customer.updated', flags: { under14: true, under19: true } }],
  'open-adult.json': [{ kind: 'customer.updated', flags: { under14: false, under19: false } }],
  'open-plain.json': [],
  'send-text.json': [{ kind: 'message.text', text: '배송이 언제 되나요?' }],
  'send-inquiry.json': [{ kind: 'conversation.connect_requested' }],
  'send-trigger.json': [{ kind: 'conversation.connect_requested' }],
  'send-button.json': [{ kind: 'message.text', text: '주문 조회' }],
  'send-vphone.json': [{ kind: 'message.text', text: '050719003814,2017-11-03' }],
  'send-image.json': [
    { kind: 'message.image', imageUrl: 'https://talk.phinf.naver.net/20240312_41/1710212345678abcDE_JPEG/receipt.jpg' },
  ],
  'send-composite.json': [{ kind: 'message.text', text: '무선 청소기 X200\n329,000원' }],
  'send-composite-imageonly.json': [],
  'send-standby.json': [{ kind: 'message.text', text: '아직 답변을 못 받았어요' }],
  'leave.json': [{ kind: 'conversation.left' }],
  'friend-off.json': [{ kind: 'customer.blocked' }],
  'friend-on.json': [],
  'echo.json': [],
  'echo-image.json': [],
  'handover-passthread.json': [],
  'profile-nickname.json': [],
  'pay_complete-success.json': [],
  'unknown-event.json': [],
};

describe('naver parseInbound', () => {
  const adapter = createNaverAdapter();
  const channel = naverChannel();

  it('has an expectation for every inbound fixture', () => {
    assert.deepEqual(fixtureNames('inbound'), Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`maps inbound/${name}`, () => {
      const body = fixture(`inbound/${name}`);
      const events = adapter.parseInbound(inboundRequest(body), channel);
      assert.deepEqual(
        events,
        expected.map((e) => ({
          channelId: 'ch_naver_1',
          channelUserId: USER,
          occurredAt: '2024-03-12T05:06:07.089Z',
          raw: body,
          ...e,
        })),
      );
      for (const event of events) assert.equal('deliveryId' in event, false, 'TalkTalk has no delivery id');
    });
  }

  it('never turns an echo of a trigger phrase into a connection request', () => {
    // echo.json carries "상담원 연결" typed by an agent: answering it would loop.
    assert.deepEqual(adapter.parseInbound(inboundRequest(fixture('inbound/echo.json')), channel), []);
  });

  it("uses the channel's own connect utterances", () => {
    const custom = naverChannel({ connectTriggers: { utterances: ['사람이랑 얘기할래요'], blockIds: [] } });
    const say = (text: string) =>
      adapter.parseInbound(inboundRequest({ event: 'send', user: USER, textContent: { text, inputType: 'typing' } }), custom)
        .map((e) => e.kind);
    assert.deepEqual(say('사람이랑 얘기할래요\n'), ['conversation.connect_requested']);
    assert.deepEqual(say('상담원 연결'), ['message.text']);
    assert.deepEqual(say('사람이랑 얘기할래요 지금'), ['message.text']);
  });

  it('drops a whitespace-only text', () => {
    const req = inboundRequest({ event: 'send', user: USER, textContent: { text: '  \n ', inputType: 'typing' } });
    assert.deepEqual(adapter.parseInbound(req, channel), []);
  });

  for (const [name, path] of [
    ['send-no-user.json', '/user'],
    ['send-text-not-string.json', '/textContent/text'],
    ['open-under14-string.json', '/options/under14'],
  ] as const) {
    it(`refuses invalid/${name} with the failing path`, () => {
      assert.throws(
        () => adapter.parseInbound(inboundRequest(fixture(`invalid/${name}`)), channel),
        (err: unknown) =>
          err instanceof ValidationError &&
          err.status === 400 &&
          err.details.some((d) => d.path === path),
      );
    });
  }

  it('refuses a body that is not an object', () => {
    for (const body of [null, 'event=send', [{ event: 'send', user: USER }]]) {
      assert.throws(() => adapter.parseInbound(inboundRequest(body), channel), ValidationError);
    }
  });
});

import assert from 'node:assert/strict';
import {
  createKakaoAdapter,
  renderSkillResponse,
  skillAck,
  useCallbackResponse,
} from '../../../adapters/kakao/index.js';
import type { OutboundMessage } from '../../../src/domain/outbound-message.js';
import { charLength } from '../../../src/domain/text-limits.js';
import { fixture, fixtureWire, kakaoChannel } from './kakao-world.js';

const FORM = 'https://talkgate.example.com/forms/profile/pf_7Hq2LmX9aZ';
const GUIDE = '상담 전 프로필을 입력해 주세요.';
const GREETING = '안녕하세요, 무엇을 도와드릴까요?';
const MANUAL_GREETING =
  '먼저 접수된 순서대로 상담원이 응답을 준비하고 있습니다. 잠시만 기다려 주세요. 채팅 내용은 관계법령에 의거하여 자동으로 저장됩니다.';

const profileCard = (image?: OutboundMessage & { kind: 'image' }): OutboundMessage => ({
  kind: 'card',
  from: 'bot',
  description: GUIDE,
  ...(image ? { image: image.image } : {}),
  buttons: [{ label: '고객 프로필 입력', url: FORM }],
});
const guideImage: OutboundMessage & { kind: 'image' } = {
  kind: 'image',
  from: 'bot',
  image: {
    id: 'img_01HZX3',
    url: 'https://talkgate.example.com/images/img_01HZX3.png',
    kakaoUrl: 'https://talkgate.example.com/images/img_01HZX3.kakao.png',
    kakaoFixedRatio: false,
    altText: '프로필 입력 안내',
  },
};
const text = (t: string): OutboundMessage => ({ kind: 'text', from: 'bot', text: t });

interface CutSource {
  title: string;
  basicDescription: string;
  textDescription: string;
  buttons: { label: string; url: string }[];
}

describe('kakao renderOutbound', () => {
  const adapter = createKakaoAdapter();
  const channel = kakaoChannel();
  const wire = (value: unknown) => JSON.stringify(value);

  it('renders text as simpleText and the same text for the Event API', () => {
    assert.deepEqual(adapter.renderOutbound(text('안녕하세요'), channel), {
      outputs: [{ simpleText: { text: '안녕하세요' } }],
      eventText: '안녕하세요',
    });
  });

  it('cuts text at 1000 characters without splitting an emoji', () => {
    const long = `${'가'.repeat(999)}😀😀`;
    const payload = adapter.renderOutbound(text(long), channel);
    const out = payload.outputs[0];
    assert.ok(out && 'simpleText' in out);
    assert.equal(out.simpleText.text, `${'가'.repeat(999)}😀`);
    assert.equal(charLength(payload.eventText), 1000);
  });

  it('renders an image as simpleImage with the Kakao variant and a 50-character alt text', () => {
    const payload = adapter.renderOutbound(
      { kind: 'image', from: 'agent', image: { url: 'https://x.example/a.png', altText: `${'사'.repeat(49)}😀끝` } },
      channel,
    );
    assert.equal(
      wire(payload),
      wire({
        outputs: [{ simpleImage: { imageUrl: 'https://x.example/a.png', altText: `${'사'.repeat(49)}😀` } }],
        eventText: 'https://x.example/a.png',
      }),
    );
    const kakao = adapter.renderOutbound(guideImage, channel).outputs[0];
    assert.deepEqual(kakao, {
      simpleImage: { imageUrl: 'https://talkgate.example.com/images/img_01HZX3.kakao.png', altText: '프로필 입력 안내' },
    });
  });

  it('renders a card without image as textCard, omitting the absent title', () => {
    const payload = adapter.renderOutbound(profileCard(), channel);
    assert.equal(wire(payload.outputs), wire([(fixture('outbound/profile-card-text.json') as { template: { outputs: unknown[] } }).template.outputs[1]]));
    assert.equal(payload.eventText, `${GUIDE}\n고객 프로필 입력: ${FORM}`);
    const blankTitle = adapter.renderOutbound({ ...profileCard(), title: '  ' } as OutboundMessage, channel);
    assert.equal(wire(blankTitle.outputs), wire(payload.outputs));
  });

  it('cuts a basicCard byte-exactly: title 50, description 230, 3 buttons, labels 14 (surrogate-safe)', () => {
    const src = fixture('outbound/cut-source.json') as CutSource;
    const payload = adapter.renderOutbound(
      {
        kind: 'card',
        from: 'bot',
        title: src.title,
        description: src.basicDescription,
        image: { url: 'https://talkgate.example.com/images/notice.png', kakaoFixedRatio: true },
        buttons: src.buttons,
      },
      channel,
    );
    assert.equal(wire(payload), fixtureWire('outbound/card-basic-cut.json'));
  });

  it('cuts a textCard byte-exactly: description 400', () => {
    const src = fixture('outbound/cut-source.json') as CutSource;
    const payload = adapter.renderOutbound(
      { kind: 'card', from: 'bot', title: src.title, description: src.textDescription, buttons: src.buttons },
      channel,
    );
    assert.equal(wire(payload), fixtureWire('outbound/card-text-cut.json'));
  });

  it('declares the Kakao text limit', () => {
    assert.deepEqual(adapter.limits, { text: 1000 });
    assert.equal(adapter.type, 'kakao');
  });
});

describe('kakao synchronous answers', () => {
  const channel = kakaoChannel();

  it('answers the PB-5 profile card as greeting + textCard', () => {
    const { response, rest } = renderSkillResponse([text(GREETING), profileCard()], channel);
    assert.equal(JSON.stringify(response), fixtureWire('outbound/profile-card-text.json'));
    assert.deepEqual(rest, []);
  });

  it('answers the PB-7 profile card as MANUAL_GREETING + basicCard with the Kakao image', () => {
    const { response, rest } = renderSkillResponse([text(MANUAL_GREETING), profileCard(guideImage)], channel);
    assert.equal(JSON.stringify(response), fixtureWire('outbound/profile-card-basic.json'));
    assert.deepEqual(rest, []);
  });

  it('puts at most 3 outputs in one answer and hands back the rest in order', () => {
    const messages = ['1', '2', '3', '4', '5'].map(text);
    const { response, rest } = renderSkillResponse(messages, channel);
    assert.deepEqual(response.template.outputs, [1, 2, 3].map((n) => ({ simpleText: { text: String(n) } })));
    assert.deepEqual(rest, [text('4'), text('5')]);
    assert.equal(renderSkillResponse(messages.slice(0, 3), channel).rest.length, 0);
  });

  it('answers with the channel ack text when there is nothing to say', () => {
    assert.equal(
      JSON.stringify(renderSkillResponse([], channel).response),
      '{"version":"2.0","template":{"outputs":[{"simpleText":{"text":"메시지가 전달되었습니다."}}]}}',
    );
    const custom = kakaoChannel({ ackText: '확인했습니다.' });
    assert.deepEqual(renderSkillResponse([], custom).response, skillAck('확인했습니다.'));
  });

  it('builds the ack and the useCallback answers exactly', () => {
    assert.equal(
      JSON.stringify(skillAck('잠시만 기다려 주세요.')),
      '{"version":"2.0","template":{"outputs":[{"simpleText":{"text":"잠시만 기다려 주세요."}}]}}',
    );
    assert.equal(JSON.stringify(useCallbackResponse()), '{"version":"2.0","useCallback":true}');
  });
});

import assert from 'node:assert/strict';
import type { OutboundMessage } from '../../../src/domain/outbound-message.js';
import { createWebchatAdapter } from '../../../adapters/webchat/index.js';
import { fixture, secretKey, webchatChannel } from './world.js';

function render(message: OutboundMessage): unknown {
  const adapter = createWebchatAdapter({ secretKey: secretKey() });
  // Through JSON, as the stream carries it: an `undefined` key would vanish on the wire.
  return JSON.parse(JSON.stringify(adapter.renderOutbound(message, webchatChannel()))) as unknown;
}

describe('web chat renderOutbound', () => {
  it('renders an agent text exactly as the stream event fixture', () => {
    const event = render({
      kind: 'text',
      from: 'agent',
      text: '안녕하세요, 상담원 김하늘입니다. 무엇을 도와드릴까요?',
    });
    assert.deepEqual(event, fixture('outbound/text.json'));
  });

  it('renders the profile card (guide message, guide image, one form button) exactly', () => {
    const event = render({
      kind: 'card',
      from: 'bot',
      description: '상담 전 프로필을 입력해 주세요.',
      image: {
        id: 'img_01HZX3K9',
        url: 'https://talkgate.example.com/images/img_01HZX3K9.png',
        kakaoUrl: 'https://talkgate.example.com/images/img_01HZX3K9-kakao.png',
        kakaoFixedRatio: false,
        altText: '안내 이미지',
      },
      buttons: [
        { label: '고객 프로필 입력', url: 'https://talkgate.example.com/forms/profile/ft_Zk3x9QpL2mWv7RtY' },
      ],
    });
    assert.deepEqual(event, fixture('outbound/profile-card.json'));
  });

  it('renders an image with its original (not the Kakao-cropped) URL', () => {
    const event = render({
      kind: 'image',
      from: 'agent',
      image: { url: 'https://talkgate.example.com/images/img_01HZX7QW.jpg', kakaoUrl: 'https://x/kakao.jpg' },
    });
    assert.deepEqual(event, fixture('outbound/image.json'));
  });

  it('keeps a card title and omits absent optional keys instead of sending undefined', () => {
    const adapter = createWebchatAdapter({ secretKey: secretKey() });
    const event = adapter.renderOutbound(
      { kind: 'card', from: 'system', title: '안내', description: '상담이 종료되었습니다.', buttons: [] },
      webchatChannel(),
    );
    assert.deepEqual(event, {
      id: '',
      from: 'system',
      kind: 'card',
      card: { title: '안내', description: '상담이 종료되었습니다.', buttons: [] },
    });
    assert.equal(Object.hasOwn(event.card ?? {}, 'imageUrl'), false);
  });

  it('cuts text over 4000 characters at a character boundary', () => {
    const event = render({ kind: 'text', from: 'agent', text: `${'가'.repeat(3999)}😀😀` }) as {
      text: string;
    };
    assert.equal(event.text, `${'가'.repeat(3999)}😀`);
  });

  it('declares the web chat limit the contract suite checks against', () => {
    assert.deepEqual(createWebchatAdapter({ secretKey: secretKey() }).limits, { text: 4000 });
  });
});

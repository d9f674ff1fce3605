import assert from 'node:assert/strict';
import { createNaverAdapter } from '../../../adapters/naver/index.js';
import type { OutboundMessage } from '../../../src/domain/outbound-message.js';
import { fixtureText, naverChannel } from './naver-world.js';

const FORM = 'https://talkgate.example.com/forms/profile/tk_9f2c1e7ab34d4c58';
const GUIDE = 'https://talkgate.example.com/media/ws_1/guide-500x250.png';
const GUIDE_MSG = '상담 전에 고객 프로필을 입력해 주세요. 입력하신 정보는 상담에만 사용됩니다.';
const OPEN_FORM = { label: '고객 프로필 입력', url: FORM };

/** Same bytes as the fixture, key order included. */
function assertRendersTo(message: OutboundMessage, fixturePath: string): void {
  const rendered = createNaverAdapter().renderOutbound(message, naverChannel());
  assert.equal(JSON.stringify(rendered), JSON.stringify(JSON.parse(fixtureText(fixturePath))));
}

describe('naver renderOutbound', () => {
  it('renders text', () => {
    assertRendersTo({ kind: 'text', from: 'system', text: '프로필이 저장되었습니다.' }, 'outbound/text.json');
  });

  it('renders an image by URL (send() swaps in the imageId)', () => {
    assertRendersTo({ kind: 'image', from: 'agent', image: { url: GUIDE, kakaoUrl: 'https://k/x.png' } }, 'outbound/image.json');
  });

  it('renders the profile card with its guide image as a composite with one LINK button', () => {
    assertRendersTo(
      { kind: 'card', from: 'bot', description: GUIDE_MSG, image: { url: GUIDE }, buttons: [OPEN_FORM] },
      'outbound/profile-card.json',
    );
  });

  it('renders the profile card without an image', () => {
    assertRendersTo({ kind: 'card', from: 'bot', description: GUIDE_MSG, buttons: [OPEN_FORM] }, 'outbound/profile-card-no-image.json');
  });

  it('keeps a title when there is one', () => {
    assertRendersTo(
      { kind: 'card', from: 'bot', title: '고객 프로필', description: GUIDE_MSG, buttons: [OPEN_FORM] },
      'outbound/card-titled.json',
    );
  });

  it('cuts title 200, description 1000, button titles 18 and keeps 10 buttons, never splitting an emoji', () => {
    const labels = ['x'.repeat(17) + '😀yy', ...Array.from({ length: 11 }, (_, i) => `링크 ${i + 2}`)];
    assertRendersTo(
      {
        kind: 'card',
        from: 'bot',
        title: '가'.repeat(199) + '😀나나',
        description: 'a'.repeat(999) + '😀😀',
        buttons: labels.map((label, i) => ({ label, url: `https://example.com/${i}` })),
      },
      'outbound/card-cut.json',
    );
  });

  it('cuts text at 10000 characters on a code point boundary', () => {
    const payload = createNaverAdapter().renderOutbound(
      { kind: 'text', from: 'agent', text: 'a'.repeat(9_999) + '😀' + 'tail' },
      naverChannel(),
    );
    assert.ok('textContent' in payload);
    assert.equal(payload.textContent.text, 'a'.repeat(9_999) + '😀');
    assert.equal(Array.from(payload.textContent.text).length, 10_000);
  });

  it('leaves text at the limit untouched', () => {
    const text = '한'.repeat(10_000);
    const payload = createNaverAdapter().renderOutbound({ kind: 'text', from: 'agent', text }, naverChannel());
    assert.deepEqual(payload, { event: 'send', textContent: { text } });
  });

  it('omits an empty title and an empty button list', () => {
    const payload = createNaverAdapter().renderOutbound(
      { kind: 'card', from: 'bot', title: '', description: '안내', buttons: [] },
      naverChannel(),
    );
    assert.equal(JSON.stringify(payload), '{"event":"send","compositeContent":{"compositeList":[{"description":"안내"}]}}');
  });
});

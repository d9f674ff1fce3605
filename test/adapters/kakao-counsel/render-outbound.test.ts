import assert from 'node:assert/strict';
import { renderCounselOutbound } from '../../../adapters/kakao-counsel/index.js';

const FORM = 'https://gw.test/forms/profile/tok';

describe('kakao-counsel renderOutbound', () => {
  it('text: one TEXT bubble cut at 1,000 characters (code points)', () => {
    const p = (renderCounselOutbound({ kind: 'text', from: 'agent', text: '😀'.repeat(1200) }))[0]!;
    assert.ok(p.chat_bubble_type === 'TEXT');
    assert.equal(Array.from(p.message).length, 1000);
  });

  it('card: the guide text with one WL button to the form', () => {
    const payload = renderCounselOutbound({ kind: 'card', from: 'bot', description: '상담 전 프로필을 입력해 주세요.', buttons: [{ label: '고객 프로필 입력', url: FORM }] });
    assert.deepEqual(payload, [
      {
        chat_bubble_type: 'TEXT',
        message: '상담 전 프로필을 입력해 주세요.',
        attachment: { buttons: [{ name: '고객 프로필 입력', type: 'WL', url_pc: FORM, url_mobile: FORM }] },
      },
    ]);
  });

  it('card with a guide image: an IMAGE send just before the card', () => {
    const payload = renderCounselOutbound({
      kind: 'card',
      from: 'bot',
      description: '안내',
      image: { url: 'https://gw.test/images/img_1', kakaoUrl: 'https://gw.test/images/img_1/kakao' },
      buttons: [{ label: '고객 프로필 입력', url: FORM }],
    });
    assert.deepEqual(payload.map((p) => p.chat_bubble_type), ['IMAGE', 'TEXT']);
    assert.deepEqual(payload[0], { chat_bubble_type: 'IMAGE', image: 'https://gw.test/images/img_1' });
  });

  it('image: one IMAGE send of our image', () => {
    assert.deepEqual(renderCounselOutbound({ kind: 'image', from: 'agent', image: { url: 'https://gw.test/images/img_2' } }), [
      { chat_bubble_type: 'IMAGE', image: 'https://gw.test/images/img_2' },
    ]);
  });
});

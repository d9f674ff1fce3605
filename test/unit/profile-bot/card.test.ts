import assert from 'node:assert/strict';
import { buildProfileCard } from '../../../src/domain/profile-bot/card.js';
import { FORM_URL, IN_HOURS, T, agent, card, customer, decideIn, settings, world } from './world.js';

describe('the profile card (PB-15)', () => {
  it('PB-15: guide message, one button "고객 프로필 입력" to this conversation’s form, from the bot', () => {
    assert.deepEqual(buildProfileCard(settings().profileBot, FORM_URL), {
      kind: 'card',
      from: 'bot',
      description: '상담 전 프로필을 입력해 주세요.',
      buttons: [{ label: '고객 프로필 입력', url: 'https://gw.example.com/forms/profile/tok-123' }],
    });
  });

  it('PB-15: the optional guide image rides on the card', () => {
    const image = {
      id: 'img-1',
      url: 'https://gw.example.com/images/img-1.png',
      kakaoUrl: 'https://gw.example.com/images/img-1.kakao.png',
      kakaoFixedRatio: false,
    };
    const actions = decideIn(world(), { type: 'connect_requested' }, IN_HOURS, { guideImage: image });
    assert.deepEqual(actions.at(-2), card(FORM_URL, T.GUIDE, image));
  });

  it('PB-15: a bot enabled without a guide message still sends a working card (fallback text)', () => {
    const c = buildProfileCard(settings({ profileBot: { guideMessage: '  ' } }).profileBot, FORM_URL);
    assert.equal(c.description, '상담을 시작하기 전에 고객 프로필을 입력해 주세요.');
  });

  it('PB-15: the card needs the form link; forgetting it is a caller bug, not a card-less answer', () => {
    assert.throws(
      () => decideIn(world(), { type: 'connect_requested' }, IN_HOURS, { formUrl: undefined }),
      /formUrl/,
    );
    const noBot = world({ customer: customer({ phone: '010-1234-5678' }), agents: [agent('a1')] });
    assert.doesNotThrow(() =>
      decideIn(noBot, { type: 'connect_requested' }, IN_HOURS, { formUrl: undefined }),
    );
  });
});

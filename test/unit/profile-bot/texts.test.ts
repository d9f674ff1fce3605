import assert from 'node:assert/strict';
import * as texts from '../../../src/domain/profile-bot/texts.js';

// UTF-8 bytes of each fixed text, so an NFD-decomposed Hangul or a stray space cannot pass.
function hex(s: string): string {
  return Buffer.from(s, 'utf8').toString('hex');
}

describe('profile bot fixed texts (29-13, 29-14, 29-20, 29-23)', () => {
  it('PB-8: PROFILE_REQUIRED is the manual text byte for byte', () => {
    assert.equal(
      texts.PROFILE_REQUIRED,
      '프로필이 확인되지 않았습니다. 프로필을 먼저 입력 후 메시지를 남겨주세요.',
    );
    // UTF-8 taken from the manual file (seed/000_…txt, 29-13)
    assert.equal(
      hex(texts.PROFILE_REQUIRED),
      'ed9484eba19ced9584ec9db420ed9995ec9db8eb9098eca78020ec958aec9598ec8ab5eb8b88eb8ba42e20ed9484eba19ced9584ec9d8420eba8bceca08020ec9e85eba0a520ed9b8420eba994ec8b9ceca780eba5bc20eb82a8eab2a8eca3bcec84b8ec9a942e',
    );
  });

  it('PB-7: MANUAL_GREETING is the manual text byte for byte', () => {
    assert.equal(
      texts.MANUAL_GREETING,
      '먼저 접수된 순서대로 상담원이 응답을 준비하고 있습니다. 잠시만 기다려 주세요. 채팅 내용은 관계법령에 의거하여 자동으로 저장됩니다.',
    );
    assert.equal(
      hex(texts.MANUAL_GREETING),
      'eba8bceca08020eca091ec8898eb909c20ec889cec849ceb8c80eba19c20ec8381eb8bb4ec9b90ec9db420ec9d91eb8bb5ec9d8420eca480ebb984ed9598eab3a020ec9e88ec8ab5eb8b88eb8ba42e20ec9ea0ec8b9ceba78c20eab8b0eb8ba4eba0a420eca3bcec84b8ec9a942e20ecb184ed8c8520eb82b4ec9aa9ec9d8020eab480eab384ebb295eba0b9ec979020ec9d98eab1b0ed9598ec97ac20ec9e90eb8f99ec9cbceba19c20eca080ec9ea5eb90a9eb8b88eb8ba42e',
    );
  });

  it('PB-19: PROFILE_SAVED is the manual text byte for byte', () => {
    assert.equal(hex(texts.PROFILE_SAVED), hex('프로필이 저장되었습니다.'));
    assert.equal(
      hex(texts.PROFILE_SAVED),
      'ed9484eba19ced9584ec9db420eca080ec9ea5eb9098ec9788ec8ab5eb8b88eb8ba42e',
    );
  });

  it('PB-16: CONSENT_NOTICE keeps the manual spacing "동의 한" and its link words split out', () => {
    assert.equal(
      texts.CONSENT_NOTICE,
      '프로필 정보 입력 후 저장하시면 개인정보 수집 및 이용에 동의 한 것으로 간주합니다.',
    );
    assert.equal(texts.CONSENT_LINK_TEXT, '개인정보 수집 및 이용');
    assert.equal(
      texts.CONSENT_NOTICE_BEFORE_LINK + texts.CONSENT_LINK_TEXT + texts.CONSENT_NOTICE_AFTER_LINK,
      texts.CONSENT_NOTICE,
    );
  });

  it('PB-15/PB-16: the button labels', () => {
    assert.equal(texts.OPEN_FORM_BUTTON, '고객 프로필 입력');
    assert.equal(texts.FORM_SUBMIT_BUTTON, '확인');
  });

  it('the under-14 guardian notice is a complete Korean sentence', () => {
    assert.equal(texts.GUARDIAN_NOTICE, '만 14세 미만 고객은 법정대리인의 동의가 필요합니다.');
  });

  it('every fixed text is NFC, trimmed and single-line', () => {
    for (const [name, value] of Object.entries(texts)) {
      assert.equal(typeof value, 'string', name);
      const s = value as string;
      assert.equal(s, s.normalize('NFC'), `${name} is not NFC`);
      assert.equal(/\n/.test(s), false, `${name} has a newline`);
      if (name !== 'CONSENT_NOTICE_BEFORE_LINK') assert.equal(s, s.trim(), `${name} has outer spaces`);
    }
  });
});

// The fixed, non-editable texts of the profile bot, byte for byte as the manual prints them
// (29-13, 29-14, 29-20, 29-23). Customers compare them with the product's help pages, so they
// must never be "improved"; test/unit/profile-bot/texts.test.ts pins their bytes.

/** PB-8 (29-13): the answer to every customer message sent before the profile is entered. */
export const PROFILE_REQUIRED = '프로필이 확인되지 않았습니다. 프로필을 먼저 입력 후 메시지를 남겨주세요.';

/** PB-7 (29-14): the fixed greeting of manual distribution, sent with the card into a waiting room. */
export const MANUAL_GREETING =
  '먼저 접수된 순서대로 상담원이 응답을 준비하고 있습니다. 잠시만 기다려 주세요. 채팅 내용은 관계법령에 의거하여 자동으로 저장됩니다.';

/** PB-19 (29-23, 29-28): sent into the conversation once the form is saved. */
export const PROFILE_SAVED = '프로필이 저장되었습니다.';

/** PB-16 (29-20): the words of CONSENT_NOTICE that link to `privacyConsent.url`. */
export const CONSENT_LINK_TEXT = '개인정보 수집 및 이용';
/** Text before and after the link, so a renderer can wrap only the link words in `<a>`. */
export const CONSENT_NOTICE_BEFORE_LINK = '프로필 정보 입력 후 저장하시면 ';
export const CONSENT_NOTICE_AFTER_LINK = '에 동의 한 것으로 간주합니다.';
/** PB-16 (29-20): stands under the form fields when consent is enabled ("동의 한" is the manual's spacing). */
export const CONSENT_NOTICE = `${CONSENT_NOTICE_BEFORE_LINK}${CONSENT_LINK_TEXT}${CONSENT_NOTICE_AFTER_LINK}`;

/** PB-15: the card's only button, opening the form. */
export const OPEN_FORM_BUTTON = '고객 프로필 입력';
/** Web chat: the card's button once the profile was saved through it (disabled). */
export const PROFILE_ENTERED_BUTTON = '입력 완료';
/** PB-16: the form's submit button. */
export const FORM_SUBMIT_BUTTON = '확인';

/**
 * Shown on the form when the platform says the customer is under 14 (TalkTalk `open.under14`):
 * Korean privacy law (개인정보 보호법 §22-2) requires a legal guardian's consent for a minor's
 * personal data. Not from the manual, so it is ours to word.
 */
export const GUARDIAN_NOTICE = '만 14세 미만 고객은 법정대리인의 동의가 필요합니다.';

/**
 * Used only if a settings version somehow has the bot enabled without a guide message (the
 * settings rules refuse that): a card with an empty description would fail on Kakao, and the
 * customer should still get a working button.
 */
export const FALLBACK_GUIDE_MESSAGE = '상담을 시작하기 전에 고객 프로필을 입력해 주세요.';

// Korean wording of the profile form pages that is ours to choose (the fixed texts of the manual
// live in src/domain/profile-bot/texts.ts). The client script receives the same strings, so a
// state the browser discovers (409/410 on submit) reads exactly like the server-rendered page.
import type { ProfileField } from '../../../domain/settings.js';
import { OPEN_FORM_BUTTON } from '../../../domain/profile-bot/texts.js';

export const FORM_TITLE = OPEN_FORM_BUTTON;
export const FORM_INTRO = '상담을 위해 아래 정보를 입력해 주세요.';

export const FIELD_LABELS: Readonly<Record<ProfileField, string>> = {
  name: '이름',
  phone: '휴대폰 번호',
  email: '이메일',
  birthdate: '생년월일',
  address: '주소',
};

export const ADDRESS_LABELS = {
  zonecode: '우편번호',
  roadAddress: '도로명 주소',
  detail: '상세 주소',
  optional: '(선택)',
  search: '주소 검색',
} as const;

export const FIELD_HINTS = {
  phone: '010-1234-5678',
  email: 'name@example.com',
  birthdate: '1990-01-31',
  birthdateHint: '예: 1990-01-31',
  detail: '동·호수 등',
} as const;

export type FormLinkState = 'expired' | 'used' | 'not_found';

/** What a dead link says, and the HTTP status the page is served with (api.md "The customer's side"). */
export const FORM_LINK_STATES: Readonly<Record<FormLinkState, { status: number; title: string; body: string }>> = {
  expired: {
    status: 410,
    title: '링크 유효 기간이 지났습니다',
    body: '이 프로필 입력 링크는 더 이상 사용할 수 없습니다. 채팅방으로 돌아가 상담을 다시 요청하시면 새 링크를 보내 드립니다.',
  },
  used: {
    status: 409,
    title: '이미 제출된 프로필입니다',
    body: '이 링크로 입력하신 프로필이 이미 저장되었습니다. 채팅방으로 돌아가 상담을 이어가 주세요.',
  },
  not_found: {
    status: 404,
    title: '링크를 찾을 수 없습니다',
    body: '링크 주소가 올바르지 않습니다. 채팅방에서 받은 ‘고객 프로필 입력’ 버튼을 다시 눌러 주세요.',
  },
};

/** Messages only the browser shows (while sending, or when something other than the input failed). */
export const CLIENT_TEXTS = {
  sending: '저장하는 중입니다…',
  network: '저장하지 못했습니다. 인터넷 연결을 확인한 뒤 다시 눌러 주세요.',
  server: '저장하지 못했습니다. 잠시 후 다시 눌러 주세요.',
  invalid: '입력 내용을 확인해 주세요.',
  postcodeLoading: '주소 검색을 불러오는 중입니다…',
  postcodeFailed: '주소 검색을 불러오지 못했습니다. 우편번호 5자리와 도로명 주소를 직접 입력해 주세요.',
  closeHint: '이 창을 닫고 채팅방으로 돌아가 주세요.',
} as const;

export const CLOSE_BUTTON = '닫기';

// Profile input validation (PB-17, PB-18, PB-20): the form submit and the agent's PATCH share it,
// so a phone number is normalised the same way whoever types it. Nothing is cut: input over a
// limit is refused with a message that says what to type instead, and nothing is saved.
import type { Address, Profile } from './conversation.js';
import type { FieldError } from './errors.js';
import type { ProfileField } from './settings.js';
import { zonedParts } from './business-hours.js';
import { charLength } from './text-limits.js';

export type ProfileValidationResult = { ok: true; profile: Profile } | { ok: false; errors: FieldError[] };

export interface ProfileValidationOptions {
  /** "today" for the birth date check, taken on the Asia/Seoul calendar */
  now: Date;
  /**
   * false (form): every key in `fields` is required, other keys are ignored (the form also
   * carries non-profile keys) and never saved. true (agent PATCH): only present keys are
   * validated and a key outside `fields` is an error.
   */
  partial?: boolean;
}

export const PROFILE_LIMITS = {
  name: 50,
  email: 254,
  emailLocalPart: 64,
  roadAddress: 200,
  jibunAddress: 200,
  buildingName: 100,
  detail: 200,
} as const;

const BIRTHDATE_MIN = '1900-01-01';
const BIRTHDATE_TIME_ZONE = 'Asia/Seoul';

const REQUIRED_MESSAGE: Readonly<Record<ProfileField, string>> = {
  name: '이름을 입력해 주세요.',
  phone: '휴대폰 번호를 입력해 주세요.',
  email: '이메일을 입력해 주세요.',
  birthdate: '생년월일을 입력해 주세요.',
  address: '주소 검색으로 주소를 입력해 주세요.',
};

export const PROFILE_MESSAGES = {
  notAnObject: '프로필은 항목 이름(name, phone, email, birthdate, address)을 키로 하는 객체로 보내 주세요.',
  nameFormat: `이름을 1~${PROFILE_LIMITS.name}자의 글자로 입력해 주세요.`,
  nameTooLong: `이름은 ${PROFILE_LIMITS.name}자 이내로 입력해 주세요.`,
  nameControl: '이름에는 줄바꿈이나 제어 문자를 쓸 수 없습니다. 이름만 입력해 주세요.',
  phoneFormat: '휴대폰 번호를 010-1234-5678 형식으로 입력해 주세요.',
  emailFormat: '이메일을 name@example.com 형식으로 입력해 주세요.',
  emailTooLong: `이메일은 ${PROFILE_LIMITS.email}자 이내로 입력해 주세요.`,
  birthdateFormat: '생년월일을 1990-01-31 형식(YYYY-MM-DD)으로 입력해 주세요.',
  birthdateNotADate: '달력에 없는 날짜입니다. 생년월일을 1990-01-31 형식으로 다시 입력해 주세요.',
  birthdateFuture: '생년월일은 오늘 이후일 수 없습니다. 태어난 날짜를 입력해 주세요.',
  birthdateTooOld: `생년월일은 ${BIRTHDATE_MIN} 이후 날짜로 입력해 주세요.`,
  addressFormat: REQUIRED_MESSAGE.address,
  zonecode: '우편번호 5자리를 주소 검색으로 입력해 주세요.',
  roadAddress: '도로명 주소를 주소 검색으로 입력해 주세요.',
  roadAddressTooLong: `도로명 주소는 ${PROFILE_LIMITS.roadAddress}자 이내여야 합니다. 주소 검색으로 다시 입력해 주세요.`,
  jibunAddress: `지번 주소는 ${PROFILE_LIMITS.jibunAddress}자 이내의 글자로 보내 주세요.`,
  buildingName: `건물명은 ${PROFILE_LIMITS.buildingName}자 이내의 글자로 보내 주세요.`,
  detail: `상세 주소는 ${PROFILE_LIMITS.detail}자 이내로 입력해 주세요.`,
} as const;

export function unknownFieldMessage(allowed: readonly ProfileField[]): string {
  return `알 수 없는 항목입니다. ${allowed.join(', ')} 중에서 보내 주세요.`;
}

export function nullInPatchMessage(field: string): string {
  return `값을 지우려면 DELETE …/profile/${field} 를 사용하고, 바꾸려면 새 값을 보내 주세요.`;
}

type Check<T> = { value: T } | { errors: FieldError[] };

function fail(path: string, message: string): { errors: FieldError[] } {
  return { errors: [{ path, message }] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

// Control characters (newlines, tabs, NUL …) never belong in a name shown to agents.
const CONTROL_CHARS = /\p{Cc}/u;

function checkName(raw: unknown): Check<string> {
  if (typeof raw !== 'string') return fail('name', PROFILE_MESSAGES.nameFormat);
  const v = raw.trim();
  if (v === '') return fail('name', REQUIRED_MESSAGE.name);
  if (charLength(v) > PROFILE_LIMITS.name) return fail('name', PROFILE_MESSAGES.nameTooLong);
  if (CONTROL_CHARS.test(v)) return fail('name', PROFILE_MESSAGES.nameControl);
  return { value: v };
}

/**
 * Korean mobile numbers: 010 is always 3-4-4; the old 011/016/017/018/019 numbers exist as
 * 3-3-4 and 3-4-4. Spaces and hyphens anywhere are accepted (people type them every way), as
 * is the international form +82 10 …; the stored form is always hyphenated.
 */
export function normalizeMobilePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s-]/g, '');
  if (compact.length > 16) return null;
  const digits = compact.startsWith('+82') ? `0${compact.slice(3).replace(/^0/, '')}` : compact;
  if (!/^01[016789]\d{7,8}$/.test(digits)) return null;
  if (digits.startsWith('010') && digits.length !== 11) return null;
  return digits.length === 11
    ? `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`
    : `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

function checkPhone(raw: unknown): Check<string> {
  if (typeof raw !== 'string') return fail('phone', PROFILE_MESSAGES.phoneFormat);
  if (raw.trim() === '') return fail('phone', REQUIRED_MESSAGE.phone);
  const v = normalizeMobilePhone(raw);
  return v === null ? fail('phone', PROFILE_MESSAGES.phoneFormat) : { value: v };
}

// Pragmatic rather than RFC 5322: dot-atom local part, dotted DNS labels, a TLD of letters.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

function checkEmail(raw: unknown): Check<string> {
  if (typeof raw !== 'string') return fail('email', PROFILE_MESSAGES.emailFormat);
  const v = raw.trim();
  if (v === '') return fail('email', REQUIRED_MESSAGE.email);
  if (v.length > PROFILE_LIMITS.email) return fail('email', PROFILE_MESSAGES.emailTooLong);
  const local = v.slice(0, v.lastIndexOf('@'));
  if (!EMAIL.test(v) || local.length > PROFILE_LIMITS.emailLocalPart) {
    return fail('email', PROFILE_MESSAGES.emailFormat);
  }
  return { value: v };
}

/** `YYYY-MM-DD` that names a real day of the Gregorian calendar. */
export function isCalendarDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function checkBirthdate(raw: unknown, now: Date): Check<string> {
  if (typeof raw !== 'string') return fail('birthdate', PROFILE_MESSAGES.birthdateFormat);
  const v = raw.trim();
  if (v === '') return fail('birthdate', REQUIRED_MESSAGE.birthdate);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return fail('birthdate', PROFILE_MESSAGES.birthdateFormat);
  if (!isCalendarDate(v)) return fail('birthdate', PROFILE_MESSAGES.birthdateNotADate);
  // ISO dates compare correctly as strings; "today" is the customer's (Korean) calendar day.
  if (v > zonedParts(now, BIRTHDATE_TIME_ZONE).date)
    return fail('birthdate', PROFILE_MESSAGES.birthdateFuture);
  if (v < BIRTHDATE_MIN) return fail('birthdate', PROFILE_MESSAGES.birthdateTooOld);
  return { value: v };
}

/** Optional address part: absent or blank → undefined; otherwise a string within `max`. */
function optionalPart(raw: unknown, max: number): { ok: true; value: string | undefined } | { ok: false } {
  if (raw === undefined || raw === null) return { ok: true, value: undefined };
  if (typeof raw !== 'string') return { ok: false };
  const v = raw.trim();
  if (charLength(v) > max) return { ok: false };
  return { ok: true, value: v === '' ? undefined : v };
}

/**
 * PB-18: zone code and road address come from the Kakao postcode search; the detail line is
 * typed. The detail line is optional (stored as ''): a detached house or a building without
 * units has nothing to add, and refusing the form there would block real customers. Keys other
 * than the five below (the postcode widget returns many, e.g. `sido`) are dropped, not refused.
 */
function checkAddress(raw: unknown): Check<Address> {
  if (!isRecord(raw)) return fail('address', PROFILE_MESSAGES.addressFormat);
  const errors: FieldError[] = [];
  const zonecode = typeof raw.zonecode === 'string' ? raw.zonecode.trim() : '';
  if (!/^\d{5}$/.test(zonecode))
    errors.push({ path: 'address.zonecode', message: PROFILE_MESSAGES.zonecode });
  const road = typeof raw.roadAddress === 'string' ? raw.roadAddress.trim() : '';
  if (road === '') errors.push({ path: 'address.roadAddress', message: PROFILE_MESSAGES.roadAddress });
  else if (charLength(road) > PROFILE_LIMITS.roadAddress) {
    errors.push({ path: 'address.roadAddress', message: PROFILE_MESSAGES.roadAddressTooLong });
  }
  const jibun = optionalPart(raw.jibunAddress, PROFILE_LIMITS.jibunAddress);
  if (!jibun.ok) errors.push({ path: 'address.jibunAddress', message: PROFILE_MESSAGES.jibunAddress });
  const building = optionalPart(raw.buildingName, PROFILE_LIMITS.buildingName);
  if (!building.ok) errors.push({ path: 'address.buildingName', message: PROFILE_MESSAGES.buildingName });
  const detail = optionalPart(raw.detail, PROFILE_LIMITS.detail);
  if (!detail.ok) errors.push({ path: 'address.detail', message: PROFILE_MESSAGES.detail });
  if (errors.length > 0 || !jibun.ok || !building.ok || !detail.ok) return { errors };
  const address: Address = { zonecode, roadAddress: road, detail: detail.value ?? '' };
  if (jibun.value !== undefined) address.jibunAddress = jibun.value;
  if (building.value !== undefined) address.buildingName = building.value;
  return { value: address };
}

function checkField(field: ProfileField, raw: unknown, now: Date): Check<Profile[ProfileField]> {
  switch (field) {
    case 'name':
      return checkName(raw);
    case 'phone':
      return checkPhone(raw);
    case 'email':
      return checkEmail(raw);
    case 'birthdate':
      return checkBirthdate(raw, now);
    case 'address':
      return checkAddress(raw);
  }
}

/**
 * Validate a profile from the form (`partial` unset: every field in `fields` required) or from
 * an agent's PATCH (`partial: true`: pass all PROFILE_FIELDS as `fields`, since agents may edit
 * any field, PB-20). Returns every failing field at once, in `fields` order.
 */
export function validateProfileInput(
  fields: readonly ProfileField[],
  input: unknown,
  opts: ProfileValidationOptions,
): ProfileValidationResult {
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: PROFILE_MESSAGES.notAnObject }] };
  const partial = opts.partial === true;
  const errors: FieldError[] = [];
  const profile: Record<string, unknown> = {};

  if (partial) {
    for (const key of Object.keys(input)) {
      if (!(fields as readonly string[]).includes(key))
        errors.push({ path: key, message: unknownFieldMessage(fields) });
    }
  }
  for (const field of fields) {
    const present = Object.prototype.hasOwnProperty.call(input, field);
    const raw = present ? input[field] : undefined;
    if (partial && !present) continue;
    if (partial && raw === null) {
      errors.push({ path: field, message: nullInPatchMessage(field) });
      continue;
    }
    if (!partial && isBlank(raw)) {
      errors.push({ path: field, message: REQUIRED_MESSAGE[field] });
      continue;
    }
    const checked = checkField(field, raw, opts.now);
    if ('errors' in checked) errors.push(...checked.errors);
    else profile[field] = checked.value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, profile };
}

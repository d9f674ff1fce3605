// talkgate profile form — the server's profile rules (src/domain/profile-validation.ts) for the
// browser, so a customer sees the same message before sending as the server would answer.
// CONFIG (messages, limits) is generated from the server's constants; the logic below mirrors
// validateProfileInput line for line, and test/unit/pages/profile-form-rules.test.ts runs both
// on the same inputs. Change one, change the other.

// \p{Cc}: newlines, tabs, NUL … never belong in a name shown to agents.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const SEOUL_OFFSET_MS = 9 * 3600 * 1000; // Asia/Seoul has been UTC+9 without DST since 1988

function charLength(text) {
  return Array.from(text).length;
}

function isRecord(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isBlank(v) {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** today on the Korean calendar, YYYY-MM-DD (the server's birth date check uses the same day) */
function seoulToday(now) {
  return new Date(now.getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** 010-1234-5678 from any spacing/hyphenation or +82; null when it is not a Korean mobile number */
function normalizeMobilePhone(raw) {
  const compact = raw.trim().replace(/[\s-]/g, '');
  if (compact.length > 16) return null;
  const digits = compact.indexOf('+82') === 0 ? '0' + compact.slice(3).replace(/^0/, '') : compact;
  if (!/^01[016789]\d{7,8}$/.test(digits)) return null;
  if (digits.indexOf('010') === 0 && digits.length !== 11) return null;
  return digits.length === 11
    ? digits.slice(0, 3) + '-' + digits.slice(3, 7) + '-' + digits.slice(7)
    : digits.slice(0, 3) + '-' + digits.slice(3, 6) + '-' + digits.slice(6);
}

function isCalendarDate(v) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function fail(path, message) {
  return [{ path: path, message: message }];
}

function checkName(raw) {
  if (typeof raw !== 'string') return fail('name', CONFIG.messages.nameFormat);
  const v = raw.trim();
  if (v === '') return fail('name', CONFIG.required.name);
  if (charLength(v) > CONFIG.limits.name) return fail('name', CONFIG.messages.nameTooLong);
  if (CONTROL_CHARS.test(v)) return fail('name', CONFIG.messages.nameControl);
  return [];
}

function checkPhone(raw) {
  if (typeof raw !== 'string') return fail('phone', CONFIG.messages.phoneFormat);
  if (raw.trim() === '') return fail('phone', CONFIG.required.phone);
  return normalizeMobilePhone(raw) === null ? fail('phone', CONFIG.messages.phoneFormat) : [];
}

function checkEmail(raw) {
  if (typeof raw !== 'string') return fail('email', CONFIG.messages.emailFormat);
  const v = raw.trim();
  if (v === '') return fail('email', CONFIG.required.email);
  if (v.length > CONFIG.limits.email) return fail('email', CONFIG.messages.emailTooLong);
  const local = v.slice(0, v.lastIndexOf('@'));
  if (!EMAIL.test(v) || local.length > CONFIG.limits.emailLocalPart) return fail('email', CONFIG.messages.emailFormat);
  return [];
}

function checkBirthdate(raw, today) {
  if (typeof raw !== 'string') return fail('birthdate', CONFIG.messages.birthdateFormat);
  const v = raw.trim();
  if (v === '') return fail('birthdate', CONFIG.required.birthdate);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return fail('birthdate', CONFIG.messages.birthdateFormat);
  if (!isCalendarDate(v)) return fail('birthdate', CONFIG.messages.birthdateNotADate);
  if (v > today) return fail('birthdate', CONFIG.messages.birthdateFuture);
  if (v < CONFIG.birthdateMin) return fail('birthdate', CONFIG.messages.birthdateTooOld);
  return [];
}

/** absent or blank → ok; otherwise a string within max characters */
function optionalPartOk(raw, max) {
  if (raw === undefined || raw === null) return true;
  if (typeof raw !== 'string') return false;
  return charLength(raw.trim()) <= max;
}

function checkAddress(raw) {
  if (!isRecord(raw)) return fail('address', CONFIG.messages.addressFormat);
  const errors = [];
  const zonecode = typeof raw.zonecode === 'string' ? raw.zonecode.trim() : '';
  if (!/^\d{5}$/.test(zonecode)) errors.push({ path: 'address.zonecode', message: CONFIG.messages.zonecode });
  const road = typeof raw.roadAddress === 'string' ? raw.roadAddress.trim() : '';
  if (road === '') errors.push({ path: 'address.roadAddress', message: CONFIG.messages.roadAddress });
  else if (charLength(road) > CONFIG.limits.roadAddress) {
    errors.push({ path: 'address.roadAddress', message: CONFIG.messages.roadAddressTooLong });
  }
  if (!optionalPartOk(raw.jibunAddress, CONFIG.limits.jibunAddress)) {
    errors.push({ path: 'address.jibunAddress', message: CONFIG.messages.jibunAddress });
  }
  if (!optionalPartOk(raw.buildingName, CONFIG.limits.buildingName)) {
    errors.push({ path: 'address.buildingName', message: CONFIG.messages.buildingName });
  }
  if (!optionalPartOk(raw.detail, CONFIG.limits.detail)) {
    errors.push({ path: 'address.detail', message: CONFIG.messages.detail });
  }
  return errors;
}

const FIELD_CHECKS = {
  name: checkName,
  phone: checkPhone,
  email: checkEmail,
  birthdate: checkBirthdate,
  address: checkAddress,
};

/**
 * The form submit's checks (validateProfileInput without `partial`): every configured field is
 * required; every failing field at once, in `fields` order, as [{path, message}].
 */
function checkProfile(fields, input, today) {
  const errors = [];
  fields.forEach(function (field) {
    const check = FIELD_CHECKS[field];
    if (!check) return;
    const raw = Object.prototype.hasOwnProperty.call(input, field) ? input[field] : undefined;
    if (isBlank(raw)) {
      errors.push({ path: field, message: CONFIG.required[field] });
      return;
    }
    Array.prototype.push.apply(errors, check(raw, today));
  });
  return errors;
}

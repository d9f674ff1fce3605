// Rules the JSON schema cannot say: cross-field requirements of profile-bot.md (PB-24 …).
// They read the raw body, not a validated Settings, so that a PUT that also fails the schema
// still hears about every rule it breaks: each rule runs on the parts it needs when those parts
// are well-formed, and stays silent otherwise (the schema already reports them).
import type { FieldError } from './errors.js';
import { PROFILE_FIELDS, WEEKDAYS } from './settings.js';

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isAbsoluteHttps(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname.length > 0;
  } catch {
    return false;
  }
}

type Obj = Record<string, unknown>;
function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

const HHMM = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;
const YMD = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(d: string): boolean {
  const parsed = new Date(`${d}T00:00:00Z`);
  return YMD.test(d) && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
}

/** The guide image id to look up, when it is a well-formed one. */
export function guideImageIdOf(input: unknown): string | null {
  const id = obj(obj(input)['profileBot'])['guideImageId'];
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : null;
}

function profileBotRules(bot: Obj): FieldError[] {
  const errors: FieldError[] = [];
  const guide = bot['guideMessage'];
  if (bot['enabled'] === true && (guide === null || (typeof guide === 'string' && guide.trim() === ''))) {
    errors.push({ path: '/profileBot/guideMessage', message: 'is required when the profile bot is enabled' });
  }
  const consent = obj(bot['privacyConsent']);
  const url = consent['url'];
  if (consent['enabled'] === true && (url === null || (typeof url === 'string' && !isAbsoluteHttps(url)))) {
    errors.push({
      path: '/profileBot/privacyConsent/url',
      message: 'must be an absolute https:// URL of the company privacy policy when consent is enabled',
    });
  }
  const known: readonly unknown[] = PROFILE_FIELDS;
  errors.push(...repeats('/profileBot/fields', list(bot['fields']), (f) => known.includes(f)));
  return errors;
}

/** Every later copy of a value, at its own index (the schema's uniqueItems names only the first). */
function repeats(path: string, items: unknown[], wellFormed: (v: unknown) => boolean): FieldError[] {
  const firstAt = new Map<unknown, number>();
  const errors: FieldError[] = [];
  items.forEach((v, i) => {
    if (!wellFormed(v)) return;
    const first = firstAt.get(v);
    if (first === undefined) firstAt.set(v, i);
    else errors.push({ path: `${path}/${i}`, message: `repeats item ${first}; list each value once` });
  });
  return errors;
}

function businessHoursRules(hours: Obj): FieldError[] {
  const errors: FieldError[] = [];
  const tz = hours['timeZone'];
  if (typeof tz === 'string' && tz.length > 0 && !isValidTimeZone(tz)) {
    errors.push({ path: '/businessHours/timeZone', message: 'must be an IANA time zone such as Asia/Seoul' });
  }
  const weekly = obj(hours['weekly']);
  for (const day of WEEKDAYS) {
    list(weekly[day]).forEach((range, i) => {
      const { start, end } = obj(range);
      if (typeof start !== 'string' || typeof end !== 'string' || !HHMM.test(start) || !HHMM.test(end)) return;
      if (start >= end) errors.push({ path: `/businessHours/weekly/${day}/${i}`, message: 'start must be before end' });
    });
  }
  const holidays = list(hours['holidays']);
  holidays.forEach((d, i) => {
    if (typeof d === 'string' && !isRealDate(d)) {
      errors.push({ path: `/businessHours/holidays/${i}`, message: 'must be a real date YYYY-MM-DD' });
    }
  });
  errors.push(...repeats('/businessHours/holidays', holidays, (d) => typeof d === 'string' && isRealDate(d)));
  return errors;
}

/**
 * The settings rules broken by `input` (a Settings, or a body that may fail the schema too).
 * The guide image's existence needs storage, so callers check guideImageIdOf(input) themselves.
 */
export function checkSettingsRules(input: unknown): FieldError[] {
  const s = obj(input);
  return [...profileBotRules(obj(s['profileBot'])), ...businessHoursRules(obj(s['businessHours']))];
}

// Rules the JSON schema cannot say: cross-field requirements of profile-bot.md (PB-24 …).
import type { FieldError } from './errors.js';
import type { Settings } from './settings.js';
import { WEEKDAYS } from './settings.js';

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

export function checkSettingsRules(s: Settings, imageExists?: (id: string) => boolean): FieldError[] {
  const errors: FieldError[] = [];
  const bot = s.profileBot;
  if (bot.enabled && (bot.guideMessage === null || bot.guideMessage.trim() === '')) {
    errors.push({ path: '/profileBot/guideMessage', message: 'is required when the profile bot is enabled' });
  }
  if (bot.privacyConsent.enabled && (bot.privacyConsent.url === null || !isAbsoluteHttps(bot.privacyConsent.url))) {
    errors.push({
      path: '/profileBot/privacyConsent/url',
      message: 'must be an absolute https:// URL of the company privacy policy when consent is enabled',
    });
  }
  if (bot.guideImageId !== null && imageExists && !imageExists(bot.guideImageId)) {
    errors.push({ path: '/profileBot/guideImageId', message: 'must be the id of an uploaded image' });
  }
  if (!isValidTimeZone(s.businessHours.timeZone)) {
    errors.push({ path: '/businessHours/timeZone', message: 'must be an IANA time zone such as Asia/Seoul' });
  }
  for (const day of WEEKDAYS) {
    (s.businessHours.weekly[day] ?? []).forEach((r, i) => {
      if (r.start >= r.end) {
        errors.push({ path: `/businessHours/weekly/${day}/${i}`, message: 'start must be before end' });
      }
    });
  }
  s.businessHours.holidays.forEach((d, i) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d) {
      errors.push({ path: `/businessHours/holidays/${i}`, message: 'must be a real date YYYY-MM-DD' });
    }
  });
  return errors;
}

// Business hours (PB-12 … PB-14), evaluated on the wall clock of the workspace's time zone, so a
// 09:00–18:00 schedule stays 09:00–18:00 on both sides of a DST switch (America/New_York,
// Europe/Berlin); Asia/Seoul has no DST but is the default.
import type { Settings, Weekday } from './settings.js';

export type BusinessHours = Settings['businessHours'];

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

export interface ZonedParts {
  /** `YYYY-MM-DD` on the zone's calendar */
  date: string;
  weekday: Weekday;
  /** minutes since local midnight, 0 … 1439 */
  minuteOfDay: number;
}

const WEEKDAY_BY_SHORT_NAME: Readonly<Record<string, Weekday>> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

// Building a DateTimeFormat is far slower than using one; zones are few.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      // h23, not hour12:false: some ICU versions print midnight as "24" with hour12:false.
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date, weekday and time of day that `at` is in `timeZone`. Throws on an unknown zone. */
export function zonedParts(at: Date, timeZone: string = DEFAULT_TIME_ZONE): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const weekday = WEEKDAY_BY_SHORT_NAME[parts.weekday ?? ''];
  if (!weekday) throw new Error(`unexpected weekday from Intl: ${String(parts.weekday)}`);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** `HH:MM` → minutes; `24:00` → 1440 (an end that includes the last minute of the day). */
function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * Whether the workspace is open at `at`. `enabled = false` means always open; a holiday
 * (`YYYY-MM-DD` on the zone's calendar) is closed all day; otherwise open when the local time
 * falls in one of that weekday's ranges, start inclusive, end exclusive. A range whose start is
 * not before its end is ignored (settings rules refuse it; overnight shifts are two ranges).
 */
export function isOpen(businessHours: BusinessHours, at: Date): boolean {
  if (!businessHours.enabled) return true;
  const local = zonedParts(at, businessHours.timeZone || DEFAULT_TIME_ZONE);
  if (businessHours.holidays.includes(local.date)) return false;
  const ranges = businessHours.weekly[local.weekday] ?? [];
  return ranges.some((r) => {
    const start = toMinutes(r.start);
    const end = toMinutes(r.end);
    return start < end && local.minuteOfDay >= start && local.minuteOfDay < end;
  });
}

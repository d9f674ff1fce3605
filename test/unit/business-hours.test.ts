import assert from 'node:assert/strict';
import { isOpen, zonedParts, type BusinessHours } from '../../src/domain/business-hours.js';

function hours(over: Partial<BusinessHours> = {}): BusinessHours {
  const day = [{ start: '09:00', end: '18:00' }];
  return {
    enabled: true,
    timeZone: 'Asia/Seoul',
    acceptOffHours: false,
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
    holidays: [],
    ...over,
  };
}

const at = (iso: string) => new Date(iso);

describe('business hours', () => {
  it('enabled = false means always open', () => {
    assert.equal(isOpen(hours({ enabled: false, weekly: {} }), at('2026-05-16T20:00:00Z')), true);
  });

  it('Asia/Seoul by default: start inclusive, end exclusive', () => {
    const h = hours();
    assert.equal(isOpen(h, at('2026-05-11T23:59:00Z')), false); // Tue 08:59 KST
    assert.equal(isOpen(h, at('2026-05-12T00:00:00Z')), true); // Tue 09:00 KST
    assert.equal(isOpen(h, at('2026-05-12T08:59:00Z')), true); // Tue 17:59 KST
    assert.equal(isOpen(h, at('2026-05-12T09:00:00Z')), false); // Tue 18:00 KST
  });

  it('the weekday is the zone’s, not UTC’s', () => {
    // Monday 2026-05-11 23:30 UTC is Tuesday 08:30 in Seoul
    assert.deepEqual(zonedParts(at('2026-05-11T23:30:00Z')), {
      date: '2026-05-12',
      weekday: 'tue',
      minuteOfDay: 510,
    });
    const fridayOnly = hours({ weekly: { fri: [{ start: '00:00', end: '24:00' }] } });
    assert.equal(isOpen(fridayOnly, at('2026-05-14T16:00:00Z')), true); // Thu in UTC, Fri 01:00 KST
    assert.equal(isOpen(fridayOnly, at('2026-05-15T16:00:00Z')), false); // Fri in UTC, Sat 01:00 KST
  });

  it('24:00 as an end includes the last minute of the day; midnight is reported as 00, never 24', () => {
    const h = hours({
      weekly: { tue: [{ start: '22:00', end: '24:00' }], wed: [{ start: '00:00', end: '01:00' }] },
    });
    assert.equal(isOpen(h, at('2026-05-12T14:59:00Z')), true); // Tue 23:59 KST
    assert.equal(isOpen(h, at('2026-05-12T15:00:00Z')), true); // Wed 00:00 KST
    assert.equal(zonedParts(at('2026-05-12T15:00:00Z')).minuteOfDay, 0);
    assert.equal(isOpen(h, at('2026-05-12T16:00:00Z')), false); // Wed 01:00 KST
  });

  it('several ranges a day (lunch break); an inverted range is ignored', () => {
    const h = hours({
      weekly: {
        tue: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
          { start: '20:00', end: '19:00' },
        ],
      },
    });
    assert.equal(isOpen(h, at('2026-05-12T02:30:00Z')), true); // 11:30
    assert.equal(isOpen(h, at('2026-05-12T03:30:00Z')), false); // 12:30
    assert.equal(isOpen(h, at('2026-05-12T04:30:00Z')), true); // 13:30
    assert.equal(isOpen(h, at('2026-05-12T10:30:00Z')), false); // 19:30
  });

  it('a holiday is closed all day, on the zone’s calendar', () => {
    const h = hours({ holidays: ['2026-12-25'] });
    assert.equal(isOpen(h, at('2026-12-25T03:00:00Z')), false); // Fri 12:00 KST, Christmas
    assert.equal(isOpen(h, at('2026-12-24T03:00:00Z')), true);
    // 2026-12-24 23:30 UTC is already Christmas morning 08:30 in Seoul → still the holiday at 09:30
    assert.equal(isOpen(h, at('2026-12-25T00:30:00Z')), false);
  });

  it('America/New_York keeps wall-clock hours on both sides of the March DST switch', () => {
    const h = hours({ timeZone: 'America/New_York' });
    // Mon 2026-03-02 (EST, UTC−5): 13:30Z = 08:30 local → closed; 14:30Z = 09:30 → open
    assert.equal(isOpen(h, at('2026-03-02T13:30:00Z')), false);
    assert.equal(isOpen(h, at('2026-03-02T14:30:00Z')), true);
    // Mon 2026-03-09 (EDT, UTC−4): the same 13:30Z is now 09:30 local → open
    assert.equal(isOpen(h, at('2026-03-09T13:30:00Z')), true);
    assert.equal(isOpen(h, at('2026-03-09T12:30:00Z')), false);
  });

  it('America/New_York around the switch itself: 01:59 EST is followed by 03:00 EDT', () => {
    const h = hours({ timeZone: 'America/New_York', weekly: { sun: [{ start: '03:00', end: '04:00' }] } });
    assert.deepEqual(zonedParts(at('2026-03-08T06:59:00Z'), 'America/New_York'), {
      date: '2026-03-08',
      weekday: 'sun',
      minuteOfDay: 119,
    });
    assert.equal(isOpen(h, at('2026-03-08T06:59:00Z')), false);
    assert.equal(isOpen(h, at('2026-03-08T07:00:00Z')), true); // 03:00 EDT, one UTC minute later
  });

  it('America/New_York in November: the repeated 01:30 is open twice', () => {
    const h = hours({ timeZone: 'America/New_York', weekly: { sun: [{ start: '01:00', end: '02:00' }] } });
    assert.equal(isOpen(h, at('2026-11-01T05:30:00Z')), true); // 01:30 EDT
    assert.equal(isOpen(h, at('2026-11-01T06:30:00Z')), true); // 01:30 EST
    assert.equal(isOpen(h, at('2026-11-01T07:30:00Z')), false); // 02:30 EST
  });

  it('Europe/Berlin keeps wall-clock hours across the last Sunday of March', () => {
    const h = hours({ timeZone: 'Europe/Berlin', weekly: { mon: [{ start: '10:00', end: '18:00' }] } });
    assert.equal(isOpen(h, at('2026-03-23T08:30:00Z')), false); // 09:30 CET
    assert.equal(isOpen(h, at('2026-03-30T08:30:00Z')), true); // 10:30 CEST
    assert.equal(isOpen(h, at('2026-03-30T07:59:00Z')), false); // 09:59 CEST
  });

  it('Europe/Berlin holiday on the local date near midnight', () => {
    const h = hours({
      timeZone: 'Europe/Berlin',
      weekly: { fri: [{ start: '00:00', end: '24:00' }], thu: [{ start: '00:00', end: '24:00' }] },
      holidays: ['2026-12-25'],
    });
    assert.equal(isOpen(h, at('2026-12-24T22:59:00Z')), true); // Thu 23:59 CET
    assert.equal(isOpen(h, at('2026-12-24T23:00:00Z')), false); // Fri 00:00 CET, the holiday
  });
});

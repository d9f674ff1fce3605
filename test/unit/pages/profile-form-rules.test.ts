// The browser's copy of the profile rules must answer exactly like the server: same paths, same
// messages, same order, for the bodies the form sends.
import assert from 'node:assert/strict';
import { createContext, Script } from 'node:vm';
import type { FieldError } from '../../../src/domain/errors.js';
import {
  isCalendarDate,
  normalizeMobilePhone,
  validateProfileInput,
} from '../../../src/domain/profile-validation.js';
import { PROFILE_FIELDS, type ProfileField } from '../../../src/domain/settings.js';
import { profileFormRulesScript } from '../../../src/http/pages/profile-form/profile-form-script.js';

interface BrowserRules {
  checkProfile(fields: readonly string[], input: unknown, today: string): FieldError[];
  normalizeMobilePhone(raw: string): string | null;
  isCalendarDate(v: string): boolean;
  seoulToday(now: Date): string;
}

function browserRules(): BrowserRules {
  const context = createContext({});
  new Script(profileFormRulesScript(), { filename: 'profile-form-rules.js' }).runInContext(context);
  return context as unknown as BrowserRules;
}

// 2024-05-31 15:00 UTC is already 2024-06-01 in Seoul: the birth date boundary case.
const NOW = new Date('2024-05-31T15:00:00Z');

function server(fields: readonly ProfileField[], input: unknown): FieldError[] {
  const r = validateProfileInput(fields, input, { now: NOW });
  return r.ok ? [] : r.errors;
}

const address = (over: Record<string, string> = {}): Record<string, string> => ({
  zonecode: '06236',
  roadAddress: '서울 강남구 테헤란로 152',
  detail: '10층',
  ...over,
});

const long = (n: number, ch = '가'): string => ch.repeat(n);

const CASES: { fields: readonly ProfileField[]; body: Record<string, unknown> }[] = [
  { fields: ['name', 'phone'], body: { name: '홍길동', phone: '010-1234-5678' } },
  { fields: ['name', 'phone'], body: { name: '', phone: '' } },
  { fields: ['name', 'phone'], body: { name: '   ', phone: '  ' } },
  { fields: ['name'], body: {} },
  { fields: ['name'], body: { name: long(50) } },
  { fields: ['name'], body: { name: long(51) } },
  { fields: ['name'], body: { name: '😀'.repeat(50) } },
  { fields: ['name'], body: { name: '😀'.repeat(51) } },
  { fields: ['name'], body: { name: '홍\n길동' } },
  { fields: ['name'], body: { name: '홍\u0085길동' } },
  { fields: ['name'], body: { name: '  홍길동  ' } },
  ...[
    '01012345678',
    '010 1234 5678',
    '+82 10-1234-5678',
    '+821012345678',
    '+82010-1234-5678',
    '011-123-4567',
    '016-1234-5678',
    '019 123 4567',
    '010-123-4567',
    '012-1234-5678',
    '02-1234-5678',
    '010-1234-56789',
    '010.1234.5678',
    '0101234567890123456',
    'abc',
  ].map((phone) => ({ fields: ['phone'] as const, body: { phone } })),
  ...[
    'a@example.com',
    'first.last+tag@sub.example.co.kr',
    'a@b',
    'a@@example.com',
    'a@example.c',
    '.a@example.com',
    'a..b@example.com',
    `${long(64, 'a')}@example.com`,
    `${long(65, 'a')}@example.com`,
    `a@${long(250, 'b')}.com`,
    ' a@example.com ',
    '홍길동@example.com',
  ].map((email) => ({ fields: ['email'] as const, body: { email } })),
  ...[
    '1990-01-31',
    '19900131',
    '1990-1-31',
    '1990-02-29',
    '2000-02-29',
    '1990-13-01',
    '2024-06-01',
    '2024-06-02',
    '1900-01-01',
    '1899-12-31',
    ' 1990-01-31 ',
    '1990/01/31',
  ].map((birthdate) => ({ fields: ['birthdate'] as const, body: { birthdate } })),
  { fields: ['address'], body: { address: address() } },
  { fields: ['address'], body: { address: address({ detail: '' }) } },
  { fields: ['address'], body: { address: address({ zonecode: '', roadAddress: '' }) } },
  { fields: ['address'], body: { address: address({ zonecode: '1234' }) } },
  { fields: ['address'], body: { address: address({ zonecode: '123456' }) } },
  { fields: ['address'], body: { address: address({ zonecode: ' 06236 ' }) } },
  { fields: ['address'], body: { address: address({ roadAddress: long(200) }) } },
  { fields: ['address'], body: { address: address({ roadAddress: long(201) }) } },
  { fields: ['address'], body: { address: address({ jibunAddress: long(201), buildingName: long(101) }) } },
  { fields: ['address'], body: { address: address({ jibunAddress: long(200), buildingName: long(100) }) } },
  { fields: ['address'], body: { address: address({ detail: long(201) }) } },
  { fields: ['address'], body: {} },
  {
    fields: PROFILE_FIELDS,
    body: { name: '', phone: '02-123-4567', email: 'x', birthdate: '2099-01-01', address: address({ zonecode: 'x' }) },
  },
  {
    fields: ['address', 'birthdate', 'email', 'phone', 'name'],
    body: { name: '홍길동', phone: '010-1234-5678', email: 'a@example.com', birthdate: '1990-01-31', address: address() },
  },
];

describe('profile form rules in the browser = validateProfileInput on the server', () => {
  const rules = browserRules();
  const today = rules.seoulToday(NOW);

  it('takes "today" on the Korean calendar, like the server', () => {
    assert.equal(today, '2024-06-01');
    assert.equal(rules.seoulToday(new Date('2024-05-31T14:59:59Z')), '2024-05-31');
  });

  CASES.forEach(({ fields, body }, i) => {
    it(`#${i} ${fields.join(',')} ${JSON.stringify(body).slice(0, 70)}`, () => {
      const expected = server(fields, body);
      // JSON round trip: the vm's arrays/objects come from another realm
      assert.deepEqual(JSON.parse(JSON.stringify(rules.checkProfile(fields, body, today))), expected);
    });
  });

  it('reports every failing field at once, in the configured order', () => {
    const errors = rules.checkProfile(
      ['email', 'name', 'address'],
      { email: 'x', name: '', address: address({ zonecode: '', roadAddress: '' }) },
      today,
    );
    assert.deepEqual(
      Array.from(errors, (e) => e.path),
      ['email', 'name', 'address.zonecode', 'address.roadAddress'],
    );
  });

  it('normalises phone numbers and recognises calendar dates exactly like the server', () => {
    for (const raw of ['01012345678', '+82 10 1234 5678', '011-123-4567', '0111234567', '010-123-4567', '070-1234-5678', '']) {
      assert.equal(rules.normalizeMobilePhone(raw), normalizeMobilePhone(raw), raw);
    }
    for (const d of ['2024-02-29', '2023-02-29', '2024-04-31', '0000-01-01', '2024-1-1']) {
      assert.equal(rules.isCalendarDate(d), isCalendarDate(d), d);
    }
  });
});

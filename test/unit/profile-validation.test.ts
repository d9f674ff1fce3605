import assert from 'node:assert/strict';
import { PROFILE_FIELDS } from '../../src/domain/settings.js';
import { normalizeMobilePhone, validateProfileInput } from '../../src/domain/profile-validation.js';

const NOW = new Date('2026-05-12T03:00:00Z');
const ALL = ['name', 'phone', 'email', 'birthdate', 'address'] as const;
const ADDRESS = {
  zonecode: '06236',
  roadAddress: '서울 강남구 테헤란로 152',
  jibunAddress: '서울 강남구 역삼동 737',
  buildingName: '강남파이낸스센터',
  detail: '21층',
};

function errorsOf(fields: readonly (typeof ALL)[number][], input: unknown, now = NOW, partial = false) {
  const r = validateProfileInput(fields, input, { now, partial });
  assert.equal(r.ok, false, 'expected a refusal');
  return r.ok ? [] : r.errors;
}

function profileOf(fields: readonly (typeof ALL)[number][], input: unknown, now = NOW, partial = false) {
  const r = validateProfileInput(fields, input, { now, partial });
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r)}`);
  return r.profile;
}

describe('profile validation (PB-17, PB-18, PB-20)', () => {
  it('PB-17: a complete form is accepted, trimmed and normalised', () => {
    const profile = profileOf(ALL, {
      name: '  김하나 ',
      phone: '010 1234 5678',
      email: ' hana.kim+cs@example.co.kr ',
      birthdate: '1990-01-31',
      address: { ...ADDRESS, sido: '서울', detail: ' 21층 ' },
    });
    assert.deepEqual(profile, {
      name: '김하나',
      phone: '010-1234-5678',
      email: 'hana.kim+cs@example.co.kr',
      birthdate: '1990-01-31',
      address: ADDRESS,
    });
  });

  it('PB-17: in the form every configured field is required, one message per field, in field order', () => {
    assert.deepEqual(errorsOf(ALL, { name: ' ', email: '' }), [
      { path: 'name', message: '이름을 입력해 주세요.' },
      { path: 'phone', message: '휴대폰 번호를 입력해 주세요.' },
      { path: 'email', message: '이메일을 입력해 주세요.' },
      { path: 'birthdate', message: '생년월일을 입력해 주세요.' },
      { path: 'address', message: '주소 검색으로 주소를 입력해 주세요.' },
    ]);
  });

  it('PB-16: the form saves only configured fields and ignores other keys', () => {
    assert.deepEqual(
      profileOf(['name', 'phone'], {
        name: '김하나',
        phone: '01012345678',
        email: 'x@example.com',
        consent: 'on',
      }),
      {
        name: '김하나',
        phone: '010-1234-5678',
      },
    );
  });

  it('PB-17: a body that is not an object is refused as a whole', () => {
    for (const input of [null, 'name=a', ['a'], 42]) {
      assert.deepEqual(errorsOf(['name'], input), [
        {
          path: '',
          message:
            '프로필은 항목 이름(name, phone, email, birthdate, address)을 키로 하는 객체로 보내 주세요.',
        },
      ]);
    }
  });

  describe('name', () => {
    it('PB-17: 1 … 50 characters, counted as characters, refused (not cut) above', () => {
      assert.equal(profileOf(['name'], { name: '가'.repeat(50) }).name, '가'.repeat(50));
      assert.deepEqual(errorsOf(['name'], { name: '가'.repeat(51) }), [
        { path: 'name', message: '이름은 50자 이내로 입력해 주세요.' },
      ]);
      assert.equal(profileOf(['name'], { name: '😀'.repeat(50) }).name?.length, 100);
    });
    it('PB-17: no control characters, and not a number', () => {
      assert.deepEqual(errorsOf(['name'], { name: '김\n하나' }), [
        { path: 'name', message: '이름에는 줄바꿈이나 제어 문자를 쓸 수 없습니다. 이름만 입력해 주세요.' },
      ]);
      assert.deepEqual(errorsOf(['name'], { name: 42 }), [
        { path: 'name', message: '이름을 1~50자의 글자로 입력해 주세요.' },
      ]);
    });
  });

  describe('phone', () => {
    const accepted: [string, string][] = [
      ['01012345678', '010-1234-5678'],
      ['010-1234-5678', '010-1234-5678'],
      ['010 1234 5678', '010-1234-5678'],
      [' 010-1234 5678 ', '010-1234-5678'],
      ['+82 10-1234-5678', '010-1234-5678'],
      ['+821012345678', '010-1234-5678'],
      ['011-123-4567', '011-123-4567'],
      ['0161234567', '016-123-4567'],
      ['017-1234-5678', '017-1234-5678'],
      ['01812345678', '018-1234-5678'],
      ['019 123 4567', '019-123-4567'],
    ];
    for (const [input, stored] of accepted) {
      it(`PB-17: accepts ${JSON.stringify(input)} as ${stored}`, () => {
        assert.equal(normalizeMobilePhone(input), stored);
        assert.equal(profileOf(['phone'], { phone: input }).phone, stored);
      });
    }
    it('PB-17: refuses non-mobile prefixes, wrong lengths and non-strings with the format message', () => {
      for (const phone of [
        '010-123-4567',
        '0101234567',
        '010123456789',
        '012-1234-5678',
        '02-1234-5678',
        '070-1234-5678',
        '010.1234.5678',
        'O10-1234-5678',
        1012345678,
      ]) {
        assert.deepEqual(
          errorsOf(['phone'], { phone }),
          [{ path: 'phone', message: '휴대폰 번호를 010-1234-5678 형식으로 입력해 주세요.' }],
          String(phone),
        );
      }
    });
  });

  describe('email', () => {
    it('PB-17: accepts ordinary addresses', () => {
      for (const email of ['hana@example.com', 'hana.kim+cs@mail.example.co.kr', 'a_b-c@ex-ample.kr']) {
        assert.equal(profileOf(['email'], { email }).email, email);
      }
    });
    it('PB-17: refuses malformed ones', () => {
      for (const email of [
        'hana',
        'hana@',
        '@example.com',
        'hana@example',
        'ha na@example.com',
        '.hana@example.com',
        'hana..kim@example.com',
        'hana@-example.com',
        'hana@example.c',
        `${'a'.repeat(65)}@example.com`,
      ]) {
        assert.deepEqual(
          errorsOf(['email'], { email }),
          [{ path: 'email', message: '이메일을 name@example.com 형식으로 입력해 주세요.' }],
          email,
        );
      }
    });
    it('PB-17: at most 254 characters, refused above', () => {
      const label = (c: string) => c.repeat(63);
      const atLimit = `${'a'.repeat(64)}@${label('b')}.${label('c')}.${'d'.repeat(58)}.kr`;
      assert.equal(atLimit.length, 254);
      assert.equal(profileOf(['email'], { email: atLimit }).email, atLimit);
      const overLimit = `${'a'.repeat(64)}@${label('b')}.${label('c')}.${'d'.repeat(59)}.kr`;
      assert.equal(overLimit.length, 255);
      assert.deepEqual(errorsOf(['email'], { email: overLimit }), [
        { path: 'email', message: '이메일은 254자 이내로 입력해 주세요.' },
      ]);
    });
  });

  describe('birthdate', () => {
    it('PB-17: YYYY-MM-DD, a real calendar date (leap years included)', () => {
      assert.equal(profileOf(['birthdate'], { birthdate: '2024-02-29' }).birthdate, '2024-02-29');
      for (const birthdate of ['1990-02-30', '2023-02-29', '1990-13-01', '1990-00-10']) {
        assert.deepEqual(
          errorsOf(['birthdate'], { birthdate }),
          [
            {
              path: 'birthdate',
              message: '달력에 없는 날짜입니다. 생년월일을 1990-01-31 형식으로 다시 입력해 주세요.',
            },
          ],
          birthdate,
        );
      }
      for (const birthdate of ['1990/01/31', '19900131', '1990-1-31', '90-01-31']) {
        assert.deepEqual(
          errorsOf(['birthdate'], { birthdate }),
          [{ path: 'birthdate', message: '생년월일을 1990-01-31 형식(YYYY-MM-DD)으로 입력해 주세요.' }],
          birthdate,
        );
      }
    });
    it('PB-17: not in the future, judged on the Seoul calendar', () => {
      const justAfterMidnightInSeoul = new Date('2026-05-12T15:30:00Z'); // 2026-05-13 00:30 KST, still the 12th in UTC
      assert.equal(
        profileOf(['birthdate'], { birthdate: '2026-05-13' }, justAfterMidnightInSeoul).birthdate,
        '2026-05-13',
      );
      assert.deepEqual(errorsOf(['birthdate'], { birthdate: '2026-05-14' }, justAfterMidnightInSeoul), [
        { path: 'birthdate', message: '생년월일은 오늘 이후일 수 없습니다. 태어난 날짜를 입력해 주세요.' },
      ]);
    });
    it('PB-17: not before 1900', () => {
      assert.equal(profileOf(['birthdate'], { birthdate: '1900-01-01' }).birthdate, '1900-01-01');
      assert.deepEqual(errorsOf(['birthdate'], { birthdate: '1899-12-31' }), [
        { path: 'birthdate', message: '생년월일은 1900-01-01 이후 날짜로 입력해 주세요.' },
      ]);
    });
  });

  describe('address', () => {
    it('PB-18: zone code + road address from the search; the detail line may be empty or absent', () => {
      assert.deepEqual(
        profileOf(['address'], { address: { zonecode: '06236', roadAddress: '서울 강남구 테헤란로 152' } })
          .address,
        {
          zonecode: '06236',
          roadAddress: '서울 강남구 테헤란로 152',
          detail: '',
        },
      );
      assert.equal(profileOf(['address'], { address: { ...ADDRESS, detail: '' } }).address?.detail, '');
    });
    it('PB-18: each failing part is its own error', () => {
      assert.deepEqual(
        errorsOf(['address'], {
          address: { zonecode: '1234', roadAddress: ' ', detail: '가'.repeat(201), buildingName: 7 },
        }),
        [
          { path: 'address.zonecode', message: '우편번호 5자리를 주소 검색으로 입력해 주세요.' },
          { path: 'address.roadAddress', message: '도로명 주소를 주소 검색으로 입력해 주세요.' },
          { path: 'address.buildingName', message: '건물명은 100자 이내의 글자로 보내 주세요.' },
          { path: 'address.detail', message: '상세 주소는 200자 이내로 입력해 주세요.' },
        ],
      );
    });
    it('PB-18: limits are refused, not cut; 200 characters of detail are fine', () => {
      assert.equal(
        profileOf(['address'], { address: { ...ADDRESS, detail: '가'.repeat(200) } }).address?.detail.length,
        200,
      );
      assert.deepEqual(errorsOf(['address'], { address: { ...ADDRESS, roadAddress: '가'.repeat(201) } }), [
        {
          path: 'address.roadAddress',
          message: '도로명 주소는 200자 이내여야 합니다. 주소 검색으로 다시 입력해 주세요.',
        },
      ]);
    });
    it('PB-18: an address that is not an object', () => {
      assert.deepEqual(errorsOf(['address'], { address: '서울 강남구' }), [
        { path: 'address', message: '주소 검색으로 주소를 입력해 주세요.' },
      ]);
    });
  });

  describe('agent edits (partial)', () => {
    it('PB-20: only present keys are validated and returned', () => {
      assert.deepEqual(profileOf(PROFILE_FIELDS, { phone: '011 123 4567' }, NOW, true), {
        phone: '011-123-4567',
      });
      assert.deepEqual(profileOf(PROFILE_FIELDS, {}, NOW, true), {});
    });
    it('PB-20: unknown keys are errors that list the allowed ones', () => {
      assert.deepEqual(errorsOf(PROFILE_FIELDS, { nickname: '하나', phone: '010-1234-5678' }, NOW, true), [
        {
          path: 'nickname',
          message: '알 수 없는 항목입니다. name, phone, email, birthdate, address 중에서 보내 주세요.',
        },
      ]);
    });
    it('PB-20: null is not a deletion; the message points to DELETE', () => {
      assert.deepEqual(errorsOf(PROFILE_FIELDS, { email: null }, NOW, true), [
        {
          path: 'email',
          message: '값을 지우려면 DELETE …/profile/email 를 사용하고, 바꾸려면 새 값을 보내 주세요.',
        },
      ]);
    });
    it('PB-20: present but invalid values fail as in the form', () => {
      assert.deepEqual(errorsOf(PROFILE_FIELDS, { name: '', birthdate: '2030-01-01' }, NOW, true), [
        { path: 'name', message: '이름을 입력해 주세요.' },
        { path: 'birthdate', message: '생년월일은 오늘 이후일 수 없습니다. 태어난 날짜를 입력해 주세요.' },
      ]);
    });
  });
});

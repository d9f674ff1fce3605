import { UNSAFE_DOM_SINKS } from '../../helpers/unsafe-sinks.js';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import {
  CONSENT_LINK_TEXT,
  CONSENT_NOTICE,
  GUARDIAN_NOTICE,
  PROFILE_SAVED,
} from '../../../src/domain/profile-bot/texts.js';
import { formBodyToProfileInput } from '../../../src/http/pages/profile-form/form-body.js';
import {
  FORM_LINK_STATES,
  PROFILE_FORM_CSP,
  PROFILE_FORM_SCRIPT_PATH,
  profileFormScript,
  renderFormMessagePage,
  renderFormSavedPage,
  renderProfileFormPage,
  type ProfileFormPageOptions,
} from '../../../src/http/pages/profile-form/profile-form.html.js';

const PRIVACY = 'https://example.com/privacy?a=1&b=2';

function render(over: Partial<ProfileFormPageOptions> = {}): string {
  return renderProfileFormPage({
    token: 'tok_ABC.def-123',
    fields: ['name', 'phone'],
    privacyConsent: { enabled: false, url: null },
    guardianNotice: false,
    ...over,
  });
}

/** name attributes of the <input>s inside the <form>, in document order */
function inputNames(html: string): string[] {
  const form = /<form[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  return [...form.matchAll(/<input [^>]*\bname="([^"]+)"/g)].map((m) => m[1] ?? '');
}

function inputTag(html: string, name: string): string {
  const tag = new RegExp(`<input [^>]*\\bname="${name.replace('.', '\\.')}"[^>]*>`).exec(html)?.[0];
  assert.ok(tag, `input ${name}`);
  return tag;
}

function textOf(fragment: string): string {
  return fragment.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
}

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));
}

describe('profile form page (PB-16 … PB-18)', () => {
  it('renders every configured field as inputs named by its key, in the configured order', () => {
    const html = render({ fields: ['birthdate', 'address', 'email', 'phone', 'name'] });
    assert.deepEqual(inputNames(html), [
      'birthdate',
      'address.zonecode',
      'address.roadAddress',
      'address.jibunAddress',
      'address.buildingName',
      'address.detail',
      'email',
      'phone',
      'name',
    ]);
    assert.deepEqual(inputNames(render({ fields: ['phone'] })), ['phone']);
    assert.match(html, /data-fields="birthdate,address,email,phone,name"/);
  });

  it('is a complete form before any script: POST to its own URL, required inputs, submit 확인', () => {
    const html = render({ fields: ['name', 'phone', 'email', 'birthdate', 'address'] });
    assert.match(html, /^<!doctype html>\n<html lang="ko">/);
    assert.match(html, /<form id="profile-form" [^>]*method="post" action="\/forms\/profile\/tok_ABC\.def-123"/);
    assert.match(html, /<button type="submit" class="btn-primary" data-testid="form-submit">확인<\/button>/);
    for (const name of ['name', 'phone', 'email', 'birthdate', 'address.zonecode', 'address.roadAddress']) {
      assert.match(inputTag(html, name), / required[ >]/, name);
    }
    assert.doesNotMatch(inputTag(html, 'address.detail'), / required/);
    assert.match(inputTag(html, 'address.jibunAddress'), /type="hidden"/);
    assert.match(inputTag(html, 'address.buildingName'), /type="hidden"/);
  });

  it('labels each field in Korean and gives the phone the right keyboard and autofill hints', () => {
    const html = render({ fields: ['name', 'phone', 'email', 'birthdate', 'address'] });
    for (const [id, label] of [
      ['f-name', '이름'],
      ['f-phone', '휴대폰 번호'],
      ['f-email', '이메일'],
      ['f-birthdate', '생년월일'],
      ['f-address-zonecode', '우편번호'],
      ['f-address-roadAddress', '도로명 주소'],
    ] as const) {
      assert.ok(html.includes(`<label for="${id}">${label}</label>`) || html.includes(`for="${id}">${label}</label>`), label);
    }
    assert.match(html, /<legend>주소<\/legend>/);
    const expect: Record<string, RegExp[]> = {
      name: [/type="text"/, /autocomplete="name"/],
      phone: [/type="tel"/, /inputmode="tel"/, /autocomplete="tel"/],
      email: [/type="email"/, /inputmode="email"/, /autocomplete="email"/],
      birthdate: [/inputmode="numeric"/, /autocomplete="bday"/, /placeholder="1990-01-31"/],
      'address.zonecode': [/inputmode="numeric"/, /autocomplete="postal-code"/],
      'address.roadAddress': [/autocomplete="address-line1"/],
      'address.detail': [/autocomplete="address-line2"/],
    };
    for (const [name, patterns] of Object.entries(expect)) {
      for (const p of patterns) assert.match(inputTag(html, name), p, `${name} ${p}`);
    }
  });

  it('gives each input an error slot it names in aria-describedby, and test ids', () => {
    const html = render({ fields: ['name', 'phone', 'email', 'birthdate', 'address'] });
    for (const [name, slot] of [
      ['name', 'name'],
      ['phone', 'phone'],
      ['email', 'email'],
      ['birthdate', 'birthdate'],
      ['address.zonecode', 'address-zonecode'],
      ['address.roadAddress', 'address-roadAddress'],
      ['address.detail', 'address-detail'],
    ] as const) {
      assert.match(inputTag(html, name), new RegExp(`aria-describedby="[^"]*\\berr-${slot}\\b`), name);
      assert.match(inputTag(html, name), new RegExp(`data-testid="field-${slot}"`), name);
      assert.ok(html.includes(`id="err-${slot}" data-error-for="${name}" data-testid="error-${slot}"`), name);
    }
    for (const testid of [
      'profile-form',
      'form-submit',
      'form-success',
      'form-close',
      'error-form',
      'error-address',
      'field-address',
      'address-search',
      'address-postcode',
    ]) {
      assert.ok(html.includes(`data-testid="${testid}"`), testid);
    }
  });

  it('has the address search button and an embed container for the postcode widget', () => {
    const html = render({ fields: ['address'] });
    assert.match(html, /<button type="button" class="btn-secondary" data-action="postcode" data-testid="address-search"[^>]*hidden>주소 검색<\/button>/);
    assert.match(html, /<div class="postcode" id="address-postcode" data-postcode data-testid="address-postcode" hidden><\/div>/);
    assert.doesNotMatch(render({ fields: ['name'] }), /address-search|data-postcode/);
  });

  it('shows CONSENT_NOTICE under the fields with only the link words linking to the policy', () => {
    const html = render({ fields: ['name', 'phone'], privacyConsent: { enabled: true, url: PRIVACY } });
    const notice = /<p class="consent" data-testid="consent-notice">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
    assert.equal(
      notice,
      '프로필 정보 입력 후 저장하시면 <a href="https://example.com/privacy?a=1&amp;b=2" target="_blank" rel="noopener noreferrer" data-testid="consent-link">개인정보 수집 및 이용</a>에 동의 한 것으로 간주합니다.',
    );
    assert.equal(textOf(notice), CONSENT_NOTICE);
    const at = html.indexOf('data-testid="consent-notice"');
    assert.ok(at > html.lastIndexOf('data-testid="field-phone"'), 'under the fields');
    assert.ok(at < html.indexOf('data-testid="form-submit"'), 'above the submit button');
  });

  it('without consent shows neither the notice nor the link', () => {
    for (const consent of [{ enabled: false, url: null }, { enabled: false, url: PRIVACY }]) {
      const html = render({ privacyConsent: consent });
      assert.ok(!html.includes(CONSENT_LINK_TEXT));
      assert.ok(!html.includes('consent-notice'));
      assert.ok(!html.includes('class="consent"'));
      assert.ok(!html.includes('example.com'));
    }
  });

  it('never links a policy URL that is not absolute https (PB-24)', () => {
    for (const url of ['javascript:alert(1)', 'http://example.com/privacy', '/privacy', null]) {
      const html = render({ privacyConsent: { enabled: true, url } });
      assert.ok(html.includes(CONSENT_LINK_TEXT));
      assert.doesNotMatch(html, /<a /);
    }
  });

  it('shows the guardian notice only for a customer under 14', () => {
    assert.ok(render({ guardianNotice: true }).includes(`data-testid="guardian-notice">${GUARDIAN_NOTICE}</p>`));
    assert.ok(!render({ guardianNotice: false }).includes(GUARDIAN_NOTICE));
  });

  it('has a hidden success panel with PROFILE_SAVED and a close button', () => {
    const html = render();
    assert.match(
      html,
      /<section class="panel" id="form-success" data-testid="form-success" tabindex="-1" hidden>\n<p class="panel-title">프로필이 저장되었습니다\.<\/p>\n<button type="button" class="btn-primary" data-action="close" data-testid="form-close">닫기<\/button>/,
    );
    assert.ok(html.includes(PROFILE_SAVED));
  });

  it('escapes everything it interpolates', () => {
    const html = render({
      token: '"><script>alert(1)</script>',
      title: '<img src=x onerror=alert(2)>',
      fields: ['name', 'address'],
      values: { name: '"><b>홍길동</b>', 'address.detail': "101동 '1호' & <2층>" },
      errors: [{ path: 'name', message: '<i>bad</i>' }],
    });
    assert.ok(!html.includes('<script>alert'));
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!html.includes('<b>'));
    assert.ok(!html.includes('<i>'));
    assert.ok(html.includes('action="/forms/profile/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"'));
    assert.ok(html.includes('<title>&lt;img src=x onerror=alert(2)&gt;</title>'));
    assert.match(inputTag(html, 'name'), /value="&quot;&gt;&lt;b&gt;홍길동&lt;\/b&gt;"/);
    assert.match(inputTag(html, 'address.detail'), /value="101동 &#39;1호&#39; &amp; &lt;2층&gt;"/);
  });

  it('shows server errors again after a script-less submit, unslotted ones in the group or form slot', () => {
    const html = render({
      fields: ['phone', 'address'],
      values: { phone: '02-123-4567' },
      errors: [
        { path: 'phone', message: '휴대폰 번호를 010-1234-5678 형식으로 입력해 주세요.' },
        { path: 'address.buildingName', message: '건물명 오류' },
        { path: 'unexpected', message: '기타 오류' },
      ],
    });
    assert.ok(html.includes('data-testid="error-phone" aria-live="polite">휴대폰 번호를 010-1234-5678 형식으로 입력해 주세요.</p>'));
    assert.match(inputTag(html, 'phone'), /aria-invalid="true"/);
    assert.match(inputTag(html, 'phone'), /value="02-123-4567"/);
    assert.ok(html.includes('data-testid="error-address" aria-live="polite">건물명 오류</p>'));
    assert.ok(html.includes('data-testid="error-form" role="alert">기타 오류</p>'));
  });

  it('loads only its own script, and nothing the CSP would block', () => {
    const html = render({ fields: ['name', 'address'], privacyConsent: { enabled: true, url: PRIVACY } });
    assert.deepEqual(html.match(/<script[^>]*>/g), [`<script src="${PROFILE_FORM_SCRIPT_PATH}" defer>`]);
    assert.doesNotMatch(html, / style=| on[a-z]+=/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`;
    assert.equal(directive(PROFILE_FORM_CSP, 'style-src'), `style-src ${hash}`);
  });

  it('the preview variant has no script and shows the address search as customers see it', () => {
    const html = render({ fields: ['address'], preview: true });
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /data-testid="address-search" aria-controls="address-postcode" aria-expanded="false">주소 검색<\/button>/);
    assert.match(inputTag(html, 'address.zonecode'), / readonly/);
  });
});

describe('profile form link state pages', () => {
  it('says clearly in Korean that a link expired (410), was used (409) or is unknown (404)', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(FORM_LINK_STATES).map(([k, v]) => [k, v.status])),
      { expired: 410, used: 409, not_found: 404 },
    );
    for (const [kind, testid] of [
      ['expired', 'form-expired'],
      ['used', 'form-used'],
      ['not_found', 'form-not-found'],
    ] as const) {
      const html = renderFormMessagePage(kind);
      const s = FORM_LINK_STATES[kind];
      assert.match(html, /^<!doctype html>\n<html lang="ko">/);
      assert.ok(html.includes(`<title>${s.title}</title>`));
      assert.ok(html.includes(`data-testid="${testid}"`));
      assert.ok(html.includes(`<h1 class="panel-title">${s.title}</h1>\n<p class="panel-body">${s.body}</p>`));
      assert.doesNotMatch(html, /<form/);
    }
    assert.match(FORM_LINK_STATES.expired.title, /유효 기간/);
    assert.match(FORM_LINK_STATES.used.title, /이미 제출/);
  });

  it('has a saved page for a script-less submit', () => {
    const html = renderFormSavedPage();
    assert.ok(html.includes(`<h1 class="panel-title">${PROFILE_SAVED}</h1>`));
    assert.ok(html.includes('data-testid="form-saved"'));
  });
});

describe('profile form CSP', () => {
  it('is strict: own script, the postcode hosts, own connections and form posts, framed only by TalkTalk', () => {
    assert.equal(directive(PROFILE_FORM_CSP, 'default-src'), "default-src 'none'");
    assert.equal(
      directive(PROFILE_FORM_CSP, 'script-src'),
      "script-src 'self' https://t1.kakaocdn.net https://t1.daumcdn.net https://talk.naver.com",
    );
    assert.equal(directive(PROFILE_FORM_CSP, 'frame-src'), 'frame-src https://postcode.map.kakao.com https://postcode.map.daum.net');
    assert.equal(directive(PROFILE_FORM_CSP, 'connect-src'), "connect-src 'self'");
    assert.equal(directive(PROFILE_FORM_CSP, 'img-src'), "img-src 'none'");
    assert.equal(directive(PROFILE_FORM_CSP, 'form-action'), "form-action 'self'");
    assert.equal(directive(PROFILE_FORM_CSP, 'base-uri'), "base-uri 'none'");
    assert.equal(directive(PROFILE_FORM_CSP, 'frame-ancestors'), 'frame-ancestors https://talk.naver.com https://*.talk.naver.com');
    assert.doesNotMatch(PROFILE_FORM_CSP, /unsafe-|\*\s|data:|blob:/);
  });
});

describe('profile form client script', () => {
  it('is one valid classic script with the postcode, submit and close logic', () => {
    const js = profileFormScript();
    assert.doesNotThrow(() => new Script(js, { filename: 'profile-form.js' }));
    for (const needle of [
      '"postcodeUrl": "https://t1.kakaocdn.net/mapjsapi/bundle/postcode/prod/postcode.v2.js"',
      '"postcodeTimeoutMs": 4000',
      'window.kakao.Postcode',
      'window.daum.Postcode',
      '.embed(container',
      "fetch(form.action, {",
      "'Content-Type': 'application/json'",
      'JSON.stringify(body)',
      'window.TalkWebview.close()',
      'history.back()',
      'form.noValidate = true',
      "event.preventDefault()",
    ]) {
      assert.ok(js.includes(needle), needle);
    }
  });

  it('never turns text into markup or code, and puts nothing in a URL', () => {
    const js = profileFormScript();
    for (const banned of [
      ...UNSAFE_DOM_SINKS,
      'localStorage',
      'sessionStorage',
      'document.cookie',
      'sendBeacon',
      'encodeURIComponent',
      '?name=',
    ]) {
      assert.ok(!js.includes(banned), banned);
    }
  });
});

describe('script-less submit body', () => {
  it('nests the address inputs and keeps only the configured fields', () => {
    const input = formBodyToProfileInput(
      {
        name: '홍길동',
        phone: '01012345678',
        email: 'x@example.com',
        'address.zonecode': '06236',
        'address.roadAddress': '서울 강남구 테헤란로 152',
        'address.jibunAddress': '',
        'address.buildingName': '강남파이낸스센터',
        'address.detail': '',
        extra: 'dropped',
      },
      ['address', 'phone', 'name'],
    );
    assert.deepEqual(input, {
      address: { zonecode: '06236', roadAddress: '서울 강남구 테헤란로 152', buildingName: '강남파이낸스센터', detail: '' },
      phone: '01012345678',
      name: '홍길동',
    });
  });

  it('adds the hyphens to a birth date typed as eight digits, and leaves anything else to validation', () => {
    assert.deepEqual(formBodyToProfileInput({ birthdate: ' 19900131 ' }, ['birthdate']), { birthdate: '1990-01-31' });
    assert.deepEqual(formBodyToProfileInput({ birthdate: '1990131' }, ['birthdate']), { birthdate: '1990131' });
    assert.deepEqual(formBodyToProfileInput({}, ['birthdate']), {});
  });
});

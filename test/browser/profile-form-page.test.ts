// The profile form in chromium against the real gateway, from the link of a real card: what a
// customer on a phone sees and can do, and what the gateway stores.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { FORM_LINK_STATES } from '../../src/http/pages/profile-form/profile-form.html.js';
import { CLIENT_TEXTS } from '../../src/http/pages/profile-form/profile-form-texts.js';
import type { TestGateway } from '../helpers/test-gateway.js';
import {
  MOBILE,
  launchOrSkip,
  screenshots,
  unexpected,
  watchProblems,
  type Problems,
} from './browser-kit.js';
import {
  freshCardUrl,
  profileOf,
  startBrowserGateway,
  webchatWorld,
  type WebchatWorld,
} from './gateway-world.js';

const POLICY_URL = 'https://example.com/privacy';
const CONSENT = '프로필 정보 입력 후 저장하시면 개인정보 수집 및 이용에 동의 한 것으로 간주합니다.';
const POSTCODE_HOSTS = 'https://t1.kakaocdn.net/**';
const HOUR = 3600_000;

describe('profile form page in chromium (real gateway)', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  let t: TestGateway | undefined;
  let clockOffset = 0;
  let context: BrowserContext;
  let problems: Problems;

  before(async function () {
    browser = await launchOrSkip(this);
    t = await startBrowserGateway({ FORM_TOKEN_TTL_HOURS: '1' }, () => new Date(Date.now() + clockOffset));
  });
  beforeEach(async () => {
    clockOffset = 0;
    context = await browser!.newContext({ viewport: MOBILE, locale: 'ko-KR' });
    problems = await watchProblems(context);
    // Only the gateway is reachable: anything else a page asks for is a finding.
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => {
        problems.http.push(`external ${route.request().url()}`);
        return route.abort('blockedbyclient');
      },
    );
  });
  afterEach(async () => context?.close());
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function openForm(
    profileBot: Record<string, unknown>,
    prepare?: (page: Page) => Promise<unknown>,
  ): Promise<{ w: WebchatWorld; url: string; page: Page }> {
    const w = await webchatWorld(t!, profileBot);
    const url = await freshCardUrl(t!, w);
    assert.ok(url.startsWith(`${t!.url}/forms/profile/`), url);
    const page = await context.newPage();
    await prepare?.(page);
    const res = await page.goto(url, { waitUntil: 'domcontentloaded' });
    assert.equal(res?.status(), 200);
    return { w, url, page };
  }

  const errorOf = (page: Page, path: string): Promise<string> =>
    page.getByTestId(`error-${path}`).innerText();

  it('saves valid input with a JSON fetch; the consent notice links to the policy in a new tab', async () => {
    const { w, url, page } = await openForm({ fields: ['name', 'phone', 'email', 'birthdate'] });
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '고객 프로필 입력');
    assert.deepEqual(
      await page.locator('form label').allInnerTexts(),
      ['이름', '휴대폰 번호', '이메일', '생년월일'],
      'labels in the configured order',
    );
    assert.equal(await page.getByLabel('휴대폰 번호').getAttribute('autocomplete'), 'tel');
    assert.equal(await page.getByTestId('consent-notice').innerText(), CONSENT);
    const consent = page.getByRole('link', { name: '개인정보 수집 및 이용' });
    assert.equal(await consent.getAttribute('href'), POLICY_URL);
    assert.equal(await consent.getAttribute('target'), '_blank');
    await screenshots(page, 'form-empty');

    await page.getByLabel('이름').fill('홍길동');
    await page.getByLabel('휴대폰 번호').fill('010 1234 5678');
    await page.getByLabel('이메일').fill('hong@example.com');
    await page.getByLabel('생년월일').pressSequentially('19900131');
    const posted = page.waitForRequest((r: Request) => r.method() === 'POST');
    await page.getByRole('button', { name: '확인' }).click();
    const req = await posted;
    assert.equal(req.url(), url, 'no profile data in the URL');
    assert.equal(req.headers()['content-type'], 'application/json');
    assert.deepEqual(req.postDataJSON(), {
      name: '홍길동',
      phone: '010-1234-5678',
      email: 'hong@example.com',
      birthdate: '1990-01-31',
    });
    assert.equal((await req.response())?.status(), 200);
    await page.getByTestId('form-success').waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('profile-form').isVisible(), false);
    assert.match(await page.getByTestId('form-success').innerText(), /^프로필이 저장되었습니다\.\n+닫기/);
    await screenshots(page, 'form-saved');
    assert.deepEqual(await profileOf(t!, w.ws), [
      { name: '홍길동', phone: '010-1234-5678', email: 'hong@example.com', birthdate: '1990-01-31' },
    ]);
    assert.deepEqual(unexpected(problems), []);
  });

  it("shows the browser's checks and the server's 400 details inline, next to each field", async () => {
    const { w, page } = await openForm({ fields: ['name', 'phone', 'email'] });
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await page.getByLabel('휴대폰 번호').fill('02-123-4567');
    await page.getByLabel('이메일').fill('not-an-email');
    await page.getByRole('button', { name: '확인' }).click();
    assert.equal(await errorOf(page, 'name'), '이름을 입력해 주세요.');
    assert.notEqual(await errorOf(page, 'phone'), '');
    assert.notEqual(await errorOf(page, 'email'), '');
    assert.equal(await page.getByLabel('휴대폰 번호').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(posts, [], 'the browser did not send invalid input');
    await screenshots(page, 'form-errors');

    // Values that pass the browser but are changed on the way: the server's own check answers
    // 400 with details, and the page puts each one under its field.
    await page.getByLabel('이름').fill('홍길동');
    await page.getByLabel('휴대폰 번호').fill('010-1234-5678');
    await page.getByLabel('이메일').fill('hong@example.com');
    await page.route('**/forms/profile/**', (route) =>
      route.request().method() === 'POST'
        ? route.continue({
            postData: JSON.stringify({ name: '홍길동', phone: '02-123-4567', email: 'hong@@example' }),
          })
        : route.continue(),
    );
    const answered = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: '확인' }).click();
    const res = await answered;
    assert.equal(res.status(), 400);
    const details = ((await res.json()) as { error: { details: { path: string; message: string }[] } }).error
      .details;
    assert.deepEqual(details.map((d) => d.path).sort(), ['email', 'phone']);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="error-phone"]')?.textContent !== '',
    );
    for (const d of details)
      assert.equal(await errorOf(page, d.path), d.message, `the server's message under ${d.path}`);
    assert.equal(await errorOf(page, 'name'), '');
    assert.equal(await page.getByTestId('profile-form').isVisible(), true);
    assert.equal(await page.getByRole('button', { name: '확인' }).isEnabled(), true);
    assert.deepEqual(await profileOf(t!, w.ws), [{}], 'nothing saved');
    // the 400 is the answer under test
    assert.deepEqual(unexpected(problems, { http: [/^400 \S+\/forms\/profile\//] }), []);
  });

  it('has no consent notice and no policy link when consent is off', async () => {
    const { page } = await openForm({ fields: ['name'], privacyConsent: { enabled: false, url: null } });
    assert.equal(await page.getByTestId('consent-notice').count(), 0);
    assert.equal(await page.getByRole('link').count(), 0);
    assert.equal(await page.getByText('개인정보 수집 및 이용').count(), 0);
    assert.equal(await page.getByLabel('이름').isVisible(), true);
    assert.deepEqual(unexpected(problems), []);
  });

  it('lets the customer type the postcode and address when the postcode widget is blocked', async () => {
    const { w, page } = await openForm({ fields: ['name', 'address'] }, (p) =>
      p.route(POSTCODE_HOSTS, (route) => route.abort('blockedbyclient')),
    );
    await page.getByTestId('address-hint').waitFor({ state: 'visible', timeout: 8_000 });
    assert.equal(await page.getByTestId('address-hint').innerText(), CLIENT_TEXTS.postcodeFailed);
    assert.equal(await page.getByTestId('address-search').isVisible(), false);
    const zonecode = page.getByLabel('우편번호');
    assert.equal(await zonecode.getAttribute('readonly'), null, 'typing is possible');
    await page.getByLabel('이름').fill('김주소');
    await zonecode.fill('06236');
    await page.getByLabel('도로명 주소').fill('서울 강남구 테헤란로 152');
    await page.getByLabel(/상세 주소/).fill('10층');
    await screenshots(page, 'form-address-manual');
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByTestId('form-success').waitFor({ state: 'visible' });
    const [profile] = await profileOf(t!, w.ws);
    assert.deepEqual(profile, {
      name: '김주소',
      address: { zonecode: '06236', roadAddress: '서울 강남구 테헤란로 152', detail: '10층' },
    });
    // the blocked script is a failed load, not a CSP violation: only it may fail
    assert.deepEqual(
      unexpected(problems, {
        http: [/^failed https:\/\/t1\.kakaocdn\.net\/\S+ net::ERR_BLOCKED_BY_CLIENT(\.Inspector)?$/],
      }),
      [],
    );
    assert.ok(
      problems.http.some((p) => p.includes('t1.kakaocdn.net')),
      'the page did ask for the postcode script',
    );
  });

  it('shows the used page after a second submit (409), in the stale tab and on reload', async () => {
    const { url, page } = await openForm({ fields: ['name'] });
    const stale = await context.newPage();
    await stale.goto(url, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('이름').fill('홍길동');
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByTestId('form-success').waitFor({ state: 'visible' });

    await stale.getByLabel('이름').fill('홍길동');
    await stale.getByRole('button', { name: '확인' }).click();
    await stale.getByTestId('form-state').waitFor({ state: 'visible' });
    const shown = await stale.getByTestId('form-state').innerText();
    assert.ok(
      shown.includes(FORM_LINK_STATES.used.title) && shown.includes(FORM_LINK_STATES.used.body),
      shown,
    );

    const again = await page.goto(url);
    assert.equal(again?.status(), 409);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), FORM_LINK_STATES.used.title);
    assert.equal(
      await page.getByTestId('form-used').locator('.panel-body').innerText(),
      FORM_LINK_STATES.used.body,
    );
    assert.equal(await page.locator('input').count(), 0, 'no form to fill');
    await screenshots(page, 'form-used-409');
    assert.deepEqual(unexpected(problems, { http: [/^409 \S+\/forms\/profile\//] }), []);
  });

  it('shows the expired page (410) once the link is older than FORM_TOKEN_TTL_HOURS', async () => {
    const { url, page } = await openForm({ fields: ['name'] });
    clockOffset = 2 * HOUR;
    await page.getByLabel('이름').fill('홍길동');
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByTestId('form-state').waitFor({ state: 'visible' });
    assert.ok((await page.getByTestId('form-state').innerText()).includes(FORM_LINK_STATES.expired.title));

    const later = await page.goto(url);
    assert.equal(later?.status(), 410);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), FORM_LINK_STATES.expired.title);
    assert.equal(
      await page.getByTestId('form-expired').locator('.panel-body').innerText(),
      FORM_LINK_STATES.expired.body,
    );
    await screenshots(page, 'form-expired-410');
    assert.deepEqual(unexpected(problems, { http: [/^410 \S+\/forms\/profile\//] }), []);
  });
});

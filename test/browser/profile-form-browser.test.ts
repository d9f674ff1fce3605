// The profile form's client in a real browser (Debian's chromium through playwright-core), with
// the page, its script and its CSP served exactly as the gateway serves them; the gateway's
// answers and the Kakao postcode script are played by route handlers, so no network is used.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { PROFILE_MESSAGES } from '../../src/domain/profile-validation.js';
import { PROFILE_SAVED } from '../../src/domain/profile-bot/texts.js';
import type { ProfileField } from '../../src/domain/settings.js';
import {
  FORM_LINK_STATES,
  POSTCODE_SCRIPT_URL,
  PROFILE_FORM_CSP,
  PROFILE_FORM_SCRIPT_PATH,
  profileFormScript,
  renderProfileFormPage,
} from '../../src/http/pages/profile-form/profile-form.html.js';
import { CLIENT_TEXTS } from '../../src/http/pages/profile-form/profile-form-texts.js';
import { launchOrSkip } from './browser-kit.js';

const ORIGIN = 'http://form.test';
const FORM_URL = `${ORIGIN}/forms/profile/tok_1.sig`;

/** A stand-in for Kakao's postcode bundle: embed() draws one button that completes the search. */
const FAKE_POSTCODE = `window.kakao = { Postcode: function (options) {
  this.embed = function (el) {
    var b = document.createElement('button');
    b.type = 'button'; b.id = 'fake-pick'; b.textContent = 'pick';
    b.addEventListener('click', function () { options.oncomplete({ zonecode: '06236',
      roadAddress: '서울 강남구 테헤란로 152', jibunAddress: '서울 강남구 역삼동 737',
      buildingName: '강남파이낸스센터', autoRoadAddress: '', autoJibunAddress: '', sido: '서울' }); });
    el.appendChild(b);
  };
} };`;

type PostcodeMode = 'ok' | 'fail' | 'hang';
interface Answer {
  status: number;
  body?: unknown;
}

interface World {
  page: Page;
  posts: { body: string; contentType: string | undefined }[];
  cspErrors: string[];
}

describe('profile form client in a browser', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  before(async function () {
    browser = await launchOrSkip(this);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  after(async () => browser?.close());

  async function open(
    fields: ProfileField[],
    opts: { postcode?: PostcodeMode; answers?: (Answer | 'network')[]; init?: string } = {},
  ): Promise<World> {
    const context = await browser!.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const world: World = { page, posts: [], cspErrors: [] };
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) world.cspErrors.push(m.text());
    });
    if (opts.init) await page.addInitScript(opts.init);
    const answers = [...(opts.answers ?? [])];
    await context.route('**/*', async (route: Route) => {
      const req = route.request();
      const url = req.url();
      if (url === FORM_URL && req.method() === 'GET') {
        const html = renderProfileFormPage({
          token: 'tok_1.sig',
          fields,
          privacyConsent: { enabled: false, url: null },
          guardianNotice: false,
        });
        return route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'content-security-policy': PROFILE_FORM_CSP },
          body: html,
        });
      }
      if (url === `${ORIGIN}${PROFILE_FORM_SCRIPT_PATH}`) {
        return route.fulfill({
          status: 200,
          contentType: 'text/javascript; charset=utf-8',
          body: profileFormScript(),
        });
      }
      if (url === FORM_URL && req.method() === 'POST') {
        world.posts.push({ body: req.postData() ?? '', contentType: req.headers()['content-type'] });
        const answer = answers.shift() ?? { status: 200, body: { saved: true } };
        if (answer === 'network') return route.abort('connectionreset');
        return route.fulfill({
          status: answer.status,
          contentType: 'application/json',
          body: JSON.stringify(answer.body ?? {}),
        });
      }
      if (url === POSTCODE_SCRIPT_URL) {
        if (opts.postcode === 'ok')
          return route.fulfill({ status: 200, contentType: 'text/javascript', body: FAKE_POSTCODE });
        if (opts.postcode === 'hang') return undefined; // never answered: the client's timeout decides
        return route.abort('failed');
      }
      return route.abort('blockedbyclient');
    });
    // not 'load': a postcode script that never arrives would hold the load event forever
    await page.goto(FORM_URL, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.readyState !== 'loading');
    return world;
  }

  const text = (page: Page, testid: string): Promise<string> =>
    page.locator(`[data-testid="${testid}"]`).innerText();

  it('checks the input like the server before sending, inline, and sends nothing', async () => {
    const { page, posts, cspErrors } = await open(['name', 'phone', 'birthdate']);
    await page.fill('[name="phone"]', '02-123-4567');
    await page.fill('[name="birthdate"]', '2999-01-01');
    await page.click('[data-testid="form-submit"]');
    assert.equal(await text(page, 'error-name'), '이름을 입력해 주세요.');
    assert.equal(await text(page, 'error-phone'), PROFILE_MESSAGES.phoneFormat);
    assert.equal(await text(page, 'error-birthdate'), PROFILE_MESSAGES.birthdateFuture);
    assert.equal(await page.getAttribute('[name="phone"]', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'name');
    await page.fill('[name="phone"]', '010');
    assert.equal(await text(page, 'error-phone'), '', "typing clears that field's error");
    assert.equal(posts.length, 0);
    assert.deepEqual(cspErrors, []);
  });

  it('fills the address from the embedded postcode search and posts the JSON body', async () => {
    const { page, posts, cspErrors } = await open(['name', 'phone', 'address'], { postcode: 'ok' });
    assert.equal(await page.getAttribute('[name="address.zonecode"]', 'readonly'), '');
    await page.click('[data-testid="address-search"]');
    assert.equal(await page.isVisible('[data-testid="address-postcode"]'), true);
    await page.click('#fake-pick');
    assert.equal(await page.inputValue('[name="address.zonecode"]'), '06236');
    assert.equal(await page.inputValue('[name="address.roadAddress"]'), '서울 강남구 테헤란로 152');
    assert.equal(await page.isVisible('[data-testid="address-postcode"]'), false);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'address.detail');
    await page.fill('[name="address.detail"]', '10층');
    await page.fill('[name="name"]', '홍길동');
    await page.fill('[name="phone"]', '01012345678');
    await page.click('[data-testid="form-submit"]');
    await page.waitForSelector('[data-testid="form-success"]', { state: 'visible' });
    assert.equal(posts.length, 1);
    assert.equal(posts[0]?.contentType, 'application/json');
    assert.equal(
      posts[0]?.body,
      JSON.stringify({
        name: '홍길동',
        phone: '010-1234-5678',
        address: {
          zonecode: '06236',
          roadAddress: '서울 강남구 테헤란로 152',
          jibunAddress: '서울 강남구 역삼동 737',
          buildingName: '강남파이낸스센터',
          detail: '10층',
        },
      }),
    );
    assert.match(await text(page, 'form-success'), new RegExp(PROFILE_SAVED.replace('.', '\\.')));
    assert.equal(await page.isVisible('[data-testid="profile-form"]'), false);
    assert.deepEqual(cspErrors, []);
  });

  it('falls back to typed zone code and road address when the postcode script fails', async () => {
    const { page, posts } = await open(['address'], { postcode: 'fail' });
    await page.waitForSelector('[data-testid="address-hint"]', { state: 'visible' });
    assert.equal(await text(page, 'address-hint'), CLIENT_TEXTS.postcodeFailed);
    assert.equal(await page.isVisible('[data-testid="address-search"]'), false);
    assert.equal(await page.getAttribute('[name="address.zonecode"]', 'readonly'), null);
    await page.click('[data-testid="form-submit"]');
    assert.equal(await text(page, 'error-address-zonecode'), PROFILE_MESSAGES.zonecode);
    assert.equal(await text(page, 'error-address-roadAddress'), PROFILE_MESSAGES.roadAddress);
    await page.fill('[name="address.zonecode"]', '06236');
    await page.fill('[name="address.roadAddress"]', '서울 강남구 테헤란로 152');
    await page.click('[data-testid="form-submit"]');
    await page.waitForSelector('[data-testid="form-success"]', { state: 'visible' });
    assert.equal(
      posts[0]?.body,
      JSON.stringify({ address: { zonecode: '06236', roadAddress: '서울 강남구 테헤란로 152', detail: '' } }),
    );
  });

  it('falls back when the postcode script does not arrive within 4 seconds', async () => {
    const { page } = await open(['address'], { postcode: 'hang' });
    assert.equal(await page.getAttribute('[name="address.roadAddress"]', 'readonly'), '');
    await page.waitForSelector('[data-testid="address-hint"]', { state: 'visible', timeout: 6_000 });
    assert.equal(await page.getAttribute('[name="address.roadAddress"]', 'readonly'), null);
  });

  it("shows the server's 400 details inline, whatever the path style", async () => {
    const { page } = await open(['phone', 'address'], {
      postcode: 'fail',
      answers: [
        {
          status: 400,
          body: {
            error: {
              code: 'validation_failed',
              message: 'invalid',
              details: [
                { path: '/phone', message: '서버: 번호 오류' },
                { path: 'address.buildingName', message: '서버: 건물명 오류' },
              ],
            },
          },
        },
      ],
    });
    await page.fill('[name="phone"]', '010-1234-5678');
    await page.fill('[name="address.zonecode"]', '06236');
    await page.fill('[name="address.roadAddress"]', '서울 강남구 테헤란로 152');
    await page.click('[data-testid="form-submit"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="error-phone"]')?.textContent !== '',
    );
    assert.equal(await text(page, 'error-phone'), '서버: 번호 오류');
    assert.equal(await text(page, 'error-address'), '서버: 건물명 오류');
    assert.equal(await page.isEnabled('[data-testid="form-submit"]'), true);
    assert.equal(await page.isVisible('[data-testid="profile-form"]'), true);
  });

  for (const [status, kind] of [
    [409, 'used'],
    [410, 'expired'],
  ] as const) {
    it(`turns a ${status} into the ${kind} message`, async () => {
      const { page } = await open(['name'], {
        answers: [{ status, body: { error: { code: 'x', message: 'x', details: [] } } }],
      });
      await page.fill('[name="name"]', '홍길동');
      await page.click('[data-testid="form-submit"]');
      await page.waitForSelector('[data-testid="form-state"]', { state: 'visible' });
      const shown = await text(page, 'form-state');
      assert.ok(shown.includes(FORM_LINK_STATES[kind].title), shown);
      assert.ok(shown.includes(FORM_LINK_STATES[kind].body), shown);
    });
  }

  it('says so when the network fails, and lets the customer try again', async () => {
    const { page, posts } = await open(['name'], { answers: ['network', { status: 200 }] });
    await page.fill('[name="name"]', '홍길동');
    await page.click('[data-testid="form-submit"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="error-form"]')?.textContent !== '',
    );
    assert.equal(await text(page, 'error-form'), CLIENT_TEXTS.network);
    await page.click('[data-testid="form-submit"]');
    await page.waitForSelector('[data-testid="form-success"]', { state: 'visible' });
    assert.equal(posts.length, 2);
  });

  it("closes TalkTalk's webview with TalkWebview.close() after saving", async () => {
    const { page } = await open(['name'], {
      init: 'window.TalkWebview = { close: function () { window.__closed = (window.__closed || 0) + 1; } };',
    });
    await page.fill('[name="name"]', '홍길동');
    await page.click('[data-testid="form-submit"]');
    await page.click('[data-testid="form-close"]');
    assert.equal(await page.evaluate(() => (window as unknown as { __closed?: number }).__closed), 1);
  });

  it('adds the hyphens while a birth date is typed as digits', async () => {
    const { page } = await open(['birthdate']);
    await page.locator('[name="birthdate"]').pressSequentially('19900131');
    assert.equal(await page.inputValue('[name="birthdate"]'), '1990-01-31');
    await page.fill('[name="birthdate"]', '');
    await page.locator('[name="birthdate"]').pressSequentially('1990-1-5');
    assert.equal(await page.inputValue('[name="birthdate"]'), '1990-1-5', 'hyphens the customer placed stay');
  });
});

// The admin's card preview (PB-22) in chromium, served by the real gateway from saved settings:
// the three channels' cards, the cut warnings and the form, under the page's own CSP.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_TOKEN, type TestGateway } from '../helpers/test-gateway.js';
import { createWorkspace } from '../helpers/world.js';
import {
  DESKTOP,
  launchOrSkip,
  screenshots,
  unexpected,
  watchProblems,
  type Problems,
} from './browser-kit.js';
import { TEXT, settings, startBrowserGateway } from './gateway-world.js';

const CHANNELS = [
  ['kakao', '카카오톡'],
  ['naver', '네이버 톡톡'],
  ['webchat', '웹 채팅'],
] as const;

function previewSettings(profileBot: Record<string, unknown>): Record<string, unknown> {
  const s = settings({ onMissingProfile: 'hold' });
  return {
    ...s,
    profileBot: {
      ...(s['profileBot'] as Record<string, unknown>),
      fields: ['name', 'phone', 'address'],
      ...profileBot,
    },
  };
}

describe('profile bot preview page in chromium (real gateway)', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  let t: TestGateway | undefined;
  let context: BrowserContext;
  let problems: Problems;

  before(async function () {
    browser = await launchOrSkip(this);
    t = await startBrowserGateway();
  });
  beforeEach(async () => {
    context = await browser!.newContext({ viewport: DESKTOP, locale: 'ko-KR' });
    problems = await watchProblems(context);
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

  async function openPreview(ws: string): Promise<Page> {
    const page = await context.newPage();
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${ADMIN_TOKEN}` });
    const res = await page.goto(`${t!.url}/v1/workspaces/${ws}/profile-bot/preview.html`);
    assert.equal(res?.status(), 200);
    return page;
  }

  it('shows the card as each channel will, and the form, with nothing blocked', async () => {
    const ws = await createWorkspace(t!, previewSettings({}));
    const page = await openPreview(ws);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '프로필 봇 미리보기');
    assert.match(await page.locator('.meta').innerText(), /^acme · 설정 버전 \d+$/);
    for (const [type, name] of CHANNELS) {
      const section = page.getByTestId(`preview-${type}`);
      assert.equal(await section.getByRole('heading', { level: 2 }).innerText(), name);
      assert.equal(
        await section.locator('.card-text').innerText(),
        TEXT.GUIDE,
        `${type} shows the guide message`,
      );
      assert.deepEqual(
        await section.getByTestId('preview-button').allInnerTexts(),
        [TEXT.BUTTON],
        `${type} shows one button`,
      );
      assert.equal(await section.getByTestId(`warnings-${type}`).innerText(), '잘리는 글자가 없습니다.');
      assert.equal(await section.isVisible(), true);
    }
    const form = page.frameLocator('[data-testid="preview-form"]');
    assert.deepEqual(await form.locator('label, legend').allInnerTexts(), [
      '이름',
      '휴대폰 번호',
      '주소',
      '우편번호',
      '도로명 주소',
      '상세 주소 (선택)',
    ]);
    assert.equal(await form.getByRole('button', { name: '확인' }).isVisible(), true);
    assert.equal(await form.getByTestId('address-search').isVisible(), true);
    assert.equal(
      await form.getByRole('link', { name: '개인정보 수집 및 이용' }).getAttribute('href'),
      'https://example.com/privacy',
    );
    assert.equal(await page.getByTestId('preview-disabled').count(), 0);
    await screenshots(page, 'preview');
    assert.deepEqual(unexpected(problems), []);
  });

  it('warns where Kakao would cut a long guide message, and says when the bot is off', async () => {
    const long = '상담 전에 아래 버튼을 눌러 고객 프로필을 입력해 주세요. '.repeat(14).trim(); // > 400 characters
    const ws = await createWorkspace(t!, previewSettings({ enabled: false, guideMessage: long }));
    const page = await openPreview(ws);
    assert.equal(await page.getByTestId('preview-disabled').isVisible(), true);
    const kakao = page.getByTestId('warnings-kakao');
    assert.equal(await kakao.evaluate((el) => el.tagName), 'UL');
    assert.match(await kakao.innerText(), /description/);
    const shown = await page.getByTestId('preview-kakao').locator('.card-text').innerText();
    assert.ok(
      shown.length < long.length,
      `Kakao's card shows the cut text (${shown.length} of ${long.length})`,
    );
    await screenshots(page, 'preview-warnings');
    assert.deepEqual(unexpected(problems), []);
  });

  it('asks for the admin token: the operator login, which leads back to the page', async () => {
    const ws = await createWorkspace(t!);
    const page = await context.newPage();
    const res = await page.goto(`${t!.url}/v1/workspaces/${ws}/profile-bot/preview.html`);
    assert.equal(res?.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/v1/ops/login');
    assert.equal(
      new URL(page.url()).searchParams.get('next'),
      `/v1/workspaces/${ws}/profile-bot/preview.html`,
    );
    assert.equal(await page.getByLabel('Admin token').count(), 1);
    assert.deepEqual(unexpected(problems), []);
  });
});

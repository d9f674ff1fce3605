// The preview page under its own CSP in a real browser: the form in the srcdoc frame inherits
// that policy, so its stylesheet must be allowed there too, and nothing may be blocked.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { createAdapterRegistry } from '../../adapters/registry.js';
import { buildProfileCard } from '../../src/domain/profile-bot/card.js';
import { defaultSettings } from '../../src/domain/settings.js';
import { previewChannel } from '../../src/http/pages/preview/channel-previews.js';
import { previewCsp, renderPreviewPage } from '../../src/http/pages/preview/preview.html.js';
import { renderProfileFormPage } from '../../src/http/pages/profile-form/profile-form.html.js';
import { launchOrSkip } from './browser-kit.js';

const PAGE_URL = 'http://gw.test/v1/workspaces/ws_1/profile-bot/preview.html';

describe('preview page in a browser', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  before(async function () {
    browser = await launchOrSkip(this);
  });
  after(async () => browser?.close());

  it('renders the cards and the styled form with no CSP violation and no request but the page', async () => {
    const bot = {
      ...defaultSettings().profileBot,
      enabled: true,
      guideMessage: '상담 전 프로필을 입력해 주세요.',
    };
    const card = buildProfileCard(bot, 'http://gw.test/forms/profile/preview-token');
    const previews = createAdapterRegistry({ webchatKey: Buffer.alloc(32, 1), publicBaseUrl: 'http://gw.test', timeoutMs: 1000 }).all().map((a) =>
      previewChannel(a, card, { workspaceId: 'ws_1', now: new Date() }),
    );
    const html = renderPreviewPage({
      workspaceName: '상점',
      settingsVersion: 2,
      enabled: true,
      formUrl: 'http://gw.test/forms/profile/preview-token',
      previews,
      formHtml: renderProfileFormPage({
        token: 'preview-token',
        fields: ['name', 'phone', 'address'],
        privacyConsent: { enabled: true, url: 'https://example.com/privacy' },
        guardianNotice: false,
        preview: true,
      }),
    });
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      await context.route('**/*', async (route) => {
        requests.push(route.request().url());
        if (route.request().url() === PAGE_URL) {
          return route.fulfill({
            status: 200,
            contentType: 'text/html; charset=utf-8',
            headers: { 'content-security-policy': previewCsp(previews) },
            body: html,
          });
        }
        return route.abort('blockedbyclient');
      });
      await page.goto(PAGE_URL);
      for (const type of ['kakao', 'naver', 'webchat']) {
        assert.match(
          await page.locator(`[data-testid="preview-${type}"]`).innerText(),
          /상담 전 프로필을 입력해 주세요\./,
        );
      }
      const frame = page.frameLocator('[data-testid="preview-form"]');
      assert.equal(await frame.locator('[data-testid="form-submit"]').innerText(), '확인');
      assert.equal(await frame.locator('[data-testid="address-search"]').isVisible(), true);
      const submitColor = await frame
        .locator('[data-testid="form-submit"]')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(submitColor, 'rgb(47, 111, 237)', 'the form stylesheet applies inside the frame');
      const kakaoBar = await page
        .locator('.kakao .phone-bar')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(kakaoBar, 'rgb(254, 229, 0)');
      assert.deepEqual(problems, []);
      assert.deepEqual(requests, [PAGE_URL]);
    } finally {
      await context.close();
    }
  });
});

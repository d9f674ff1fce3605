// preview.html typed into chromium's address bar: the operator logs in once with the admin
// token and lands back on the page; a bad session cookie gets the login form again.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { ADMIN_TOKEN, type TestGateway } from '../helpers/test-gateway.js';
import { createWorkspace } from '../helpers/world.js';
import { launchOrSkip, screenshots } from './browser-kit.js';
import { startBrowserGateway } from './gateway-world.js';

describe('operator login for preview.html in chromium', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  let t: TestGateway | undefined;
  before(async function () {
    browser = await launchOrSkip(this);
    t = await startBrowserGateway();
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('opens preview.html after one login, and the queue dashboard with the same session', async () => {
    const ws = await createWorkspace(t!);
    const url = `${t!.url}/v1/workspaces/${ws}/profile-bot/preview.html`;
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      await page.goto(url);
      assert.equal(new URL(page.url()).pathname, '/v1/ops/login');
      assert.equal(await page.title(), 'talkgate operator login');
      await screenshots(page, 'operator-login');

      await page.getByLabel('Admin token').fill('not-the-admin-token');
      await page.getByRole('button', { name: 'Open' }).click();
      await page.waitForLoadState('domcontentloaded');
      assert.match(await page.locator('p').first().innerText(), /not valid/);

      await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Open' }).click();
      await page.locator('[data-testid="preview-kakao"]').waitFor();
      assert.equal(page.url(), url, 'back on the page it asked for');

      const board = await page.goto(`${t!.url}/v1/ops/queue-ui/`);
      assert.equal(board?.status(), 200, 'the same session opens the queue dashboard');
      assert.equal(new URL(page.url()).pathname, '/v1/ops/queue-ui/');
    } finally {
      await context.close();
    }
  });

  it('shows the login form again for a forged session cookie', async () => {
    const ws = await createWorkspace(t!);
    const url = `${t!.url}/v1/workspaces/${ws}/profile-bot/preview.html`;
    const context = await browser!.newContext();
    try {
      const expires = Math.floor(Date.now() / 1000) + 3600;
      await context.addCookies([{ name: 'talkgate_admin', value: `${expires}.forgedforgedforged`, url: `${t!.url}/v1` }]);
      const page = await context.newPage();
      await page.goto(url);
      assert.equal(new URL(page.url()).pathname, '/v1/ops/login');
      assert.equal(await page.locator('[data-testid="preview-kakao"]').count(), 0);
    } finally {
      await context.close();
    }
  });
});

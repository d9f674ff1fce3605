// One login for the operator's pages: preview.html opens from the address bar with the same
// session as the queue dashboard; the bearer header keeps working; the login never redirects
// anywhere but an operator page.
import assert from 'node:assert/strict';
import { issueOperatorSession, safeNext } from '../../../src/http/operator-session.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('operator login session for preview.html', () => {
  let t: TestGateway;
  let ws: string;
  let preview: string;
  before(async () => {
    t = await startTestGateway();
    ws = (await t.admin('POST', '/v1/workspaces', { name: '상점' })).json.id;
    preview = `/v1/workspaces/${ws}/profile-bot/preview.html`;
  });
  after(async () => t.stop());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { headers, redirect: 'manual' });

  async function login(next: string | undefined, token = ADMIN_TOKEN): Promise<Response> {
    const form = new URLSearchParams({ token, ...(next !== undefined ? { next } : {}) });
    return fetch(`${t.url}/v1/ops/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
  }

  it('sends a browser without credentials to the login form, which brings it back to the page', async () => {
    const first = await get(`${preview}?settingsVersion=1`, HTML);
    assert.equal(first.status, 303);
    const to = first.headers.get('location') ?? '';
    assert.equal(to, `/v1/ops/login?next=${encodeURIComponent(`${preview}?settingsVersion=1`)}`);

    const form = await get(to);
    assert.equal(form.status, 200);
    const html = await form.text();
    assert.match(html, /<form method="post" action="\/v1\/ops\/login">/);
    assert.ok(html.includes(`<input type="hidden" name="next" value="${preview}?settingsVersion=1">`), html);
    assert.match(html, /ADMIN_TOKEN/);

    const wrong = await login(`${preview}?settingsVersion=1`, 'not-the-token-at-all');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);

    const ok = await login(`${preview}?settingsVersion=1`);
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), `${preview}?settingsVersion=1`);
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.match(cookie, /^talkgate_admin=\d+\.[A-Za-z0-9_-]+$/);

    const page = await get(`${preview}?settingsVersion=1`, { ...HTML, cookie });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /data-testid="preview-kakao"/);
    // the session opens the operator pages only, not the JSON API
    assert.equal((await t.request('GET', `/v1/workspaces/${ws}/settings`, { headers: { cookie } })).status, 401);
    assert.equal((await t.request('POST', `/v1/workspaces/${ws}/profile-bot/preview`, { headers: { cookie }, body: { channelType: 'kakao' } })).status, 401);
  });

  it('keeps the bearer header working, and answers scripts 401 with the error envelope', async () => {
    const page = await t.request('GET', preview, { token: ADMIN_TOKEN });
    assert.equal(page.status, 200);
    assert.match(page.text, /data-testid="preview-webchat"/);
    const none = await t.request('GET', preview);
    assert.equal(none.status, 401);
    assert.equal(none.json.error.code, 'missing_token');
    assert.equal((await t.request('GET', preview, { token: 'wrong-token-0123456789' })).status, 401);
  });

  it('refuses a forged, expired or garbled session', async () => {
    for (const value of [
      issueOperatorSession('another-admin-token-0123456789', Date.now()),
      issueOperatorSession(ADMIN_TOKEN, Date.now() - 9 * 3600_000),
      'garbage',
      `${Math.floor(Date.now() / 1000) + 3600}.AAAA`,
    ]) {
      const cookie = `talkgate_admin=${value}`;
      const api = await get(preview, { cookie });
      assert.equal(api.status, 401, value);
      const browser = await get(preview, { ...HTML, cookie });
      assert.equal(browser.status, 303, value);
      assert.match(browser.headers.get('location') ?? '', /^\/v1\/ops\/login\?next=/);
    }
  });

  it('never redirects outside the operator pages after a login', async () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/%5Cevil.example',
      'javascript:alert(1)',
      '/v1/workspaces',
      `/v1/workspaces/${ws}/settings`,
      '/v1/ops/queue-ui/../../../webchat/x',
      ` ${preview}`,
      `${preview}\n`,
    ]) {
      const r = await login(next);
      assert.equal(r.status, 303, next);
      assert.equal(r.headers.get('location'), '/v1/ops/queue-ui/', `next=${JSON.stringify(next)} falls back to the dashboard`);
    }
    const form = await get(`/v1/ops/login?next=${encodeURIComponent('https://evil.example/')}`);
    assert.doesNotMatch(await form.text(), /evil/);
    assert.equal(safeNext(`${preview}?settingsVersion=2`), `${preview}?settingsVersion=2`);
    assert.equal(safeNext('/v1/ops/queue-ui/'), '/v1/ops/queue-ui/');
  });
});

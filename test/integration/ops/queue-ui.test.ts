import assert from 'node:assert/strict';
import { issueUiSession } from '../../../src/http/queue-ui.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

describe('Queue UI (Bull Board) behind the admin token', () => {
  let t: TestGateway;
  beforeEach(async () => {
    t = await startTestGateway();
  });
  afterEach(async () => t.stop());

  it('answers 401 without credentials to scripts, and sends browsers to the operator login', async () => {
    const api = await t.request('GET', '/v1/ops/queue-ui/');
    assert.equal(api.status, 401);
    assert.equal(api.json.error.code, 'missing_token');
    const page = await fetch(`${t.url}/v1/ops/queue-ui/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/v1/ops/login?next=%2Fv1%2Fops%2Fqueue-ui%2F');
    assert.doesNotMatch(await page.text(), /bull/i);
    assert.equal((await t.request('GET', '/v1/ops/queue-ui/api/queues', { token: 'wrong' })).status, 401);
    const forged = `talkgate_admin=${issueUiSession('another-token', Date.now())}`;
    assert.equal((await t.request('GET', '/v1/ops/queue-ui/', { headers: { cookie: forged } })).status, 401);
    assert.equal((await t.request('GET', '/v1/ops/queue-ui/api/queues', { headers: { cookie: forged } })).status, 401);
  });

  it('serves the dashboard and its API with the bearer token', async () => {
    const page = await t.request('GET', '/v1/ops/queue-ui/', { token: ADMIN_TOKEN });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.text, /<title>talkgate<\/title>/);
    assert.match(page.text, /<base href="\/v1\/ops\/queue-ui\/"/);
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)?.[1];
    assert.ok(script);
    assert.equal((await t.request('GET', `/v1/ops/queue-ui/${script}`, { token: ADMIN_TOKEN })).status, 200);
    const queues = await t.request('GET', '/v1/ops/queue-ui/api/queues', { token: ADMIN_TOKEN });
    assert.equal(queues.status, 200);
    const names = (queues.json.queues as { name: string; readOnlyMode: boolean }[]).map((q) => [q.name, q.readOnlyMode]);
    assert.deepEqual(names.sort(), [['inbound', true], ['outbound', true], ['timers', true], ['webhooks', true]]);
  });

  it('a browser logs in with the token (the queue UI login path still works) and gets the operator session cookie', async () => {
    const form = await t.request('GET', '/v1/ops/queue-ui/login');
    assert.equal(form.status, 200);
    assert.match(form.text, /<form method="post" action="\/v1\/ops\/login">/);
    assert.match(form.text, /<input type="hidden" name="next" value="\/v1\/ops\/queue-ui\/">/);

    const wrong = await t.request('POST', '/v1/ops/queue-ui/login', { raw: 'token=nope', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);

    const res = await fetch(`${t.url}/v1/ops/queue-ui/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(ADMIN_TOKEN)}`,
      redirect: 'manual',
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/v1/ops/queue-ui/');
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^talkgate_admin=\d+\.[A-Za-z0-9_-]+; Path=\/v1; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    assert.ok(!cookie.includes(ADMIN_TOKEN), 'the cookie is not the token');

    const session = cookie.split(';')[0]!;
    const page = await t.request('GET', '/v1/ops/queue-ui/', { headers: { cookie: `other=1; ${session}` } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    // the cookie opens the UI only, not the admin API
    assert.equal((await t.request('GET', '/v1/ops/queues', { headers: { cookie: session } })).status, 401);
  });

  it('refuses an expired session', async () => {
    const old = issueUiSession(ADMIN_TOKEN, Date.now() - 9 * 3600_000);
    assert.equal((await t.request('GET', '/v1/ops/queue-ui/', { headers: { cookie: `talkgate_admin=${old}` } })).status, 401);
  });
});

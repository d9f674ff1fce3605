// Outbound URL safety with ALLOW_PRIVATE_TARGETS off: webhook endpoint URLs (400
// webhook_url_not_allowed) and a channel's apiBaseUrl (400 url_not_allowed), at save and at send.
import assert from 'node:assert/strict';
import nock from 'nock';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { newWorkspace, webhookGateway } from './webhook-world.js';

const REFUSED = ['http://hooks.example.com/x', 'https://127.0.0.1/x', 'https://[::1]/x', 'https://[::ffff:127.0.0.1]/x', 'https://10.0.0.8/x',
  'https://192.168.0.10/x', 'https://169.254.169.254/latest', 'https://[fe80::1]/x', 'https://[fd00::1]/x', 'https://localhost/x'];

describe('webhooks: outbound URL safety (ALLOW_PRIVATE_TARGETS off)', function () {
  this.timeout(20_000);
  let t: TestGateway;
  let receiver: WebhookReceiver;
  before(async () => {
    t = await webhookGateway({ ALLOW_PRIVATE_TARGETS: 'false' });
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await receiver?.close();
    await t?.stop();
  });

  it('refuses non-https and private, loopback and link-local webhook URLs with webhook_url_not_allowed', async () => {
    const { ws } = await newWorkspace(t);
    for (const url of REFUSED) {
      const r = await t.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url, eventTypes: ['*'] });
      assert.equal(r.status, 400, url);
      assert.equal(r.json.error.code, 'webhook_url_not_allowed', url);
      assert.equal(r.json.error.details[0].path, '/url');
    }
    const ok = await t.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: 'https://93.184.216.34/hook', eventTypes: ['*'] });
    assert.equal(ok.status, 201, 'a public IP literal needs no look-up');
    const p = await t.admin('PATCH', `/v1/workspaces/${ws}/webhooks/${ok.json.id}`, { url: 'https://[::ffff:10.0.0.1]/x' });
    assert.deepEqual([p.status, p.json.error.code], [400, 'webhook_url_not_allowed']);
  });

  it('refuses such a channel apiBaseUrl with url_not_allowed, on create and on update', async () => {
    const { ws } = await newWorkspace(t);
    const body = { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'naver-auth-key-1234567890' } };
    for (const apiBaseUrl of ['http://gw.talk.naver.com', 'https://127.0.0.1:8443', 'https://[::1]']) {
      const r = await t.admin('POST', `/v1/workspaces/${ws}/channels`, { ...body, apiBaseUrl });
      assert.deepEqual([r.status, r.json.error.code], [400, 'url_not_allowed'], apiBaseUrl);
    }
    const ch = await t.admin('POST', `/v1/workspaces/${ws}/channels`, { ...body, apiBaseUrl: 'https://gw.talk.naver.com' });
    assert.equal(ch.status, 201, ch.text);
    const p = await t.admin('PATCH', `/v1/workspaces/${ws}/channels/${ch.json.id}`, { apiBaseUrl: 'https://169.254.169.254' });
    assert.deepEqual([p.status, p.json.error.code], [400, 'url_not_allowed']);
  });

  it('checks again at send time: a stored private URL gets no request, the attempt fails with the reason', async () => {
    const { ws, log } = await newWorkspace(t);
    const ok = await t.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: 'https://93.184.216.34/hook', eventTypes: ['*'] });
    // as if the rule had been off when it was saved
    const ep = (await t.gw.services.webhooks.get(ok.json.id))!;
    await t.gw.services.webhooks.save({ ...ep, url: receiver.url.replace('http:', 'https:') });
    await new Promise((r) => setTimeout(r, 1100));
    await log.append('conv_a', 'one');
    const failed = await waitFor(async () => {
      const r = await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${ok.json.id}/attempts?status=failed`);
      return r.json.items[0];
    }, 'failed', 10_000);
    assert.match(failed.lastError, /^webhook_url_not_allowed: 127\.0\.0\.1 is a loopback address/);
    assert.equal(receiver.requests.length, 0);
  });

  it('checks a channel apiBaseUrl at send time: the message fails with url_not_allowed and nothing is sent', async () => {
    const { ws } = await newWorkspace(t);
    const agent = await t.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '김상담' });
    await t.admin('PUT', `/v1/workspaces/${ws}/agents/${agent.json.id}/status`, { online: true });
    const ch = await t.admin('POST', `/v1/workspaces/${ws}/channels`, { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'naver-auth-key-1234567890' }, apiBaseUrl: 'https://gw.talk.naver.com' });
    const stored = (await t.gw.services.channels.get(ch.json.id))!;
    await t.gw.services.channels.save({ ...stored, apiBaseUrl: 'https://127.0.0.1:1' }, new Date());
    const scope = nock('https://127.0.0.1:1').post(/.*/).reply(200, { success: true, resultCode: '00' });
    const hook = `/webhooks/naver/${ch.json.id}?key=${ch.json.webhookKey}`;
    assert.equal((await t.request('POST', hook, { body: { event: 'send', user: 'u-safety', textContent: { text: '상담 요청', inputType: 'inquiry' } } })).status, 200);
    const conv = await waitFor(async () => {
      for (const status of ['waiting', 'assigned']) {
        const item = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}`)).json.items[0];
        if (item) return item;
      }
      return null;
    }, 'a conversation');
    const s = await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent.json.id, text: '안녕하세요' });
    assert.equal(s.status, 202, s.text);
    const msg = await waitFor(async () => {
      const c = await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv.id}`);
      return c.json.messages.find((m: { status: string; direction: string }) => m.direction === 'out' && m.status === 'failed');
    }, 'the message failed', 10_000);
    assert.equal(msg.error.code, 'url_not_allowed');
    assert.ok(!scope.isDone(), 'no request reached the private address');
    nock.cleanAll();
  });
});

import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

const validSettings = {
  profileBot: {
    enabled: true,
    guideMessage: '상담 전 프로필을 입력해 주세요.',
    guideImageId: null,
    fields: ['name', 'phone'],
    onMissingProfile: 'hold',
    privacyConsent: { enabled: true, url: 'https://example.com/privacy' },
  },
  distribution: { mode: 'auto', backlog: 'auto' },
  businessHours: {
    enabled: true,
    timeZone: 'Asia/Seoul',
    acceptOffHours: false,
    weekly: { mon: [{ start: '09:00', end: '18:00' }], tue: [] },
    holidays: ['2026-12-25'],
  },
  autoMessages: { greeting: '안녕하세요, 무엇을 도와드릴까요?', offHours: '지금은 상담 시간이 아닙니다.' },
  autoClose: { customerIdleMinutes: 30 },
};

describe('Admin API', () => {
  let t: TestGateway;
  let ws: string;
  beforeEach(async () => {
    t = await startTestGateway();
    const r = await t.admin('POST', '/v1/workspaces', { name: 'acme' });
    assert.equal(r.status, 201);
    assert.deepEqual(Object.keys(r.json).sort(), ['createdAt', 'id', 'name', 'settingsVersion']);
    assert.equal(r.json.settingsVersion, 1);
    ws = r.json.id;
  });
  afterEach(async () => t.stop());

  describe('settings', () => {
    it('starts with the bot disabled, distribution auto/auto and business hours disabled', async () => {
      const r = await t.admin('GET', `/v1/workspaces/${ws}/settings`);
      assert.equal(r.status, 200);
      assert.equal(r.json.version, 1);
      assert.equal(r.json.profileBot.enabled, false);
      assert.deepEqual(r.json.profileBot.fields, ['name', 'phone']);
      assert.deepEqual(r.json.distribution, { mode: 'auto', backlog: 'auto' });
      assert.equal(r.json.businessHours.enabled, false);
      assert.equal(r.json.businessHours.timeZone, 'Asia/Seoul');
    });

    it('each PUT creates a new version and older versions stay readable (PB-4, PB-22)', async () => {
      const put = await t.admin('PUT', `/v1/workspaces/${ws}/settings`, validSettings);
      assert.equal(put.status, 200);
      assert.equal(put.json.version, 2);
      const again = await t.admin('PUT', `/v1/workspaces/${ws}/settings`, { ...validSettings, autoClose: { customerIdleMinutes: null } });
      assert.equal(again.json.version, 3);
      const current = await t.admin('GET', `/v1/workspaces/${ws}/settings`);
      assert.equal(current.json.version, 3);
      assert.equal(current.json.autoClose.customerIdleMinutes, null);
      const v2 = await t.admin('GET', `/v1/workspaces/${ws}/settings?version=2`);
      assert.equal(v2.json.version, 2);
      assert.equal(v2.json.autoClose.customerIdleMinutes, 30);
      const v1 = await t.admin('GET', `/v1/workspaces/${ws}/settings?version=1`);
      assert.equal(v1.json.profileBot.enabled, false);
      assert.equal((await t.admin('GET', `/v1/workspaces/${ws}/settings?version=9`)).status, 404);
    });

    it('refuses invalid settings with every failing field and keeps the version', async () => {
      const bad = structuredClone(validSettings) as Record<string, any>;
      bad['profileBot'].guideMessage = '';
      bad['profileBot'].privacyConsent.url = 'http://example.com/privacy';
      bad['businessHours'].timeZone = 'Mars/Olympus';
      bad['businessHours'].weekly.mon = [{ start: '18:00', end: '09:00' }];
      const r = await t.admin('PUT', `/v1/workspaces/${ws}/settings`, bad);
      assert.equal(r.status, 400);
      const paths = (r.json.error.details as { path: string }[]).map((d) => d.path).sort();
      assert.deepEqual(paths, [
        '/businessHours/timeZone',
        '/businessHours/weekly/mon/0',
        '/profileBot/guideMessage',
        '/profileBot/privacyConsent/url',
      ]);
      const schemaBad = structuredClone(validSettings) as Record<string, any>;
      schemaBad['profileBot'].fields = ['name', 'name', 'shoe'];
      schemaBad['businessHours'].weekly.tue = [{ start: '9:00', end: '25:00' }];
      const r2 = await t.admin('PUT', `/v1/workspaces/${ws}/settings`, schemaBad);
      assert.equal(r2.status, 400);
      const p2 = (r2.json.error.details as { path: string }[]).map((d) => d.path);
      assert.ok(p2.some((p) => p.startsWith('/profileBot/fields')));
      assert.ok(p2.includes('/businessHours/weekly/tue/0/start'));
      assert.ok(p2.includes('/businessHours/weekly/tue/0/end'));
      assert.equal((await t.admin('GET', `/v1/workspaces/${ws}/settings`)).json.version, 1);
    });

    it('404 for an unknown workspace', async () => {
      const r = await t.admin('GET', '/v1/workspaces/ws_nope/settings');
      assert.equal(r.status, 404);
      assert.equal(r.json.error.code, 'workspace_not_found');
    });
  });

  describe('channels', () => {
    it('returns secrets once, masks them afterwards, and stores them encrypted', async () => {
      const create = await t.admin('POST', `/v1/workspaces/${ws}/channels`, {
        type: 'naver',
        name: '톡톡 상담',
        credentials: { authorizationKey: 'naver-auth-key-SECRET-123456' },
      });
      assert.equal(create.status, 201);
      const ch = create.json;
      assert.equal(ch.type, 'naver');
      assert.equal(ch.credentials.authorizationKey, 'naver-auth-key-SECRET-123456');
      assert.match(ch.webhookUrl, new RegExp(`/webhooks/naver/${ch.id}\\?key=${ch.webhookKey}$`));
      assert.ok(ch.webhookKey.length >= 24);

      const read = await t.admin('GET', `/v1/workspaces/${ws}/channels/${ch.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.json.credentials.authorizationKey, '****3456');
      assert.ok(!read.text.includes(ch.webhookKey));
      assert.equal(read.json.webhookKey, undefined);
      const list = await t.admin('GET', `/v1/workspaces/${ws}/channels`);
      assert.equal(list.json.items.length, 1);
      assert.ok(!list.text.includes('SECRET'));

      const raw = await t.gw.redis.get(`${t.prefix}:ch:${ch.id}`);
      assert.ok(raw);
      assert.ok(!raw.includes('naver-auth-key-SECRET-123456'));
      assert.ok(!raw.includes(ch.webhookKey));
    });

    it('validates per-type credentials', async () => {
      const r = await t.admin('POST', `/v1/workspaces/${ws}/channels`, { type: 'kakao', name: 'k', credentials: { botId: 'b' } });
      assert.equal(r.status, 400);
      const paths = (r.json.error.details as { path: string }[]).map((d) => d.path).sort();
      assert.deepEqual(paths, ['/credentials/eventName', '/credentials/restApiKey']);
      const wrongType = await t.admin('POST', `/v1/workspaces/${ws}/channels`, { type: 'line', name: 'x' });
      assert.equal(wrongType.status, 400);
    });

    it('updates, rotates the webhook key (shown once) and deletes', async () => {
      const ch = (
        await t.admin('POST', `/v1/workspaces/${ws}/channels`, {
          type: 'kakao',
          name: 'kakao',
          credentials: { botId: 'bot1', restApiKey: 'kakao-rest-api-key-123456', eventName: 'talkgate' },
        })
      ).json;
      assert.deepEqual(ch.connectTriggers.utterances, ['상담원 연결', '상담사 연결', '상담 신청']);
      const patched = await t.admin('PATCH', `/v1/workspaces/${ws}/channels/${ch.id}`, { name: 'renamed', rotateWebhookKey: true });
      assert.equal(patched.status, 200);
      assert.equal(patched.json.name, 'renamed');
      assert.notEqual(patched.json.webhookKey, ch.webhookKey);
      assert.equal(patched.json.credentials.restApiKey, '****3456');
      const del = await t.admin('DELETE', `/v1/workspaces/${ws}/channels/${ch.id}`);
      assert.equal(del.status, 204);
      assert.equal((await t.admin('GET', `/v1/workspaces/${ws}/channels/${ch.id}`)).status, 404);
    });
  });

  describe('agents', () => {
    it('creates agents offline and changes their status', async () => {
      const a = await t.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '김상담', maxConcurrent: 3 });
      assert.equal(a.status, 201);
      assert.equal(a.json.online, false);
      assert.equal(a.json.name, '김상담');
      const on = await t.admin('PUT', `/v1/workspaces/${ws}/agents/${a.json.id}/status`, { online: true });
      assert.equal(on.status, 200);
      assert.equal(on.json.online, true);
      const missing = await t.admin('PUT', `/v1/workspaces/${ws}/agents/ag_nope/status`, { online: true });
      assert.equal(missing.status, 404);
      assert.equal(missing.json.error.code, 'agent_not_found');
    });
  });
});

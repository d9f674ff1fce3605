// api.md: PUT …/settings answers 400 "with every failing field" — schema failures and the
// settings rules together, each path once, as JSON pointers.
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

function validSettings(): Record<string, any> {
  return {
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
    autoMessages: { greeting: '안녕하세요', offHours: null },
    autoClose: { customerIdleMinutes: 30 },
  };
}

interface Detail {
  path: string;
  message: string;
}

describe('PUT /v1/workspaces/:ws/settings lists every failing field once', () => {
  let t: TestGateway;
  let ws: string;
  before(async () => {
    t = await startTestGateway();
    ws = (await t.admin('POST', '/v1/workspaces', { name: 'acme' })).json.id;
  });
  after(async () => t.stop());

  async function put(body: unknown): Promise<Detail[]> {
    const r = await t.admin('PUT', `/v1/workspaces/${ws}/settings`, body);
    assert.equal(r.status, 400, JSON.stringify(r.json));
    assert.equal(r.json.error.code, 'validation_failed');
    return r.json.error.details as Detail[];
  }

  function byPath(details: Detail[]): Map<string, string> {
    const paths = details.map((d) => d.path);
    assert.deepEqual(paths, [...new Set(paths)], `a path listed twice: ${paths.join(', ')}`);
    for (const p of paths) assert.match(p, /^\/[A-Za-z0-9/]*$/, `not a JSON pointer: ${p}`);
    return new Map(details.map((d) => [d.path, d.message]));
  }

  it('reports the semantic rules together with the schema errors', async () => {
    const bad = validSettings();
    bad['profileBot'].guideMessage = '   '; // rule: required when enabled
    bad['profileBot'].guideImageId = 'img_nope'; // rule: must be an uploaded image
    bad['profileBot'].privacyConsent.url = 'http://example.com/privacy'; // rule: https
    bad['profileBot'].fields = ['name', 'shoe', 'name']; // schema: enum; rule: duplicate
    bad['businessHours'].timeZone = 'Mars/Olympus'; // rule
    bad['businessHours'].weekly.mon = [{ start: '18:00', end: '09:00' }]; // rule: start before end
    bad['businessHours'].weekly.tue = [{ start: '9:00', end: '10:00' }]; // schema: pattern
    bad['businessHours'].holidays = ['2026-12-25', '2026-12-25']; // duplicate
    bad['autoClose'].customerIdleMinutes = 0; // schema: minimum
    bad['distribution'].colour = 'blue'; // schema: unknown field
    const m = byPath(await put(bad));
    assert.deepEqual([...m.keys()].sort(), [
      '/autoClose/customerIdleMinutes',
      '/businessHours/holidays/1',
      '/businessHours/timeZone',
      '/businessHours/weekly/mon/0',
      '/businessHours/weekly/tue/0/start',
      '/distribution/colour',
      '/profileBot/fields/1',
      '/profileBot/fields/2',
      '/profileBot/guideImageId',
      '/profileBot/guideMessage',
      '/profileBot/privacyConsent/url',
    ]);
    assert.match(m.get('/profileBot/fields/1') ?? '', /must be one of "name", "phone", "email", "birthdate", "address"/);
    assert.match(m.get('/profileBot/fields/2') ?? '', /repeats item 0/);
    assert.match(m.get('/businessHours/holidays/1') ?? '', /repeats item 0/);
    assert.match(m.get('/profileBot/privacyConsent/url') ?? '', /https/);
    assert.match(m.get('/distribution/colour') ?? '', /not a known field/);
  });

  it('says what a union field must be, once', async () => {
    const bad = validSettings();
    bad['profileBot'].guideMessage = 42;
    bad['profileBot'].onMissingProfile = 'later';
    bad['autoMessages'].greeting = false;
    const m = byPath(await put(bad));
    assert.deepEqual([...m.keys()].sort(), ['/autoMessages/greeting', '/profileBot/guideMessage', '/profileBot/onMissingProfile']);
    assert.equal(m.get('/profileBot/guideMessage'), 'must be string or null');
    assert.equal(m.get('/profileBot/onMissingProfile'), 'must be one of "assign", "hold"');
  });

  it("names the broken limit of a nullable field's value, not only null", async () => {
    const bad = validSettings();
    bad['autoMessages'].greeting = '가'.repeat(1001);
    bad['autoClose'].customerIdleMinutes = 0;
    const m = byPath(await put(bad));
    assert.deepEqual([...m.keys()].sort(), ['/autoClose/customerIdleMinutes', '/autoMessages/greeting']);
    assert.equal(m.get('/autoMessages/greeting'), 'must NOT have more than 1000 characters, or be null');
    assert.equal(m.get('/autoClose/customerIdleMinutes'), 'must be >= 1, or be null');
  });

  it('runs the rules on well-formed parts of a body whose other sections are missing', async () => {
    const bad = validSettings();
    delete bad['distribution'];
    bad['businessHours'].timeZone = 'Nowhere/Town';
    bad['profileBot'].privacyConsent.url = null;
    const m = byPath(await put(bad));
    assert.deepEqual([...m.keys()].sort(), ['/businessHours/timeZone', '/distribution', '/profileBot/privacyConsent/url']);
    const version = (await t.admin('GET', `/v1/workspaces/${ws}/settings`)).json.version;
    assert.equal(version, 1, 'nothing saved');
  });

  it('a body that is not an object gets one error at the root', async () => {
    const m = byPath(await put([1, 2]));
    assert.deepEqual([...m.keys()], ['/']);
  });
});

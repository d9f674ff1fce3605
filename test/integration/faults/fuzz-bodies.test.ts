// Fuzzing the public surfaces with generated and mutated bodies (seeded, so a failure names a
// reproducible case): Kakao, TalkTalk and web chat webhooks, the profile form submit, and the
// admin bodies. Wrong types, huge strings, 10 000 levels of nesting, invalid UTF-8,
// prototype-pollution keys, random bytes, empty bodies, wrong content types and encodings.
// Never a 5xx, never a crash, every refusal is the JSON error envelope, Object.prototype clean.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fixture } from '../../helpers/fixtures.js';
import { createRng, deepJson, invalidUtf8Json, mutate, pollutingJson, randomBytes, randomValue, type Rng } from '../../helpers/fuzz.js';
import { startPlatformDouble, type PlatformDouble } from '../../helpers/platform-double.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace, kakaoChannel, naverChannel } from '../../helpers/world.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20260105);
const MUTATIONS_PER_TARGET = 30;
const FORM_LINKS = 6;

interface Target {
  name: string;
  method: string;
  path: () => string;
  headers: Record<string, string>;
  valid: () => unknown;
  /** the form answers a script-less (urlencoded) submit with an HTML page, by design */
  htmlForUrlencoded?: boolean;
}

interface Case {
  label: string;
  body: string | Buffer;
  headers: Record<string, string>;
}

const JSON_TYPE = { 'content-type': 'application/json' };

function casesFor(rng: Rng, target: Target): Case[] {
  const json = (label: string, value: unknown): Case => ({ label, body: JSON.stringify(value) ?? 'null', headers: JSON_TYPE });
  const raw = (label: string, body: string | Buffer, headers: Record<string, string> = JSON_TYPE): Case => ({ label, body, headers });
  const valid = target.valid();
  const out: Case[] = [];
  for (let i = 0; i < MUTATIONS_PER_TARGET; i++) {
    let v: unknown = valid;
    for (let n = rng.int(1, 3); n > 0; n--) v = mutate(rng, v);
    out.push(json(`mutation ${i}`, v));
  }
  for (let i = 0; i < 8; i++) out.push(json(`random value ${i}`, randomValue(rng, 4)));
  pollutingJson(rng, valid).forEach((body, i) => out.push(raw(`prototype pollution ${i}`, body)));
  out.push(raw('10 000 nested arrays', deepJson(10_000, 'array')));
  out.push(raw('10 000 nested objects', deepJson(10_000, 'object')));
  out.push(raw('deep value in a valid body', JSON.stringify(valid).replace(/^\{/, `{"deep":${deepJson(5_000, 'object')},`)));
  for (let i = 0; i < 3; i++) out.push(raw(`invalid utf-8 ${i}`, invalidUtf8Json(rng, valid)));
  for (let i = 0; i < 3; i++) out.push(raw(`random bytes ${i}`, randomBytes(rng)));
  out.push(raw('empty body, json type', ''));
  out.push(raw('empty body, no type', '', {}));
  out.push(raw('json literal null', 'null'));
  out.push(raw('json string', '"hello"'));
  const text = JSON.stringify(valid);
  out.push(raw('text/plain', text, { 'content-type': 'text/plain' }));
  out.push(raw('xml', '<event><user>x</user></event>', { 'content-type': 'application/xml' }));
  out.push(raw('multipart', `--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n${text}\r\n--b--\r\n`, { 'content-type': 'multipart/form-data; boundary=b' }));
  out.push(raw('urlencoded', 'name=%ED%99%8D&phone=1&__proto__[polluted]=yes&constructor[prototype][polluted]=yes', { 'content-type': 'application/x-www-form-urlencoded' }));
  out.push(raw('urlencoded, invalid percent-encoding', 'name=%E0%A4%A&phone=%ZZ', { 'content-type': 'application/x-www-form-urlencoded' }));
  out.push(raw('json, latin1 charset', text, { 'content-type': 'application/json; charset=latin1' }));
  out.push(raw('json, utf-16 charset', Buffer.from(text, 'utf16le'), { 'content-type': 'application/json; charset=utf-16' }));
  out.push(raw('no content type', text, {}));
  out.push(raw('gzip that is not gzip', randomBytes(rng, 200), { ...JSON_TYPE, 'content-encoding': 'gzip' }));
  out.push(raw('deflate that is not deflate', randomBytes(rng, 200), { ...JSON_TYPE, 'content-encoding': 'deflate' }));
  out.push(raw('unknown content encoding', text, { ...JSON_TYPE, 'content-encoding': 'x-unknown' }));
  // huge: one string just under the 1 MiB body limit, and bodies over it
  const under = 1024 * 1024 - text.length - 200;
  out.push(json('huge string under 1 MiB', mutateHuge(valid, 'x'.repeat(under))));
  out.push(json('huge Korean string under 1 MiB', mutateHuge(valid, '가'.repeat(Math.floor(under / 3)))));
  out.push(json('over 1 MiB', mutateHuge(valid, 'x'.repeat(1024 * 1024 + 10))));
  out.push(raw('over 1 MiB of garbage', Buffer.alloc(1024 * 1024 + 1000, 0x7b)));
  return out;
}

/** the valid body with its longest string field (or a new field) replaced by `big` */
function mutateHuge(valid: unknown, big: string): unknown {
  let best: { holder: Record<string, unknown>; key: string; len: number } | null = null;
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string' && (!best || x.length > best.len)) best = { holder: v as Record<string, unknown>, key: k, len: x.length };
      walk(x);
    }
  };
  const copy = JSON.parse(JSON.stringify(valid ?? {})) as unknown;
  walk(copy);
  const found = best as { holder: Record<string, unknown>; key: string } | null;
  if (found) found.holder[found.key] = big;
  else if (copy && typeof copy === 'object') (copy as Record<string, unknown>)['big'] = big;
  return copy;
}

interface Answer {
  /** 0: the connection failed (the gateway may close on an oversized body after its 413) */
  status: number;
  text: string;
  contentType: string;
  requestId: string;
}

const CHILD_SENDER = `
let input = '';
for await (const c of process.stdin) input += c;
const out = [];
for (const r of JSON.parse(input)) {
  try {
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: Buffer.from(r.body, 'base64') });
    const requestId = res.headers.get('x-request-id') ?? '';
    out.push({ status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '', requestId });
  } catch (err) {
    out.push({ status: 0, text: String(err), contentType: '', requestId: '' });
  }
}
process.stdout.write(JSON.stringify(out));`;

// The cases are sent from a clean child process: nock, loaded in every test process, inspects
// (and gunzips) request bodies itself, and its interception makes each request ~10x slower.
function sendFromChild(reqs: { url: string; method: string; headers: Record<string, string>; body: Buffer }[]): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_SENDER], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Answer[]) : reject(new Error(`sender exited with ${code}`))));
    child.stdin.end(JSON.stringify(reqs.map((r) => ({ ...r, body: r.body.toString('base64') }))));
  });
}

function isEnvelope(json: unknown): boolean {
  const e = (json as { error?: unknown })?.error as Record<string, unknown> | undefined;
  return (
    !!e &&
    typeof e['code'] === 'string' &&
    e['code'].length > 0 &&
    typeof e['message'] === 'string' &&
    Array.isArray(e['details']) &&
    Object.keys(json as object).length === 1
  );
}

describe('faults: fuzzed webhook, form and admin bodies', function () {
  this.timeout(90_000);
  let t: TestGateway;
  let double: PlatformDouble;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };
  before(() => process.on('unhandledRejection', onRejection));
  after(async () => {
    process.off('unhandledRejection', onRejection);
    await t?.stop();
    await double?.close();
  });

  it('never answers 5xx, never crashes, always the error envelope, no prototype pollution', async () => {
    double = await startPlatformDouble();
    t = await startTestGateway({ KAKAO_SYNC_WAIT_MS: '50', SEND_ATTEMPTS: '1', LOG_LEVEL: 'warn' });
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();

    // a workspace with the profile bot on, so customers get a real form link
    const ws = await createWorkspace(t, {
      profileBot: { enabled: true, guideMessage: '상담 전 프로필을 입력해 주세요.', guideImageId: null, fields: ['name', 'phone'], onMissingProfile: 'assign', privacyConsent: { enabled: false, url: null } },
      distribution: { mode: 'auto', backlog: 'auto' },
      businessHours: { enabled: false, timeZone: 'Asia/Seoul', acceptOffHours: false, weekly: {}, holidays: [] },
      autoMessages: { greeting: null, offHours: null },
      autoClose: { customerIdleMinutes: null },
    });
    await createAgent(t, ws, '김상담', true, 1000);
    const kakaoBody = fixture('kakao/inbound/message-text.json');
    const kakao = await createChannel(t, ws, kakaoChannel({ apiBaseUrl: double.url, credentials: { botId: kakaoBody.bot.id, restApiKey: 'kakao-rest-api-key-1234567890', eventName: 'talkgate_message' } }));
    const naver = await createChannel(t, ws, naverChannel({ apiBaseUrl: double.url }));
    const webchat = await createChannel(t, ws, { type: 'webchat', name: '웹채팅' });
    const visitor = await t.request('POST', `/webhooks/webchat/${webchat.id}`, { body: { type: 'hello' } });
    assert.equal(visitor.status, 201);
    const visitorToken = visitor.json.visitorToken as string;

    // form links: web chat visitors ask for an agent and get the profile card; a valid fuzz
    // case uses one up (then 409), so there are several
    const formPaths: string[] = [];
    for (let i = 0; i < FORM_LINKS; i++) {
      const hello = await t.request('POST', `/webhooks/webchat/${webchat.id}`, { body: { type: 'hello' } });
      const r = await t.request('POST', `/webhooks/webchat/${webchat.id}`, { body: { type: 'connect_request', eventId: randomUUID() }, token: hello.json.visitorToken });
      assert.equal(r.status, 202);
    }
    await waitFor(async () => {
      const items = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items as { id: string }[];
      formPaths.length = 0;
      for (const c of items) {
        const conv = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${c.id}`)).json;
        const card = (conv.messages as { kind: string; card?: { buttons: { url: string }[] } }[]).find((m) => m.kind === 'card');
        if (card?.card?.buttons[0]) formPaths.push(new URL(card.card.buttons[0].url).pathname);
      }
      return formPaths.length === FORM_LINKS || null;
    }, 'the profile form links', 15_000);
    assert.equal((await t.request('GET', formPaths[0]!)).status, 200, 'the form link is real');

    const adminWs = await createWorkspace(t);
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    let formTurn = 0;
    const targets: Target[] = [
      { name: 'kakao webhook', method: 'POST', path: () => `/webhooks/kakao/${kakao.id}`, headers: { 'x-talkgate-key': kakao.webhookKey }, valid: () => kakaoBody },
      { name: 'naver webhook', method: 'POST', path: () => `/webhooks/naver/${naver.id}?key=${naver.webhookKey}`, headers: {}, valid: () => fixture('naver/inbound/send-text.json') },
      { name: 'webchat webhook', method: 'POST', path: () => `/webhooks/webchat/${webchat.id}`, headers: { authorization: `Bearer ${visitorToken}` }, valid: () => ({ ...fixture('webchat/inbound/message-text.json'), eventId: randomUUID() }) },
      { name: 'profile form', method: 'POST', path: () => formPaths[formTurn++ % formPaths.length]!, headers: {}, valid: () => ({ name: '김민수', phone: '010-1234-5678' }), htmlForUrlencoded: true },
      { name: 'settings PUT', method: 'PUT', path: () => `/v1/workspaces/${adminWs}/settings`, headers: admin, valid: () => ({ profileBot: { enabled: false, guideMessage: null, guideImageId: null, fields: ['name'], onMissingProfile: 'assign', privacyConsent: { enabled: false, url: null } }, distribution: { mode: 'auto', backlog: 'auto' }, businessHours: { enabled: false, timeZone: 'Asia/Seoul', acceptOffHours: false, weekly: {}, holidays: [] }, autoMessages: { greeting: '안녕하세요', offHours: null }, autoClose: { customerIdleMinutes: 30 } }) },
      { name: 'channel POST', method: 'POST', path: () => `/v1/workspaces/${adminWs}/channels`, headers: admin, valid: () => naverChannel({ apiBaseUrl: double.url, connectTriggers: { utterances: ['상담원 연결'] }, allowCidrs: ['127.0.0.1/32'] }) },
      { name: 'agent POST', method: 'POST', path: () => `/v1/workspaces/${adminWs}/agents`, headers: admin, valid: () => ({ name: '이상담', maxConcurrent: 3 }) },
    ];

    const rng = createRng(SEED);
    const byStatus = new Map<number, number>();
    let total = 0;
    const check = (label: string, target: Target, c: Case, r: Answer): void => {
      total++;
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      if (r.status === 0 && Buffer.byteLength(c.body) > 1024 * 1024) return;
      if (r.status >= 500 || r.status === 0) {
        const logged = t.logs.filter((l) => l.includes('unhandled error') && (!r.requestId || l.includes(r.requestId))).at(-1) ?? '';
        assert.fail(`${label}: ${r.status} ${r.text.slice(0, 300)}\n${logged.slice(0, 2000)}`);
      }
      if (r.status >= 400) {
        const html = target.htmlForUrlencoded && c.headers['content-type']?.startsWith('application/x-www-form-urlencoded');
        if (html) assert.match(r.contentType, /text\/html/, `${label}: the form page`);
        else {
          let json: unknown;
          try {
            json = JSON.parse(r.text);
          } catch {
            json = undefined;
          }
          assert.ok(isEnvelope(json), `${label}: ${r.status} is not the error envelope: ${r.text.slice(0, 300)}`);
        }
      }
    };
    const started = Date.now();
    const cases: { label: string; target: Target; c: Case }[] = [];
    const requests: Parameters<typeof sendFromChild>[0] = [];
    for (const target of targets) {
      for (const [i, c] of casesFor(rng.fork(target.name), target).entries()) {
        cases.push({ label: `seed ${SEED} · ${target.name} · case ${i} (${c.label})`, target, c });
        requests.push({ url: `${t.url}${target.path()}`, method: target.method, headers: { ...target.headers, ...c.headers }, body: Buffer.from(c.body) });
      }
      // a malformed %-escape where the route expects an id or token
      const bad = target.path().replace(/\/([^/?]+)(\?|$)/, '/%E0%A4%A$2');
      cases.push({ label: `seed ${SEED} · ${target.name} · malformed path ${bad}`, target, c: { label: 'path', body: '', headers: JSON_TYPE } });
      requests.push({ url: `${t.url}${bad}`, method: target.method, headers: { ...target.headers, ...JSON_TYPE }, body: Buffer.from(JSON.stringify(target.valid())) });
    }
    const answers = await sendFromChild(requests);
    cases.forEach(({ label, target, c }, i) => check(label, target, c, answers[i]!));
    const elapsed = Date.now() - started;

    assert.equal((await t.request('GET', '/healthz')).status, 200);
    assert.equal((await t.request('GET', '/readyz')).status, 200);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoBefore, 'Object.prototype has no new properties');
    const probe = {} as Record<string, unknown>;
    for (const key of ['polluted', 'isAdmin']) assert.equal(probe[key], undefined, `Object.prototype.${key}`);
    assert.ok(!Object.getOwnPropertyNames(Object.prototype).some((k) => k.startsWith('polluted_')));
    assert.deepEqual(rejections, [], 'no unhandled promise rejections');
    // the gateway still works for real traffic after all that
    const after = await t.request('POST', `/webhooks/naver/${naver.id}?key=${naver.webhookKey}`, { body: fixture('naver/inbound/send-text.json') });
    assert.equal(after.status, 200);
    const statuses = Object.fromEntries([...byStatus.entries()].sort(([a], [b]) => a - b));
    console.log(`    fuzz: ${total} cases over ${targets.length} surfaces in ${elapsed} ms (seed ${SEED}), answers by status ${JSON.stringify(statuses)}`);
  });
});

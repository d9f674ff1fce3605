import assert from 'node:assert/strict';
import nock from 'nock';
import { PROFILE_MESSAGES } from '../../../src/domain/profile-validation.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { createAgent, createChannel, createWorkspace, naverChannel } from '../../helpers/world.js';
import { connectNaver, recordNaverSends } from './customer-world.js';

const ADDRESS = { zonecode: '06236', roadAddress: '서울 강남구 테헤란로 152', buildingName: '강남파이낸스센터', detail: '10층' };

describe('Customer profile on the agent side (PB-20)', () => {
  let t: TestGateway;
  let ws: string;
  let customerId: string;
  let path: string;

  beforeEach(async () => {
    t = await startTestGateway({ SEND_BACKOFF_MS: '50' });
    recordNaverSends();
    ws = await createWorkspace(t);
    const ch = await createChannel(t, ws, naverChannel());
    customerId = (await connectNaver(t, ws, ch)).customerId;
    path = `/v1/workspaces/${ws}/customers/${customerId}`;
  });
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('shows a new customer with an empty profile', async () => {
    const r = await t.admin('GET', path);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['channelType', 'createdAt', 'flags', 'guardianConsentRequired', 'id', 'identifier', 'profile', 'updatedAt']);
    assert.equal(r.json.id, customerId);
    assert.equal(r.json.identifier, 'al-2eGuGr5WQOnco1_V-FQ');
    assert.equal(r.json.channelType, 'naver');
    assert.deepEqual(r.json.profile, {});
    assert.equal(r.json.guardianConsentRequired, false);
  });

  it('PATCH saves valid fields, normalises the phone number and returns the customer', async () => {
    const r = await t.admin('PATCH', `${path}/profile`, { name: ' 김고객 ', phone: '01012345678', email: 'kim@example.com', birthdate: '1990-01-31', address: ADDRESS });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.profile, {
      name: '김고객',
      phone: '010-1234-5678',
      email: 'kim@example.com',
      birthdate: '1990-01-31',
      address: { zonecode: '06236', roadAddress: '서울 강남구 테헤란로 152', buildingName: '강남파이낸스센터', detail: '10층' },
    });
    assert.equal(r.json.id, customerId);
    const again = await t.admin('GET', path);
    assert.deepEqual(again.json.profile, r.json.profile);

    // a partial PATCH leaves the other fields alone
    const phoneOnly = await t.admin('PATCH', `${path}/profile`, { phone: '010 9999 0000' });
    assert.equal(phoneOnly.status, 200);
    assert.equal(phoneOnly.json.profile.phone, '010-9999-0000');
    assert.equal(phoneOnly.json.profile.name, '김고객');
    assert.equal(phoneOnly.json.profile.email, 'kim@example.com');
  });

  it('PATCH refuses invalid input with one detail per failing field and saves nothing', async () => {
    await t.admin('PATCH', `${path}/profile`, { name: '김고객' });
    const r = await t.admin('PATCH', `${path}/profile`, {
      name: '박고객',
      phone: '02-123-4567',
      email: 'not-an-email',
      birthdate: '2999-01-01',
      address: { zonecode: '123', roadAddress: '' },
      nickname: 'x',
    });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, 'profile_invalid');
    assert.deepEqual(
      r.json.error.details.map((d: { path: string }) => d.path),
      ['/nickname', '/phone', '/email', '/birthdate', '/address/zonecode', '/address/roadAddress'],
    );
    const byPath = new Map<string, string>(r.json.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    assert.equal(byPath.get('/phone'), PROFILE_MESSAGES.phoneFormat);
    assert.equal(byPath.get('/email'), PROFILE_MESSAGES.emailFormat);
    assert.equal(byPath.get('/birthdate'), PROFILE_MESSAGES.birthdateFuture);
    const after = await t.admin('GET', path);
    assert.deepEqual(after.json.profile, { name: '김고객' }, 'the valid name in the refused PATCH is not saved either');
    assert.equal((await t.admin('GET', `${path}/audit`)).json.items.length, 1);
  });

  it('PATCH refuses a birth date that is not on the calendar and a body that is not an object', async () => {
    const r = await t.admin('PATCH', `${path}/profile`, { birthdate: '1990-02-30' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json.error.details, [{ path: '/birthdate', message: PROFILE_MESSAGES.birthdateNotADate }]);
    const arr = await t.admin('PATCH', `${path}/profile`, ['name']);
    assert.equal(arr.status, 400);
    assert.equal(arr.json.error.details[0].path, '/');
  });

  it('audits every changed field with actor, old and new values, oldest first', async () => {
    const agentId = await createAgent(t, ws, '이상담', false);
    const first = await t.request('PATCH', `${path}/profile`, { body: { name: '김고객', phone: '01012345678' }, token: ADMIN_TOKEN, headers: { 'x-agent-id': agentId } });
    assert.equal(first.status, 200, first.text);
    // the same phone in another spelling and the same name are no change: not audited
    assert.equal((await t.admin('PATCH', `${path}/profile`, { name: '김고객', phone: '010-1234-5678', email: 'kim@example.com' })).status, 200);
    assert.equal((await t.admin('DELETE', `${path}/profile/name`)).status, 204);

    const r = await t.admin('GET', `${path}/audit`);
    assert.equal(r.status, 200);
    const items = r.json.items as { at: string; actor: string; field: string; old: unknown; new: unknown }[];
    assert.deepEqual(
      items.map(({ actor, field, old, new: next }) => ({ actor, field, old, new: next })),
      [
        { actor: agentId, field: 'name', old: null, new: '김고객' },
        { actor: agentId, field: 'phone', old: null, new: '010-1234-5678' },
        { actor: 'admin', field: 'email', old: null, new: 'kim@example.com' },
        { actor: 'admin', field: 'name', old: '김고객', new: null },
      ],
    );
    for (const e of items) assert.ok(!Number.isNaN(Date.parse(e.at)) && e.at.endsWith('Z'), e.at);
    assert.ok(items[0]!.at <= items[3]!.at);
  });

  it('records an edited address as old → new objects', async () => {
    await t.admin('PATCH', `${path}/profile`, { address: ADDRESS });
    await t.admin('PATCH', `${path}/profile`, { address: { ...ADDRESS, detail: '11층' } });
    const items = (await t.admin('GET', `${path}/audit`)).json.items;
    assert.equal(items.length, 2);
    assert.deepEqual(items[1].old, ADDRESS);
    assert.deepEqual(items[1].new, { ...ADDRESS, detail: '11층' });
  });

  it('refuses an X-Agent-Id that names no agent of the workspace (400 unknown_agent), saving nothing', async () => {
    const otherWs = await createWorkspace(t);
    const foreignAgent = await createAgent(t, otherWs, '남의상담', false);
    for (const id of ['ag_nope', foreignAgent, '']) {
      const r = await t.request('PATCH', `${path}/profile`, { body: { name: '김고객' }, token: ADMIN_TOKEN, headers: { 'x-agent-id': id } });
      assert.equal(r.status, 400, `${id}: ${r.text}`);
      assert.equal(r.json.error.code, 'unknown_agent');
      const del = await t.request('DELETE', `${path}/profile/name`, { token: ADMIN_TOKEN, headers: { 'x-agent-id': id } });
      assert.equal(del.status, 400);
      assert.equal(del.json.error.code, 'unknown_agent');
    }
    assert.deepEqual((await t.admin('GET', path)).json.profile, {});
    assert.deepEqual((await t.admin('GET', `${path}/audit`)).json.items, []);
  });

  it('DELETE removes one field (204), is idempotent without a second audit entry, and refuses unknown fields', async () => {
    await t.admin('PATCH', `${path}/profile`, { name: '김고객', phone: '010-1234-5678' });
    const del = await t.admin('DELETE', `${path}/profile/phone`);
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    assert.deepEqual((await t.admin('GET', path)).json.profile, { name: '김고객' });

    assert.equal((await t.admin('DELETE', `${path}/profile/phone`)).status, 204);
    assert.equal((await t.admin('DELETE', `${path}/profile/email`)).status, 204);
    const fields = (await t.admin('GET', `${path}/audit`)).json.items.map((e: { field: string; new: unknown }) => `${e.field}:${String(e.new)}`);
    assert.deepEqual(fields, ['name:김고객', 'phone:010-1234-5678', 'phone:null']);

    const unknown = await t.admin('DELETE', `${path}/profile/nickname`);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error.code, 'unknown_profile_field');
  });

  it('answers 404 customer_not_found for an unknown customer and for one of another workspace', async () => {
    const otherWs = await createWorkspace(t);
    const foreign = `/v1/workspaces/${otherWs}/customers/${customerId}`;
    const unknown = `/v1/workspaces/${ws}/customers/cus_unknown`;
    for (const p of [foreign, unknown]) {
      const checks = [
        await t.admin('GET', p),
        await t.admin('PATCH', `${p}/profile`, { name: '김고객' }),
        await t.admin('DELETE', `${p}/profile/name`),
        await t.admin('GET', `${p}/audit`),
      ];
      for (const r of checks) {
        assert.equal(r.status, 404, `${p}: ${r.text}`);
        assert.equal(r.json.error.code, 'customer_not_found');
      }
    }
    assert.deepEqual((await t.admin('GET', path)).json.profile, {}, 'the foreign-workspace PATCH changed nothing');
  });

  it('answers 401 without the bearer token', async () => {
    const checks = [
      await t.request('GET', path),
      await t.request('PATCH', `${path}/profile`, { body: { name: '김고객' } }),
      await t.request('DELETE', `${path}/profile/name`),
      await t.request('GET', `${path}/audit`),
      await t.request('GET', path, { token: 'wrong-token' }),
    ];
    for (const r of checks) assert.equal(r.status, 401);
    assert.deepEqual((await t.admin('GET', path)).json.profile, {});
  });

  it('concurrent edits of different fields are all kept (the customer lock serialises them)', async () => {
    const edits = [{ name: '김고객' }, { phone: '01012345678' }, { email: 'kim@example.com' }, { birthdate: '1990-01-31' }, { address: ADDRESS }];
    const results = await Promise.all(edits.map((body) => t.admin('PATCH', `${path}/profile`, body)));
    for (const r of results) assert.equal(r.status, 200, r.text);
    const profile = (await t.admin('GET', path)).json.profile;
    assert.deepEqual(Object.keys(profile).sort(), ['address', 'birthdate', 'email', 'name', 'phone']);
    assert.equal((await t.admin('GET', `${path}/audit`)).json.items.length, 5);
  });

  it('never writes profile values or audit entries to the logs', async () => {
    const agentId = await createAgent(t, ws, '이상담', false);
    const logsBefore = t.logs.length;
    await t.request('PATCH', `${path}/profile`, {
      body: { name: '홍길순로그', phone: '01098761234', email: 'hong.log@example.com' },
      token: ADMIN_TOKEN,
      headers: { 'x-agent-id': agentId },
    });
    await t.admin('PATCH', `${path}/profile`, { phone: '999', birthdate: '1990-02-30' });
    await t.admin('GET', path);
    await t.admin('GET', `${path}/audit`);
    await t.admin('DELETE', `${path}/profile/phone`);
    const written = t.logs.slice(logsBefore).join('');
    assert.ok(written.includes(customerId), 'the edits are logged by id');
    assert.ok(written.includes('customer profile edited'));
    // whole values and their formatted spelling: a bare digit run like 9876 also occurs in timestamps
    for (const secret of ['홍길순로그', '010-9876-1234', '01098761234', 'hong.log@example.com', '1990-02-30']) {
      assert.ok(!t.logs.join('').includes(secret), `${secret} appears in the logs`);
    }
  });
});

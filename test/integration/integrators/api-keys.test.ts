// Workspace API keys (integration.md): create, list, revoke, roll, expiry, lastUsedAt, and the
// key itself shown once, stored only as a hash and never logged.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/infra/logger.js';
import { connectRedis, scanKeys } from '../../helpers/redis-harness.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

const T0 = Date.parse('2026-12-04T09:00:00.000Z');
const HOUR = 3_600_000;

describe('Workspace API keys', () => {
  let t: TestGateway;
  let clock: number;
  let ws: string;
  const keys = (): string => `/v1/workspaces/${ws}/api-keys`;
  const create = async (body: Record<string, unknown>) => t.admin('POST', keys(), body);
  const agents = (key: string) => t.request('GET', `/v1/workspaces/${ws}/agents`, { token: key });

  beforeEach(async () => {
    clock = T0;
    t = await startTestGateway({}, () => new Date(clock));
    ws = (await t.admin('POST', '/v1/workspaces', { name: 'acme' })).json.id;
  });
  afterEach(async () => t.stop());

  it('creates a key shown once: 201 with the key, then only its mask', async () => {
    const r = await create({ name: 'desk', scopes: ['agents', 'conversations:read'] });
    assert.equal(r.status, 201);
    assert.deepEqual(Object.keys(r.json).sort(), ['createdAt', 'expiresAt', 'id', 'key', 'mask', 'name', 'scopes']);
    assert.match(r.json.key, /^tgk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    assert.match(r.json.id, /^key_/);
    assert.equal(r.json.createdAt, new Date(T0).toISOString());
    assert.equal(r.json.expiresAt, null);
    assert.ok(!r.json.mask.includes(r.json.key.slice(20, 60)), 'the mask does not hold the secret');
    const list = await t.admin('GET', keys());
    assert.equal(list.status, 200);
    assert.ok(!list.text.includes(r.json.key), 'the list never returns the key');
    assert.deepEqual(list.json.items, [
      { id: r.json.id, name: 'desk', scopes: ['agents', 'conversations:read'], mask: r.json.mask, createdAt: r.json.createdAt, expiresAt: null, lastUsedAt: null, revokedAt: null },
    ]);
    assert.equal((await agents(r.json.key)).status, 200);
  });

  it('stores only a hash of the key: no Redis value holds it', async () => {
    const { key } = (await create({ name: 'desk', scopes: ['agents'] })).json;
    const redis = connectRedis(t.redisUrl);
    try {
      const names = await scanKeys(t.redisUrl, `${t.prefix}:*`);
      for (const name of names) {
        const type = await redis.type(name);
        const dump = type === 'hash' ? JSON.stringify(await redis.hgetall(name)) : type === 'string' ? await redis.get(name) : '';
        assert.ok(!dump?.includes(key.slice(4)), `${name} holds the key`);
      }
    } finally {
      redis.disconnect();
    }
  });

  it('refuses bad input with 400 naming the field', async () => {
    const unknownScope = await create({ name: 'x', scopes: ['root'] });
    assert.equal(unknownScope.status, 400);
    assert.equal(unknownScope.json.error.details[0].path, '/scopes/0');
    assert.equal((await create({ name: 'x', scopes: [] })).status, 400);
    const past = await create({ name: 'x', scopes: ['agents'], expiresAt: new Date(T0 - 1000).toISOString() });
    assert.equal(past.status, 400);
    assert.deepEqual(past.json.error.details, [{ path: '/expiresAt', message: 'must be in the future' }]);
    assert.equal((await t.admin('POST', '/v1/workspaces/ws_nope/api-keys', { name: 'x', scopes: ['agents'] })).status, 404);
  });

  it('refuses a key that expired with 401 api_key_expired', async () => {
    const { key } = (await create({ name: 'temp', scopes: ['agents'], expiresAt: new Date(T0 + HOUR).toISOString() })).json;
    assert.equal((await agents(key)).status, 200);
    clock = T0 + HOUR;
    const r = await agents(key);
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'api_key_expired');
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
  });

  it('revokes: 204, refused from the next request on, listed with revokedAt', async () => {
    const { key, id } = (await create({ name: 'desk', scopes: ['agents', 'api_keys'] })).json;
    assert.equal((await agents(key)).status, 200);
    clock += 1000;
    assert.equal((await t.request('DELETE', `${keys()}/${id}`, { token: key })).status, 204);
    const after = await agents(key);
    assert.equal(after.status, 401);
    assert.equal(after.json.error.code, 'api_key_revoked');
    const item = (await t.admin('GET', keys())).json.items[0];
    assert.equal(item.revokedAt, new Date(T0 + 1000).toISOString());
    assert.equal((await t.admin('DELETE', `${keys()}/${id}`)).status, 204, 'revoking twice is harmless');
    assert.equal((await t.admin('DELETE', `${keys()}/key_AAAAAAAAAAAA`)).json.error.code, 'api_key_not_found');
  });

  it('rolls: a new key at once, the old one valid until oldKeyExpiresInSeconds, then 401', async () => {
    const old = (await create({ name: 'desk', scopes: ['agents'] })).json;
    const rolled = await t.admin('POST', `${keys()}/${old.id}/roll`, { oldKeyExpiresInSeconds: 600 });
    assert.equal(rolled.status, 201);
    assert.notEqual(rolled.json.key, old.key);
    assert.equal(rolled.json.name, 'desk');
    assert.deepEqual(rolled.json.scopes, ['agents']);
    assert.equal((await agents(old.key)).status, 200);
    assert.equal((await agents(rolled.json.key)).status, 200);
    const listed = (await t.admin('GET', keys())).json.items;
    assert.equal(listed.find((k: { id: string }) => k.id === old.id).expiresAt, new Date(T0 + 600_000).toISOString());
    clock = T0 + 600_000;
    assert.equal((await agents(old.key)).json.error.code, 'api_key_expired');
    assert.equal((await agents(rolled.json.key)).status, 200);
    assert.equal((await t.admin('POST', `${keys()}/${old.id}/roll`)).json.error.code, 'api_key_expired');
  });

  it('rolls with a default of 86400 s and at most 604800 s', async () => {
    const old = (await create({ name: 'desk', scopes: ['agents'] })).json;
    assert.equal((await t.admin('POST', `${keys()}/${old.id}/roll`, { oldKeyExpiresInSeconds: 604_801 })).status, 400);
    assert.equal((await t.request('POST', `${keys()}/${old.id}/roll`, { token: ADMIN_TOKEN })).status, 201);
    clock = T0 + 86_399_000;
    assert.equal((await agents(old.key)).status, 200);
    clock = T0 + 86_400_000;
    assert.equal((await agents(old.key)).status, 401);
  });

  it('writes lastUsedAt at most once an hour', async () => {
    const { key } = (await create({ name: 'desk', scopes: ['agents', 'api_keys'] })).json;
    const lastUsed = async () => (await t.admin('GET', keys())).json.items[0].lastUsedAt;
    await agents(key);
    await waitFor(async () => (await lastUsed()) === new Date(T0).toISOString());
    clock = T0 + HOUR - 1;
    await agents(key);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await lastUsed(), new Date(T0).toISOString(), 'not rewritten within the hour');
    clock = T0 + HOUR;
    await agents(key);
    await waitFor(async () => (await lastUsed()) === new Date(T0 + HOUR).toISOString());
  });

  it('keeps ADMIN_TOKEN-only routes closed to keys', async () => {
    const { key } = (await create({ name: 'all', scopes: ['settings', 'channels', 'agents', 'api_keys'] })).json;
    for (const [method, path] of [['POST', '/v1/workspaces'], ['GET', '/v1/ops/queues'], ['GET', '/v1/ops/dead-letters'], ['GET', '/v1/ops/queue-ui/']]) {
      const r = await t.request(method!, path!, { token: key, body: method === 'POST' ? { name: 'x' } : undefined });
      assert.equal(r.status, 401, `${method} ${path}`);
    }
    const forged = await agents(`${key.slice(0, -4)}AAAA`);
    assert.equal(forged.status, 401);
    assert.equal(forged.json.error.code, 'invalid_token');
    assert.equal((await agents('tgk_nonsense')).json.error.code, 'invalid_token');
    assert.equal((await t.admin('GET', `/v1/workspaces/${ws}/agents`)).status, 200, 'ADMIN_TOKEN still opens workspace routes');
  });

  it('lets a key give out only the scopes it holds, by create or by roll', async () => {
    const manager = (await create({ name: 'mgr', scopes: ['api_keys', 'conversations:write'] })).json.key;
    const ok = await t.request('POST', keys(), { token: manager, body: { name: 'reader', scopes: ['conversations:read'] } });
    assert.equal(ok.status, 201);
    const more = await t.request('POST', keys(), { token: manager, body: { name: 'x', scopes: ['conversations:read', 'settings', 'webhooks'] } });
    assert.equal(more.status, 403);
    assert.equal(more.json.error.code, 'insufficient_scope');
    assert.deepEqual(more.json.error.details, [{ path: 'scope', message: 'needs settings' }, { path: 'scope', message: 'needs webhooks' }]);
    const strong = (await create({ name: 'ops', scopes: ['settings'] })).json;
    const roll = await t.request('POST', `${keys()}/${strong.id}/roll`, { token: manager });
    assert.equal(roll.status, 403);
    clock = T0 + 86_400_000;
    const still = await t.request('GET', `/v1/workspaces/${ws}/settings`, { token: strong.key });
    assert.equal(still.status, 200, 'the refused roll did not shorten the key');
  });

  it('never logs a key: not at creation, use, refusal, revocation or roll', async () => {
    const created = (await create({ name: 'desk', scopes: ['agents', 'api_keys'] })).json;
    await agents(created.key);
    await agents(`${created.key.slice(0, -1)}x`);
    const rolled = (await t.request('POST', `${keys()}/${created.id}/roll`, { token: created.key, body: {} })).json;
    await t.request('DELETE', `${keys()}/${rolled.id}`, { token: rolled.key });
    await agents(rolled.key);
    await new Promise((r) => setTimeout(r, 50));
    const logs = t.logs.join('');
    assert.ok(logs.includes(created.id), 'the key id is logged');
    for (const k of [created.key, rolled.key]) assert.ok(!logs.includes(k.slice(17)), 'a key secret is in the logs');
  });

  it('redacts an Authorization header that reaches a log line', () => {
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }));
    log.info({ req: { headers: { authorization: 'Bearer tgk_secret' } }, headers: { authorization: 'Bearer tgk_secret' } }, 'x');
    assert.ok(!lines.join('').includes('tgk_secret'));
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

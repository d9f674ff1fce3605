import assert from 'node:assert/strict';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

describe('HTTP foundation: statuses and the error envelope', () => {
  let t: TestGateway;
  beforeEach(async () => {
    t = await startTestGateway();
  });
  afterEach(async () => t.stop());

  function assertEnvelope(json: unknown, code: string): void {
    const e = (json as { error: { code: string; message: string; details: unknown[] } }).error;
    assert.equal(e.code, code);
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 10);
    assert.ok(Array.isArray(e.details));
  }

  it('401 without a token and with a wrong one', async () => {
    const none = await t.request('POST', '/v1/workspaces', { body: { name: 'a' } });
    assert.equal(none.status, 401);
    assertEnvelope(none.json, 'missing_token');
    const wrong = await t.request('POST', '/v1/workspaces', { body: { name: 'a' }, token: `${ADMIN_TOKEN}x` });
    assert.equal(wrong.status, 401);
    assertEnvelope(wrong.json, 'invalid_token');
  });

  it('404 JSON for an unknown route', async () => {
    const r = await t.admin('GET', '/v1/nothing-here');
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    assertEnvelope(r.json, 'route_not_found');
  });

  it('413 for a body over 1 MiB', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    const r = await t.request('POST', '/v1/workspaces', { raw: big, token: ADMIN_TOKEN, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 413);
    assertEnvelope(r.json, 'payload_too_large');
  });

  it('415 for a non-JSON body on a JSON route', async () => {
    const r = await t.request('POST', '/v1/workspaces', { raw: 'name=a', token: ADMIN_TOKEN, headers: { 'content-type': 'text/plain' } });
    assert.equal(r.status, 415);
    assertEnvelope(r.json, 'unsupported_media_type');
  });

  it('400 for malformed JSON', async () => {
    const r = await t.request('POST', '/v1/workspaces', { raw: '{"name":', token: ADMIN_TOKEN, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400);
    assertEnvelope(r.json, 'invalid_json');
  });

  it('400 lists every failing field', async () => {
    const ws = (await t.admin('POST', '/v1/workspaces', { name: 'acme' })).json.id as string;
    const r = await t.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '', maxConcurrent: 0, extra: 1 });
    assert.equal(r.status, 400);
    assertEnvelope(r.json, 'validation_failed');
    const paths = (r.json.error.details as { path: string }[]).map((d) => d.path).sort();
    assert.deepEqual(paths, ['/extra', '/maxConcurrent', '/name']);
  });

  it('sets X-Request-Id on every answer and keeps a sane incoming one', async () => {
    const r = await t.request('GET', '/healthz', { headers: { 'x-request-id': 'abc12345-req' } });
    assert.equal(r.headers.get('x-request-id'), 'abc12345-req');
    const r2 = await t.request('GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(r2.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('never logs the bearer token', async () => {
    await t.admin('POST', '/v1/workspaces', { name: 'acme' });
    await t.request('GET', '/healthz', { token: 'some-other-secret-token-value' });
    const all = t.logs.join('');
    assert.ok(!all.includes(ADMIN_TOKEN));
    assert.ok(!all.includes('some-other-secret-token-value'));
  });
});

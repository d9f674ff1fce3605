// The platform webhooks are answered by the fast path in front of express (src/http/fast-webhooks.ts);
// what a platform sees must be what the express route answered: statuses, the error envelope, the
// request id, the access-log line, the metrics, and a deleted channel refused at once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { fixture } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { createChannel, createWorkspace, naverChannel } from '../../helpers/world.js';

const JSON_TYPE = { 'content-type': 'application/json' };

/** a POST with a chunked body (no Content-Length), as a streaming client sends it */
function postChunked(url: string, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: JSON_TYPE }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('platform webhooks: the fast path answers as the express route did', () => {
  let t: TestGateway;
  let ws: string;
  let ch: { id: string; webhookKey: string };
  let hook: string;
  before(async () => {
    t = await startTestGateway({ ROLE: 'http' });
    ws = await createWorkspace(t);
    ch = await createChannel(t, ws, naverChannel());
    hook = `/webhooks/naver/${ch.id}?key=${ch.webhookKey}`;
  });
  after(async () => t.stop());

  function assertEnvelope(json: unknown, code: string): void {
    const e = (json as { error: { code: string; message: string; details: unknown[] } }).error;
    assert.equal(e.code, code);
    assert.ok(e.message.length > 10);
    assert.ok(Array.isArray(e.details));
  }

  it('records a TalkTalk event: 200, the request id echoed, one access-log line with the channel and event, the metrics', async () => {
    const r = await t.request('POST', hook, { body: fixture('naver/inbound/send-text.json'), headers: { 'x-request-id': 'fast-path-req-0001' } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(r.headers.get('x-request-id'), 'fast-path-req-0001');
    const line = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'http request' && l['reqId'] === 'fast-path-req-0001');
    assert.ok(line, 'the access-log line');
    assert.equal(line['route'], '/webhooks/naver/:channelId');
    assert.equal(line['status'], 200);
    assert.equal(line['channelId'], ch.id);
    assert.equal((line['events'] as string[]).length, 1);
    assert.ok(!JSON.stringify(line).includes(ch.webhookKey), 'the key in the query is not logged');
    const metrics = (await t.request('GET', '/metrics')).text;
    assert.match(metrics, /talkgate_webhooks_total\{channel="naver",outcome="recorded"\} [1-9]/);
    assert.match(metrics, /route="\/webhooks\/naver\/:channelId",status="200"/);
  });

  it('a new request id when none (or an unsafe one) is sent', async () => {
    const r = await t.request('POST', hook, { body: fixture('naver/inbound/send-text.json'), headers: { 'x-request-id': 'bad id!' } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('the body rules: 400 invalid_json, 400 json_too_deep, 415 for another type, 413 over 1 MiB (declared or streamed)', async () => {
    const bad = await t.request('POST', hook, { raw: '{"event":', headers: JSON_TYPE });
    assert.equal(bad.status, 400);
    assertEnvelope(bad.json, 'invalid_json');
    assert.ok(bad.headers.get('x-request-id'));
    const deep = await t.request('POST', hook, { raw: `${'['.repeat(100)}${']'.repeat(100)}`, headers: JSON_TYPE });
    assert.equal(deep.status, 400);
    assertEnvelope(deep.json, 'json_too_deep');
    const text = await t.request('POST', hook, { raw: 'event=send', headers: { 'content-type': 'text/plain' } });
    assert.equal(text.status, 415);
    assertEnvelope(text.json, 'unsupported_media_type');
    const big = JSON.stringify({ event: 'send', pad: 'x'.repeat(1024 * 1024) });
    const declared = await t.request('POST', hook, { raw: big, headers: JSON_TYPE });
    assert.equal(declared.status, 413);
    assertEnvelope(declared.json, 'payload_too_large');
    const streamed = await postChunked(`${t.url}${hook}`, [Buffer.from(big.slice(0, 600_000)), Buffer.from(big.slice(600_000))]);
    assert.equal(streamed.status, 413);
    assertEnvelope(JSON.parse(streamed.body), 'payload_too_large');
    // the connection that was refused mid-body does not break the next request
    assert.equal((await t.request('POST', hook, { body: fixture('naver/inbound/send-text.json') })).status, 200);
  });

  it('a chunked body and a gzip-encoded one are read as JSON', async () => {
    const body = Buffer.from(JSON.stringify(fixture('naver/inbound/send-text.json')));
    const chunked = await postChunked(`${t.url}${hook}`, [body.subarray(0, 10), body.subarray(10)]);
    assert.equal(chunked.status, 200);
    const gz = await t.request('POST', hook, { raw: gzipSync(body), headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } });
    assert.equal(gz.status, 200);
  });

  it('401 without the key, 404 for an unknown channel or another type, with the envelope', async () => {
    const noKey = await t.request('POST', `/webhooks/naver/${ch.id}`, { body: fixture('naver/inbound/send-text.json') });
    assert.equal(noKey.status, 401);
    assert.equal(noKey.headers.get('www-authenticate'), 'Bearer');
    assert.equal((noKey.json as { error: { code: string } }).error.code.length > 0, true);
    const unknown = await t.request('POST', `/webhooks/naver/ch_nothing?key=${ch.webhookKey}`, { body: fixture('naver/inbound/send-text.json') });
    assert.equal(unknown.status, 404);
    assertEnvelope(unknown.json, 'channel_not_found');
    const otherType = await t.request('POST', `/webhooks/kakao/${ch.id}?key=${ch.webhookKey}`, { body: {} });
    assert.equal(otherType.status, 404);
    assertEnvelope(otherType.json, 'channel_not_found');
  });

  it('a deleted channel stops authenticating at once', async () => {
    const other = await createChannel(t, ws, naverChannel({ name: 'to delete' }));
    const otherHook = `/webhooks/naver/${other.id}?key=${other.webhookKey}`;
    assert.equal((await t.request('POST', otherHook, { body: fixture('naver/inbound/send-text.json') })).status, 200);
    assert.equal((await t.admin('DELETE', `/v1/workspaces/${ws}/channels/${other.id}`)).status, 204);
    const after = await t.request('POST', otherHook, { body: fixture('naver/inbound/send-text.json') });
    assert.equal(after.status, 404);
    assertEnvelope(after.json, 'channel_not_found');
  });

  it('web chat: hello → 201 with a visitor token, events → 202 once (a repeated eventId is a duplicate), CORS on answers and refusals', async () => {
    const origin = 'https://shop.example';
    const web = await createChannel(t, ws, { type: 'webchat', name: 'web', credentials: { allowedOrigins: [origin] } });
    const path = `/webhooks/webchat/${web.id}`;
    const hello = await t.request('POST', path, { body: { type: 'hello' }, headers: { origin } });
    assert.equal(hello.status, 201);
    assert.equal(hello.headers.get('access-control-allow-origin'), origin);
    const token = hello.json.visitorToken as string;
    assert.ok(token);
    const event = { type: 'connect_request', eventId: randomUUID() };
    const first = await t.request('POST', path, { body: event, token, headers: { origin } });
    assert.equal(first.status, 202);
    assert.deepEqual(first.json, { accepted: true, duplicate: false });
    const again = await t.request('POST', path, { body: event, token, headers: { origin } });
    assert.equal(again.status, 202);
    assert.deepEqual(again.json, { accepted: true, duplicate: true });
    const refused = await t.request('POST', path, { body: event, token: 'not-a-token', headers: { origin } });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('access-control-allow-origin'), origin);
    const line = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['route'] === '/webhooks/webchat/:channelId' && l['status'] === 202);
    assert.equal(line?.['channelId'], web.id);
  });
});

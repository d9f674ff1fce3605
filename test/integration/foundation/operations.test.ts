import assert from 'node:assert/strict';
import { toOpenApiPath } from '../../../src/http/openapi.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('Operations basics', () => {
  let t: TestGateway;
  beforeEach(async () => {
    t = await startTestGateway();
  });
  afterEach(async () => t.stop());

  it('/healthz and /readyz answer', async () => {
    assert.deepEqual((await t.request('GET', '/healthz')).json, { status: 'ok' });
    const ready = await t.request('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.json.checks.redis, true);
  });

  it('/openapi.json describes exactly the routes the router has', async () => {
    const doc = (await t.request('GET', '/openapi.json')).json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.equal(doc.openapi, '3.1.0');
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const stack = (t.gw.http!.app.router as unknown as { stack: Layer[] }).stack;
    const actual = stack
      .filter((l) => l.route)
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${toOpenApiPath(l.route!.path)}`))
      .sort();
    assert.deepEqual(documented, actual);
    assert.ok(actual.includes('PUT /v1/workspaces/{ws}/settings'));
  });

  it('/metrics counts requests by route and exposes a latency histogram', async () => {
    await t.request('GET', '/healthz');
    await t.admin('POST', '/v1/workspaces', { name: 'm' });
    const m = await t.request('GET', '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.text, /talkgate_http_requests_total\{method="POST",route="\/v1\/workspaces",status="201"\} 1/);
    assert.match(m.text, /talkgate_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/healthz"\}/);
  });
});

// Walks every route of the gateway's route table (the list createHttpApp registered) under
// /v1/workspaces/:ws with workspace API keys: a key of another workspace gets the unknown
// workspace's 404, a key without the route's scope gets 403 insufficient_scope, and a key with
// exactly that scope gets past the check. A route added later is walked too.
import assert from 'node:assert/strict';
import { API_SCOPES, scopeAllows, type ApiScope } from '../../../src/domain/api-scopes.js';
import type { RouteDef } from '../../../src/http/route-def.js';
import { isWorkspaceRoute } from '../../../src/http/route-rules.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

async function createKey(t: TestGateway, ws: string, scopes: readonly ApiScope[]): Promise<string> {
  const r = await t.admin('POST', `/v1/workspaces/${ws}/api-keys`, { name: `walk ${scopes.join(' ')}`, scopes });
  assert.equal(r.status, 201, r.text);
  return r.json.key as string;
}

function concrete(r: RouteDef, ws: string): string {
  return r.path.replace(':ws', ws).replace(/:([A-Za-z0-9_]+)/g, 'x_$1');
}

/** status only: an SSE route that lets the key in keeps streaming, so the body is not read */
async function statusOf(t: TestGateway, method: string, path: string, key: string): Promise<number | 'streaming'> {
  try {
    const res = await fetch(`${t.url}${path}`, {
      method: method.toUpperCase(),
      headers: { authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(3000),
    });
    await res.body?.cancel();
    return res.status;
  } catch (err) {
    // an auth refusal answers at once; only a route that let the key in can still be open
    if ((err as Error).name === 'TimeoutError') return 'streaming';
    throw err;
  }
}

describe('Workspace API keys on every workspace route', () => {
  let t: TestGateway;
  let wsA: string;
  let routes: RouteDef[];
  before(async () => {
    t = await startTestGateway();
    wsA = (await t.admin('POST', '/v1/workspaces', { name: 'a' })).json.id;
    routes = t.gw.http!.routes.filter(isWorkspaceRoute);
  });
  after(async () => t.stop());

  it('covers the whole workspace API, every route with a scope', () => {
    assert.ok(routes.length >= 27, `only ${routes.length} workspace routes found`);
    for (const r of routes) assert.ok(r.scope && API_SCOPES.includes(r.scope), `${r.method} ${r.path}`);
  });

  it('answers a key of another workspace with the unknown-workspace 404 on every route', async () => {
    const wsB = (await t.admin('POST', '/v1/workspaces', { name: 'b' })).json.id;
    const keyB = await createKey(t, wsB, API_SCOPES);
    const unknown = await t.admin('GET', '/v1/workspaces/ws_nope/settings');
    assert.deepEqual(unknown.json, { error: { code: 'workspace_not_found', message: 'Workspace ws_nope was not found; check the id in the path.', details: [] } });
    for (const r of routes) {
      const res = await t.request(r.method.toUpperCase(), concrete(r, wsA), { token: keyB });
      assert.equal(res.status, 404, `${r.method} ${r.path}`);
      assert.deepEqual(res.json, { error: { ...unknown.json.error, message: `Workspace ${wsA} was not found; check the id in the path.` } }, `${r.method} ${r.path}`);
    }
  });

  it('answers a key without the scope with 403 insufficient_scope, and lets a key with it in', async () => {
    const without = new Map<ApiScope, string>();
    const only = new Map<ApiScope, string>();
    for (const needed of API_SCOPES) {
      without.set(needed, await createKey(t, wsA, API_SCOPES.filter((s) => !scopeAllows([s], needed))));
      only.set(needed, await createKey(t, wsA, [needed]));
    }
    for (const r of routes) {
      const scope = r.scope as ApiScope;
      const name = `${r.method} ${r.path}`;
      const refused = await t.request(r.method.toUpperCase(), concrete(r, wsA), { token: without.get(scope)! });
      assert.equal(refused.status, 403, name);
      assert.deepEqual(refused.json.error.code, 'insufficient_scope', name);
      assert.deepEqual(refused.json.error.details, [{ path: 'scope', message: `needs ${scope}` }], name);
      const admitted = await statusOf(t, r.method, concrete(r, wsA), only.get(scope)!);
      assert.ok(admitted === 'streaming' || ![401, 403].includes(admitted), `${name} with ${scope}: ${admitted}`);
    }
  });

  it('lets a :write scope read', async () => {
    const key = await createKey(t, wsA, ['conversations:write', 'customers:write']);
    assert.equal((await t.request('GET', `/v1/workspaces/${wsA}/conversations`, { token: key })).status, 200);
    const customer = await t.request('GET', `/v1/workspaces/${wsA}/customers/cust_x`, { token: key });
    assert.equal(customer.json.error.code, 'customer_not_found');
  });
});

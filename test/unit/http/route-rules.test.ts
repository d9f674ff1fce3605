// The route table's rules stop the gateway at start-up when a workspace route forgets its API
// key scope, or two operations share an operationId.
import assert from 'node:assert/strict';
import { def, type RouteDef } from '../../../src/http/route-def.js';
import { deriveOperationId } from '../../../src/http/openapi.js';
import { assertRouteTable, routeTableProblems } from '../../../src/http/route-rules.js';

const route = (d: Partial<RouteDef> & Pick<RouteDef, 'method' | 'path'>): RouteDef =>
  def({ summary: 's', tag: 't', auth: 'admin', responses: { 200: 'ok' }, ...d });

describe('route table rules', () => {
  it('refuses a workspace route without a scope, or open to anyone', () => {
    const problems = routeTableProblems([
      route({ method: 'get', path: '/v1/workspaces/:ws/things' }),
      route({ method: 'post', path: '/v1/workspaces/:ws/things', auth: 'none', scope: 'settings' }),
    ]);
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? '', /GET \/v1\/workspaces\/:ws\/things is a workspace route: declare auth 'admin' and the API key scope/);
    assert.throws(() => assertRouteTable([route({ method: 'get', path: '/v1/workspaces/:ws/things' })]), /route table is unsound/);
  });

  it('refuses a scope outside a workspace and a repeated operationId', () => {
    const problems = routeTableProblems([
      route({ method: 'get', path: '/v1/ops/things', scope: 'settings' }),
      route({ method: 'get', path: '/a', operationId: 'getThing' }),
      route({ method: 'get', path: '/b', operationId: 'getThing' }),
      route({ method: 'get', path: '/c', operationId: 'Get-thing' }),
    ]);
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /keys act only inside one workspace/);
    assert.match(problems.join('\n'), /getThing is already used by GET \/a/);
    assert.match(problems.join('\n'), /Get-thing is not camelCase/);
  });

  it('accepts a workspace route with a scope', () => {
    assert.deepEqual(routeTableProblems([route({ method: 'get', path: '/v1/workspaces/:ws/things', scope: 'settings' })]), []);
  });

  it('derives a stable camelCase operationId from method and path when none is declared', () => {
    assert.equal(deriveOperationId('get', '/v1/workspaces/:ws/events/stream'), 'getWorkspacesByWsEventsStream');
    assert.equal(deriveOperationId('post', '/v1/workspaces/:ws/webhooks/:id/rotate-secret'), 'postWorkspacesByWsWebhooksByIdRotateSecret');
    assert.equal(deriveOperationId('get', '/webchat.js'), 'getWebchatJs');
  });
});

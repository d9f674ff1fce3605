// Rules every route table must keep, checked when the app is built (so a forgotten scope stops
// the gateway at start-up and fails every test, instead of opening a route to every key).
import { operationIdOf } from './openapi.js';
import type { RouteDef } from './route-def.js';

export const WORKSPACE_ROUTE_PREFIX = '/v1/workspaces/:ws';

export function isWorkspaceRoute(r: RouteDef): boolean {
  return r.path === WORKSPACE_ROUTE_PREFIX || r.path.startsWith(`${WORKSPACE_ROUTE_PREFIX}/`);
}

/** the problems of a route table, one sentence each (empty when it is sound) */
export function routeTableProblems(routes: RouteDef[]): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const r of routes) {
    const name = `${r.method.toUpperCase()} ${r.path}`;
    if (isWorkspaceRoute(r) && (r.auth !== 'admin' || !r.scope)) {
      problems.push(`${name} is a workspace route: declare auth 'admin' and the API key scope it needs`);
    }
    if (r.scope && !isWorkspaceRoute(r)) problems.push(`${name} declares a scope but is outside ${WORKSPACE_ROUTE_PREFIX}; keys act only inside one workspace`);
    const id = operationIdOf(r);
    if (!/^[a-z][A-Za-z0-9]*$/.test(id)) problems.push(`${name}: operationId ${id} is not camelCase`);
    const other = ids.get(id);
    if (other) problems.push(`${name}: operationId ${id} is already used by ${other}`);
    ids.set(id, name);
  }
  return problems;
}

export function assertRouteTable(routes: RouteDef[]): void {
  const problems = routeTableProblems(routes);
  if (problems.length > 0) throw new Error(`The route table is unsound:\n- ${problems.join('\n- ')}`);
}

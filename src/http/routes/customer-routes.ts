// STUB (being implemented)
import type { HttpDeps } from '../deps.js';
import type { RouteDef } from '../route-def.js';

export function customerRoutes(_deps: HttpDeps): RouteDef[] {
  return [];
}

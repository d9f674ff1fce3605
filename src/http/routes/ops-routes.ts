// STUB (to be implemented by the operations work): queues, dead letters, replay.
import type { HttpDeps } from '../deps.js';
import type { RouteDef } from '../route-def.js';

export function opsRoutes(_deps: HttpDeps): RouteDef[] {
  return [];
}

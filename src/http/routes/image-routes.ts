// STUB (to be implemented by the images work): POST …/images and the public image URLs.
import type { HttpDeps } from '../deps.js';
import type { RouteDef } from '../route-def.js';

export function imageRoutes(_deps: HttpDeps): RouteDef[] {
  return [];
}

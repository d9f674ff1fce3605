// Workspace API key scopes (integration.md "Workspace API keys"). A `:write` scope includes
// its `:read`; the route table names the scope each workspace route needs.
export const API_SCOPES = [
  'settings',
  'channels',
  'agents',
  'conversations:read',
  'conversations:write',
  'customers:read',
  'customers:write',
  'reports:read',
  'events:read',
  'webhooks',
  'api_keys',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** true when a key holding `granted` may use a route that needs `needed` */
export function scopeAllows(granted: readonly ApiScope[], needed: ApiScope): boolean {
  if (granted.includes(needed)) return true;
  if (needed.endsWith(':read')) {
    const write = needed.replace(/:read$/, ':write') as ApiScope;
    return granted.includes(write);
  }
  return false;
}

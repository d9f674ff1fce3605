// Bearer credentials. ADMIN_TOKEN opens everything; a workspace API key (tgk_…) opens only the
// routes of its own workspace that declare a scope it holds (integration.md). Both compared in
// constant time; the header itself is never logged (logger.ts redacts it).
import type { NextFunction, Request, Response } from 'express';
import { keyMatches, keyState, lastUsedIsStale, looksLikeApiKey, lookupOf, apiKeyId, type ApiKeyRecord } from '../../domain/api-keys.js';
import { scopeAllows, type ApiScope } from '../../domain/api-scopes.js';
import { AuthError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { safeEqual } from '../../domain/safe-equal.js';

function bearerOf(req: Request, expected: string): string {
  const header = req.header('authorization') ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) throw new AuthError(`Send Authorization: Bearer <${expected}>.`, 'missing_token');
  return m[1];
}

export function requireBearer(token: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    try {
      const presented = bearerOf(req, 'admin token');
      if (!safeEqual(presented, token)) return next(new AuthError('The bearer token is not valid; check ADMIN_TOKEN.', 'invalid_token'));
      next();
    } catch (err) {
      next(err);
    }
  };
}

const CALLER_SCOPES = 'apiKeyScopes';

/** the scopes of the API key that made this request; null for ADMIN_TOKEN (which may do anything) */
export function callerScopes(res: Response): readonly ApiScope[] | null {
  return (res.locals[CALLER_SCOPES] as ApiScope[] | undefined) ?? null;
}

/** a key may hand out only scopes it holds itself, or `api_keys` would be every scope */
export function assertMayGrant(res: Response, scopes: readonly ApiScope[]): void {
  const held = callerScopes(res);
  if (held === null) return;
  const missing = scopes.filter((s) => !scopeAllows(held, s));
  if (missing.length > 0) {
    throw new ForbiddenError(
      'An API key can only give out scopes it holds itself; use a key that holds them, or ADMIN_TOKEN.',
      'insufficient_scope',
      missing.map((s) => ({ path: 'scope', message: `needs ${s}` })),
    );
  }
}

/** what the workspace check needs from the key store */
export interface ApiKeyLookup {
  get(id: string): Promise<ApiKeyRecord | null>;
  touch(id: string, now: Date): Promise<void>;
}

export interface WorkspaceAuthDeps {
  adminToken: string;
  apiKeys: ApiKeyLookup;
  now: () => Date;
}

async function verifyKey(deps: WorkspaceAuthDeps, presented: string): Promise<ApiKeyRecord> {
  const lookup = lookupOf(presented);
  const record = lookup ? await deps.apiKeys.get(apiKeyId(lookup)) : null;
  if (!record || !keyMatches(presented, record)) {
    throw new AuthError('The API key is not valid; check it, or create a new one with POST /v1/workspaces/:ws/api-keys.', 'invalid_token');
  }
  const now = deps.now();
  const state = keyState(record, now);
  if (state === 'revoked') throw new AuthError('This API key was revoked; use another key of the workspace.', 'api_key_revoked');
  if (state === 'expired') throw new AuthError('This API key has expired; use the key it was rolled to, or create a new one.', 'api_key_expired');
  if (lastUsedIsStale(record, now)) {
    // throttled to once an hour per key, and off the request's path: a failed write costs nothing
    deps.apiKeys.touch(record.id, now).catch(() => undefined);
  }
  return record;
}

/**
 * For routes under /v1/workspaces/:ws: the admin token, or a key of this workspace holding
 * `scope`. A key of another workspace gets the same 404 as an unknown workspace, so keys
 * cannot probe which workspaces exist.
 */
export function requireWorkspaceAccess(deps: WorkspaceAuthDeps, scope: ApiScope) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const run = async (): Promise<void> => {
      const presented = bearerOf(req, 'admin token or workspace API key');
      if (safeEqual(presented, deps.adminToken)) return;
      if (!looksLikeApiKey(presented)) throw new AuthError('The bearer token is not valid; check ADMIN_TOKEN or the API key.', 'invalid_token');
      const record = await verifyKey(deps, presented);
      const ws = String(req.params['ws'] ?? '');
      if (record.workspaceId !== ws) throw new NotFoundError(`Workspace ${ws}`, 'workspace_not_found');
      res.locals['log'] = { ...(res.locals['log'] as object | undefined), apiKeyId: record.id };
      res.locals[CALLER_SCOPES] = record.scopes;
      if (!scopeAllows(record.scopes, scope)) {
        throw new ForbiddenError(`This API key lacks the scope this route needs; use a key with the scope ${scope}.`, 'insufficient_scope', [
          { path: 'scope', message: `needs ${scope}` },
        ]);
      }
    };
    run().then(() => next(), next);
  };
}

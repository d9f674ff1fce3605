// Workspace API keys (integration.md): create, list, revoke, roll. The key is in the answer of
// create and roll only; everything else shows the mask.
import type { Request, Response } from 'express';
import {
  ApiKeyListSchema,
  CreateApiKeyBody,
  CreatedApiKeySchema,
  RollApiKeyBody,
} from '../../app/schemas/api-key-schemas.js';
import { keyState, ROLL_DEFAULT_SECONDS, type ApiKeyRecord } from '../../domain/api-keys.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { CreatedApiKey } from '../../infra/stores/api-key-store.redis.js';
import type { HttpDeps } from '../deps.js';
import { assertMayGrant } from '../middleware/auth.js';
import { jsonBody } from '../middleware/body.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator } from '../schemas/validator.js';
import { requireWorkspace } from './workspace-routes.js';

type P = { ws: string; id: string };
const validateCreate = createValidator(CreateApiKeyBody);
const validateRoll = createValidator(RollApiKeyBody);

function present(r: ApiKeyRecord): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    scopes: r.scopes,
    mask: r.mask,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
  };
}

function presentCreated({ record: r, key }: CreatedApiKey): Record<string, unknown> {
  return { id: r.id, name: r.name, scopes: r.scopes, key, mask: r.mask, createdAt: r.createdAt, expiresAt: r.expiresAt };
}

export function apiKeyRoutes(deps: HttpDeps): RouteDef[] {
  const keys = deps.services.apiKeys;
  const load = async (ws: string, id: string): Promise<ApiKeyRecord> => {
    const r = await keys.getIn(ws, id);
    if (!r) throw new NotFoundError(`API key ${id}`, 'api_key_not_found');
    return r;
  };
  const base = '/v1/workspaces/:ws/api-keys';
  return [
    def<{ ws: string }>(
      { method: 'post', path: base, operationId: 'createApiKey', summary: 'Create a workspace API key; the key is shown once',
        tag: 'integrators', auth: 'admin', scope: 'api_keys', body: CreateApiKeyBody,
        responses: { 201: { description: 'the key, shown this once', schema: CreatedApiKeySchema }, 400: 'invalid', 401: 'no token', 404: 'unknown workspace' } },
      jsonBody(),
      async (req: Request<{ ws: string }>, res: Response) => {
        const body = validateCreate(req.body);
        await requireWorkspace(deps, req.params.ws);
        assertMayGrant(res, body.scopes);
        const now = deps.now();
        const expiresAt = body.expiresAt ?? null;
        if (expiresAt !== null && Date.parse(expiresAt) <= now.getTime()) {
          throw new ValidationError('The key would be expired already; give a future expiresAt or none.', [{ path: '/expiresAt', message: 'must be in the future' }]);
        }
        const created = await keys.create(
          { workspaceId: req.params.ws, name: body.name.trim(), scopes: body.scopes, expiresAt: expiresAt && new Date(expiresAt).toISOString() },
          now,
        );
        req.log.info({ workspaceId: req.params.ws, apiKeyId: created.record.id, scopes: body.scopes }, 'api key created');
        res.status(201).json(presentCreated(created));
      },
    ),
    def<{ ws: string }>(
      { method: 'get', path: base, operationId: 'listApiKeys', summary: 'List the workspace API keys (masked, never the key)',
        tag: 'integrators', auth: 'admin', scope: 'api_keys',
        responses: { 200: { description: 'every key, oldest first, revoked and expired ones included', schema: ApiKeyListSchema }, 404: 'unknown workspace' } },
      async (req: Request<{ ws: string }>, res: Response) => {
        await requireWorkspace(deps, req.params.ws);
        res.json({ items: (await keys.list(req.params.ws)).map(present) });
      },
    ),
    def<P>(
      { method: 'delete', path: `${base}/:id`, operationId: 'revokeApiKey', summary: 'Revoke a key; it is refused from the next request on',
        tag: 'integrators', auth: 'admin', scope: 'api_keys', responses: { 204: 'revoked (or was already)', 404: 'unknown key' } },
      async (req: Request<P>, res: Response) => {
        const r = await load(req.params.ws, req.params.id);
        await keys.revoke(r, deps.now());
        req.log.info({ workspaceId: req.params.ws, apiKeyId: r.id }, 'api key revoked');
        res.status(204).end();
      },
    ),
    def<P>(
      { method: 'post', path: `${base}/:id/roll`, operationId: 'rollApiKey',
        summary: 'A new key with the same name, scopes and expiry; the old one keeps working for oldKeyExpiresInSeconds',
        tag: 'integrators', auth: 'admin', scope: 'api_keys', body: RollApiKeyBody,
        responses: { 201: { description: 'the new key, shown this once', schema: CreatedApiKeySchema }, 400: 'invalid', 404: 'unknown key', 409: 'revoked or expired key' } },
      jsonBody(),
      async (req: Request<P>, res: Response) => {
        const body = validateRoll(req.body ?? {});
        const old = await load(req.params.ws, req.params.id);
        // rolling hands out a fresh secret for the old key's scopes
        assertMayGrant(res, old.scopes);
        const now = deps.now();
        const state = keyState(old, now);
        if (state !== 'active') throw new ConflictError(`The key is ${state}; create a new key instead of rolling it.`, `api_key_${state}`);
        const seconds = body.oldKeyExpiresInSeconds ?? ROLL_DEFAULT_SECONDS;
        const created = await keys.roll(old, new Date(now.getTime() + seconds * 1000), now);
        req.log.info({ workspaceId: req.params.ws, apiKeyId: created.record.id, rolledFrom: old.id }, 'api key rolled');
        res.status(201).json(presentCreated(created));
      },
    ),
  ];
}

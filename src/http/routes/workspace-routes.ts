// Workspaces and their versioned settings (api.md "Integrators").
import type { Request, Response } from 'express';
import { Type } from '@sinclair/typebox';
import { NotFoundError, ValidationError, type FieldError } from '../../domain/errors.js';
import { SettingsSchema, type Settings } from '../../domain/settings.js';
import { checkSettingsRules, guideImageIdOf } from '../../domain/settings-rules.js';
import { CreateWorkspaceBody } from '../../app/schemas/admin-schemas.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator, onePerPath } from '../schemas/validator.js';
import { VersionedSettingsSchema, WorkspaceSchema } from '../schemas/response-schemas.js';

const validateCreate = createValidator(CreateWorkspaceBody);
const validateSettings = createValidator(SettingsSchema, 'settings object');
const validateVersion = createValidator(
  Type.Object({ version: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$' })) }),
  'query',
);

export async function requireWorkspace(deps: HttpDeps, wsId: string): Promise<void> {
  if (!(await deps.workspaces.get(wsId))) throw new NotFoundError(`Workspace ${wsId}`, 'workspace_not_found');
}

/**
 * Every failing field of a settings body at once, one per path: the schema's, the settings
 * rules' (run on the well-formed parts even when the schema fails) and the guide image's. A
 * rule's message is more specific than the schema's, so it wins where both fail one path.
 */
export async function settingsErrors(deps: HttpDeps, ws: string, raw: unknown): Promise<FieldError[]> {
  const rules = checkSettingsRules(raw);
  const imageId = guideImageIdOf(raw);
  if (imageId !== null && deps.imageExists && !(await deps.imageExists(ws, imageId))) {
    rules.push({ path: '/profileBot/guideImageId', message: 'must be the id of an image uploaded to this workspace' });
  }
  return onePerPath(validateSettings.errorsOf(raw), rules);
}

export function workspaceRoutes(deps: HttpDeps): RouteDef[] {
  return [
    def(
      { method: 'post', path: '/v1/workspaces', operationId: 'createWorkspace', summary: 'Create a workspace', tag: 'integrators', auth: 'admin',
        body: CreateWorkspaceBody, responses: { 201: { description: 'the workspace', schema: WorkspaceSchema }, 400: 'invalid', 401: 'no token' } },
      jsonBody(),
      async (req: Request, res: Response) => {
        const body = validateCreate(req.body);
        const ws = await deps.workspaces.create(body.name.trim(), deps.now());
        req.log.info({ workspaceId: ws.id }, 'workspace created');
        res.status(201).json({ id: ws.id, name: ws.name, settingsVersion: ws.settingsVersion, createdAt: ws.createdAt });
      },
    ),
    def(
      { method: 'get', path: '/v1/workspaces/:ws/settings', operationId: 'getSettings', summary: 'Read the current (or an older) settings version',
        tag: 'integrators', auth: 'admin', scope: 'settings', query: { version: 'an older version number' },
        responses: { 200: { description: 'settings with version', schema: VersionedSettingsSchema }, 404: 'unknown workspace or version' } },
      async (req: Request<{ ws: string }>, res: Response) => {
        const q = validateVersion({ ...req.query });
        await requireWorkspace(deps, req.params.ws);
        const s = await deps.workspaces.getSettings(req.params.ws, q.version ? Number(q.version) : undefined);
        if (!s) throw new NotFoundError(`Settings version ${q.version ?? ''}`.trim(), 'settings_version_not_found');
        res.json({ version: s.version, ...stripVersion(s) });
      },
    ),
    def(
      { method: 'put', path: '/v1/workspaces/:ws/settings', operationId: 'replaceSettings', summary: 'Replace the settings; creates a new version',
        tag: 'integrators', auth: 'admin', scope: 'settings', body: SettingsSchema,
        responses: { 200: { description: 'settings with the new version', schema: VersionedSettingsSchema }, 400: 'every failing field', 404: 'unknown workspace' } },
      jsonBody(),
      async (req: Request<{ ws: string }>, res: Response) => {
        await requireWorkspace(deps, req.params.ws);
        const details = await settingsErrors(deps, req.params.ws, req.body);
        if (details.length > 0) throw new ValidationError('The settings object is invalid; fix the fields listed in details.', details);
        const settings: Settings = validateSettings(req.body); // passes: settingsErrors found nothing
        const version = await deps.workspaces.putSettings(req.params.ws, settings);
        req.log.info({ workspaceId: req.params.ws, version }, 'settings saved');
        res.json({ version, ...settings });
      },
    ),
  ];
}

function stripVersion<T extends { version: number }>(s: T): Omit<T, 'version'> {
  const { version: _v, ...rest } = s;
  return rest;
}

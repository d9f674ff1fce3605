// Channel registration (api.md "Integrators"): per-type credentials validated, secrets shown
// once at creation (and on key rotation), masked afterwards.
import type { Request, Response } from 'express';
import type { ChannelRecord } from '../../domain/channel.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { buildChannel, newWebhookKey, presentChannel } from '../../app/channel-admin.js';
import { createChannelBodySchema, PatchChannelBody } from '../../app/schemas/admin-schemas.js';
import type { ChannelAdapter } from '../../domain/adapter-port.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import { def, type RouteDef } from '../route-def.js';
import { ChannelListSchema, ChannelSchema } from '../schemas/response-schemas.js';
import { createValidator } from '../schemas/validator.js';
import { requireWorkspace } from './workspace-routes.js';

const HIDE = { credentials: false, webhookKey: false };
const validatePatch = createValidator(PatchChannelBody);

type CredentialValidator = (value: unknown) => ChannelRecord['credentials'];

/** Each adapter's credential schema, compiled once; the core only validates and stores them. */
function credentialValidators(adapters: readonly ChannelAdapter[]): (type: string, value: unknown) => ChannelRecord['credentials'] {
  const byType = new Map<string, CredentialValidator>(
    adapters.map((a) => [a.type, createValidator(a.credentials.schema, 'credentials') as CredentialValidator]),
  );
  const omitted = new Map(adapters.map((a) => [a.type, a.credentials.whenOmitted]));
  return (type, value) => {
    const validate = byType.get(type);
    if (!validate) throw new ValidationError('Unknown channel type.', [{ path: '/type', message: 'is not a channel type' }]);
    try {
      return validate(value ?? omitted.get(type));
    } catch (err) {
      if (err instanceof ValidationError) {
        const details = err.details.map((d) => ({ path: `/credentials${d.path === '/' ? '' : d.path}`, message: d.message }));
        throw new ValidationError(`The ${type} credentials are invalid; fix the fields listed in details.`, details);
      }
      throw err;
    }
  };
}

/** apiBaseUrl is required where the platform has no public default address (a dealer relay). */
function checkApiBaseUrl(adapter: ChannelAdapter, apiBaseUrl: string | null | undefined): void {
  if (adapter.requiresApiBaseUrl && !apiBaseUrl) {
    throw new ValidationError(`A ${adapter.type} channel needs apiBaseUrl: the address its provider gave you.`, [
      { path: '/apiBaseUrl', message: `is required for type ${adapter.type}` },
    ]);
  }
}

export function channelRoutes(deps: HttpDeps): RouteDef[] {
  const adapters = deps.services.adapters;
  const CreateChannelBody = createChannelBodySchema(adapters.types);
  const validateCreate = createValidator(CreateChannelBody);
  const validateCredentials = credentialValidators(adapters.all());
  const present = (ch: ChannelRecord, reveal: { credentials: boolean; webhookKey: boolean }) =>
    presentChannel(ch, adapters.get(ch.type), deps.publicBaseUrl, reveal);
  // integration.md: the same outbound URL safety as webhook endpoints (ALLOW_PRIVATE_TARGETS lifts it)
  const checkTargetUrl = async (url: string | null | undefined): Promise<void> => {
    if (!url) return;
    const verdict = await deps.services.targetGuard.check(url);
    if (!verdict.ok) {
      throw new ValidationError(`The apiBaseUrl is not allowed: ${verdict.reason}. Use a public https:// URL.`, [{ path: '/apiBaseUrl', message: verdict.reason }], 'url_not_allowed');
    }
  };
  const load = async (wsId: string, id: string): Promise<ChannelRecord> => {
    const ch = await deps.channels.get(id);
    if (!ch || ch.workspaceId !== wsId) throw new NotFoundError(`Channel ${id}`, 'channel_not_found');
    return ch;
  };
  return [
    def(
      { method: 'post', path: '/v1/workspaces/:ws/channels', operationId: 'createChannel', summary: 'Register a channel; secrets are returned once',
        tag: 'integrators', auth: 'admin', scope: 'channels', body: CreateChannelBody,
        responses: { 201: { description: 'the channel with webhookUrl and its key', schema: ChannelSchema }, 400: 'invalid', 404: 'unknown workspace' } },
      jsonBody(),
      async (req: Request<{ ws: string }>, res: Response) => {
        const body = validateCreate(req.body);
        const credentials = validateCredentials(body.type, body.credentials);
        checkApiBaseUrl(adapters.get(body.type), body.apiBaseUrl);
        await requireWorkspace(deps, req.params.ws);
        await checkTargetUrl(body.apiBaseUrl);
        const ch = buildChannel(req.params.ws, body, credentials, deps.now());
        await deps.channels.save(ch, deps.now());
        req.log.info({ channelId: ch.id, type: ch.type }, 'channel registered');
        res.status(201).json(present(ch, { credentials: true, webhookKey: true }));
      },
    ),
    def(
      { method: 'get', path: '/v1/workspaces/:ws/channels', operationId: 'listChannels', summary: 'List channels (secrets masked)', tag: 'integrators',
        auth: 'admin', scope: 'channels', responses: { 200: { description: 'every channel, secrets masked', schema: ChannelListSchema }, 404: 'unknown workspace' } },
      async (req: Request<{ ws: string }>, res: Response) => {
        await requireWorkspace(deps, req.params.ws);
        const items = await deps.channels.list(req.params.ws);
        res.json({ items: items.map((c) => present(c, HIDE)) });
      },
    ),
    def(
      { method: 'get', path: '/v1/workspaces/:ws/channels/:id', operationId: 'getChannel', summary: 'Read a channel (secrets masked)',
        tag: 'integrators', auth: 'admin', scope: 'channels', responses: { 200: { description: 'the channel', schema: ChannelSchema }, 404: 'unknown channel' } },
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        res.json(present(await load(req.params.ws, req.params.id), HIDE));
      },
    ),
    def(
      { method: 'patch', path: '/v1/workspaces/:ws/channels/:id', operationId: 'updateChannel',
        summary: 'Update a channel; credentials are replaced whole; rotateWebhookKey returns the new key once',
        tag: 'integrators', auth: 'admin', scope: 'channels', body: PatchChannelBody,
        responses: { 200: { description: 'the channel', schema: ChannelSchema }, 400: 'invalid', 404: 'unknown channel' } },
      jsonBody(),
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        const body = validatePatch(req.body);
        const ch = await load(req.params.ws, req.params.id);
        await checkTargetUrl(body.apiBaseUrl);
        const next = {
          ...ch,
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.credentials !== undefined ? { credentials: validateCredentials(ch.type, body.credentials) } : {}),
          ...(body.apiBaseUrl !== undefined ? { apiBaseUrl: body.apiBaseUrl } : {}),
          ...(body.connectTriggers !== undefined
            ? { connectTriggers: { utterances: body.connectTriggers.utterances ?? ch.connectTriggers.utterances, blockIds: body.connectTriggers.blockIds ?? ch.connectTriggers.blockIds } }
            : {}),
          ...(body.allowCidrs !== undefined ? { allowCidrs: body.allowCidrs } : {}),
          ...(body.ackText !== undefined ? { ackText: body.ackText } : {}),
          ...(body.rotateWebhookKey ? { webhookKey: newWebhookKey() } : {}),
        } as ChannelRecord;
        checkApiBaseUrl(adapters.get(ch.type), next.apiBaseUrl);
        await deps.channels.save(next, deps.now());
        req.log.info({ channelId: ch.id, rotated: Boolean(body.rotateWebhookKey) }, 'channel updated');
        res.json(present(next, { credentials: false, webhookKey: Boolean(body.rotateWebhookKey) }));
      },
    ),
    def(
      { method: 'delete', path: '/v1/workspaces/:ws/channels/:id', operationId: 'deleteChannel', summary: 'Delete a channel', tag: 'integrators',
        auth: 'admin', scope: 'channels', responses: { 204: 'deleted', 404: 'unknown channel' } },
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        const ch = await load(req.params.ws, req.params.id);
        await deps.channels.delete(ch);
        req.log.info({ channelId: ch.id }, 'channel deleted');
        res.status(204).end();
      },
    ),
  ];
}

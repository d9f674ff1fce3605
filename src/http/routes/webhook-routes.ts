// Webhook endpoints (integration.md "Webhook endpoints"): CRUD, the secret shown once (at
// creation and rotation), the attempts list and resends. Every URL passes the outbound URL
// safety check before it is saved; the worker checks it again at send time.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  AttemptsQuery,
  CreatedWebhookEndpointSchema,
  CreateWebhookBody,
  PatchWebhookBody,
  ResendWebhookBody,
  WebhookAttemptListSchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookResendResultSchema,
  WebhookSecretSchema,
} from '../../app/schemas/webhook-schemas.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { newWebhookSecret, presentEndpoint, type WebhookEndpoint } from '../../domain/webhook.js';
import type { ChainItem } from '../../infra/webhooks/webhook-chains.redis.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator } from '../schemas/validator.js';
import { requireWorkspace } from './workspace-routes.js';

const validateCreate = createValidator(CreateWebhookBody);
const validatePatch = createValidator(PatchWebhookBody);
const validateResend = createValidator(ResendWebhookBody);
const validateAttemptsQuery = createValidator(AttemptsQuery, 'query');

function checkEventTypes(types: readonly string[] | undefined): void {
  if (types && types.includes('*') && types.length > 1) {
    throw new ValidationError('The request body is invalid; fix the fields listed in details.', [{ path: '/eventTypes', message: 'must be ["*"] alone or a list of event types' }]);
  }
}

export function webhookRoutes(deps: HttpDeps): RouteDef[] {
  const s = deps.services;
  const load = async (ws: string, id: string): Promise<WebhookEndpoint> => {
    const ep = await s.webhooks.get(id);
    if (!ep || ep.workspaceId !== ws) throw new NotFoundError(`Webhook endpoint ${id}`, 'webhook_not_found');
    return ep;
  };
  const checkUrl = async (url: string): Promise<void> => {
    const verdict = await s.targetGuard.check(url);
    if (!verdict.ok) {
      throw new ValidationError(`The webhook URL is not allowed: ${verdict.reason}. Use a public https:// URL.`, [{ path: '/url', message: verdict.reason }], 'webhook_url_not_allowed');
    }
  };
  const base = '/v1/workspaces/:ws/webhooks';
  const common = { tag: 'webhooks', auth: 'admin', scope: 'webhooks' } as const;
  return [
    def(
      { ...common, method: 'post', path: base, operationId: 'createWebhook', summary: 'Create a webhook endpoint; its secret is returned once', body: CreateWebhookBody,
        responses: { 201: { description: 'the endpoint and its secret, shown this once', schema: CreatedWebhookEndpointSchema }, 400: 'invalid, or webhook_url_not_allowed', 404: 'unknown workspace' } },
      jsonBody(),
      async (req: Request<{ ws: string }>, res: Response) => {
        const body = validateCreate(req.body);
        checkEventTypes(body.eventTypes);
        await requireWorkspace(deps, req.params.ws);
        await checkUrl(body.url);
        const at = deps.now().toISOString();
        const secret = newWebhookSecret();
        const ep: WebhookEndpoint = {
          id: newId('wh'), workspaceId: req.params.ws, url: body.url, eventTypes: body.eventTypes, description: body.description ?? null,
          enabled: true, disabledReason: null, createdAt: at, updatedAt: at, secrets: [{ value: secret, expiresAt: null }],
        };
        await s.webhooks.create(ep);
        req.log.info({ endpointId: ep.id }, 'webhook endpoint created');
        res.status(201).json({ ...presentEndpoint(ep), secret });
      },
    ),
    def(
      { ...common, method: 'get', path: base, operationId: 'listWebhooks', summary: 'List the webhook endpoints (no secrets)', responses: { 200: { description: 'oldest first', schema: WebhookEndpointListSchema }, 404: 'unknown workspace' } },
      async (req: Request<{ ws: string }>, res: Response) => {
        await requireWorkspace(deps, req.params.ws);
        res.json({ items: (await s.webhooks.list(req.params.ws)).map(presentEndpoint) });
      },
    ),
    def(
      { ...common, method: 'get', path: `${base}/:id`, operationId: 'getWebhook', summary: 'Read a webhook endpoint (no secret)', responses: { 200: { description: 'the endpoint', schema: WebhookEndpointSchema }, 404: 'unknown endpoint' } },
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        res.json(presentEndpoint(await load(req.params.ws, req.params.id)));
      },
    ),
    def(
      { ...common, method: 'patch', path: `${base}/:id`, operationId: 'updateWebhook', summary: 'Update url, eventTypes, enabled or description', body: PatchWebhookBody,
        responses: { 200: { description: 'the endpoint', schema: WebhookEndpointSchema }, 400: 'invalid, or webhook_url_not_allowed', 404: 'unknown endpoint' } },
      jsonBody(),
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        const body = validatePatch(req.body);
        checkEventTypes(body.eventTypes);
        const ep = await load(req.params.ws, req.params.id);
        if (body.url !== undefined) await checkUrl(body.url);
        const next: WebhookEndpoint = {
          ...ep,
          ...(body.url !== undefined ? { url: body.url } : {}),
          ...(body.eventTypes !== undefined ? { eventTypes: body.eventTypes } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled, disabledReason: body.enabled ? null : 'disabled through the API' } : {}),
          updatedAt: deps.now().toISOString(),
        };
        await s.webhooks.save(next);
        req.log.info({ endpointId: ep.id }, 'webhook endpoint updated');
        res.json(presentEndpoint(next));
      },
    ),
    def(
      { ...common, method: 'delete', path: `${base}/:id`, operationId: 'deleteWebhook', summary: 'Delete a webhook endpoint; undelivered events are dropped', responses: { 204: 'deleted', 404: 'unknown endpoint' } },
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        const ep = await load(req.params.ws, req.params.id);
        await s.webhooks.delete(ep);
        req.log.info({ endpointId: ep.id }, 'webhook endpoint deleted');
        res.status(204).end();
      },
    ),
    def(
      { ...common, method: 'post', path: `${base}/:id/rotate-secret`, operationId: 'rotateWebhookSecret', summary: 'A new secret, returned once; the old one also signs for 24 h',
        responses: { 200: { description: 'the new secret, shown this once', schema: WebhookSecretSchema }, 404: 'unknown endpoint' } },
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        const ep = await load(req.params.ws, req.params.id);
        const secret = newWebhookSecret();
        await s.webhooks.rotate(ep, secret, deps.now());
        req.log.info({ endpointId: ep.id }, 'webhook secret rotated');
        res.json({ secret });
      },
    ),
    def(
      { ...common, method: 'get', path: `${base}/:id/attempts`, operationId: 'listWebhookAttempts', summary: 'Delivery state per event, newest first',
        query: { status: 'failed, delivered or pending', limit: '1–1000 (default 100)' },
        responses: { 200: { description: 'newest first', schema: WebhookAttemptListSchema }, 400: 'invalid query', 404: 'unknown endpoint' } },
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        const q = validateAttemptsQuery({ ...req.query });
        const ep = await load(req.params.ws, req.params.id);
        const items = await s.webhookChains.listAttempts(ep.id, q.status, q.limit ? Number(q.limit) : 100);
        res.json({ items: items.map(({ eventId, type, status, attempts, lastStatusCode, lastError, lastResponse, at }) => ({ eventId, type, status, attempts, lastStatusCode, lastError, lastResponse, at })) });
      },
    ),
    def(
      { ...common, method: 'post', path: `${base}/:id/resend`, operationId: 'resendWebhookEvents', summary: 'Queue events again (by id, or every failed one since a time); they keep their id',
        body: ResendWebhookBody, responses: { 202: { description: 'queued again', schema: WebhookResendResultSchema }, 200: { description: 'dry run: nothing queued', schema: WebhookResendResultSchema }, 400: 'invalid', 404: 'unknown endpoint' } },
      jsonBody(),
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        const body = validateResend(req.body);
        const ep = await load(req.params.ws, req.params.id);
        const ids = 'eventIds' in body ? [...new Set(body.eventIds)] : await s.webhookChains.failedSince(ep.id, Date.parse(body.since));
        if (body.dryRun) {
          const known = await s.webhookChains.knownEvents(ep.id, ids);
          res.json({ queued: known.length, eventIds: known, dryRun: true });
          return;
        }
        const queued = await resend(deps, ep, ids);
        req.log.info({ endpointId: ep.id, queued }, 'webhook events queued again');
        res.status(202).json({ queued });
      },
    ),
  ];
}

/** puts known events back at the end of their chains; unknown ids are skipped */
async function resend(deps: HttpDeps, ep: WebhookEndpoint, eventIds: readonly string[]): Promise<number> {
  const s = deps.services;
  const items: ChainItem[] = [];
  const suffix = `~r${deps.now().getTime().toString(36)}${randomBytes(3).toString('hex')}`;
  for (const id of eventIds) {
    const rec = await s.webhookChains.attempt(ep.id, id);
    if (rec) items.push({ endpointId: ep.id, conversationId: rec.conversationId, token: `${id}${suffix}`, eventJson: rec.event });
  }
  if (items.length === 0) return 0;
  const started = await s.webhookChains.append(null, items);
  for (const chain of started ?? []) {
    const first = items.find((i) => s.webhookChains.chainKey(i.endpointId, i.conversationId) === chain);
    if (first) await s.webhookQueue.enqueue({ endpointId: ep.id, chain, token: first.token });
  }
  return items.length;
}

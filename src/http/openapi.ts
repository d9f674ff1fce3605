// Builds the OpenAPI 3.1 document from the route list (see route-def.ts), made for client
// generators: every operation has a stable operationId and names the API key scope it needs,
// bodies are named component schemas, and the integration events are under `webhooks`.
import { EVENT_TYPES, eventSchemaOf, type EventType } from '../domain/events.js';
import { pascal, SchemaRegistry } from './openapi-components.js';
import type { ResponseDoc, RouteDef } from './route-def.js';

const ErrorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function words(segment: string): string {
  return segment.split(/[^A-Za-z0-9]+/).filter(Boolean).map(pascal).join('');
}

/** `get /v1/workspaces/:ws/events/stream` → `getWorkspacesByWsEventsStream` (stable: path and method only) */
export function deriveOperationId(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter((s) => s && s !== 'v1')
    .map((s) => (s.startsWith(':') ? `By${words(s.slice(1))}` : words(s)));
  return `${method}${parts.join('')}`;
}

export function operationIdOf(r: RouteDef): string {
  return r.operationId ?? deriveOperationId(r.method, r.path);
}

function docOf(v: string | ResponseDoc): ResponseDoc {
  return typeof v === 'string' ? { description: v } : v;
}

function securityOf(r: RouteDef): Record<string, unknown> {
  if (r.auth !== 'admin') return { security: [], 'x-talkgate-auth': r.auth };
  // an operator page also opens with the browser login session; not a client credential, so it
  // is noted beside `security` rather than in it
  const session = r.browserSession ? { 'x-operator-session': '/v1/ops/login' } : {};
  if (!r.scope) return { security: [{ adminToken: [] }], 'x-talkgate-auth': r.auth, 'x-scopes': [], ...session };
  return {
    ...session,
    // OpenAPI 3.1 lets a non-OAuth requirement list the roles it needs: here, the key's scope
    security: [{ adminToken: [] }, { workspaceApiKey: [r.scope] }],
    'x-talkgate-auth': r.auth,
    'x-scopes': [r.scope],
  };
}

function scopeNote(r: RouteDef): string {
  if (r.auth !== 'admin') return '';
  const page = r.browserSession ? ' A browser may open it with the operator login session instead (/v1/ops/login).' : '';
  const needs = r.scope ? ` Needs ADMIN_TOKEN or a workspace API key with the scope \`${r.scope}\`.` : ' Needs ADMIN_TOKEN (workspace API keys are refused).';
  return needs + page;
}

function operation(r: RouteDef, registry: SchemaRegistry): Record<string, unknown> {
  const opId = operationIdOf(r);
  const params = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = Object.entries(r.query ?? {}).map(([name, description]) => ({
    name,
    in: 'query',
    required: false,
    description,
    schema: { type: 'string' },
  }));
  const declared: Record<number, string | ResponseDoc> = { ...r.responses };
  if (r.auth === 'admin') declared[401] ??= 'no token, or an invalid, expired or revoked one';
  if (r.scope) declared[403] ??= `insufficient_scope: the API key lacks ${r.scope}`;
  const responses: Record<string, unknown> = {};
  for (const [status, value] of Object.entries(declared)) {
    const code = Number(status);
    const { description, schema } = docOf(value);
    if (code >= 400) {
      responses[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    } else if (code === 204 || code === 303) {
      responses[status] = { description };
    } else {
      const media = schema ? { schema: registry.ref(schema, `${pascal(opId)}${code === 200 || code === 201 ? '' : code}Response`) } : {};
      responses[status] = { description, content: { [r.produces ?? 'application/json']: media } };
    }
  }
  const op: Record<string, unknown> = {
    operationId: opId,
    summary: r.summary,
    description: `${r.summary}.${scopeNote(r)}`,
    tags: [r.tag],
    parameters: [...params, ...query],
    responses,
    ...securityOf(r),
  };
  if (r.body || r.bodyType) {
    const schema = r.body ? registry.ref(r.body, `${pascal(opId)}Body`) : {};
    op['requestBody'] = { required: true, content: { [r.bodyType ?? 'application/json']: { schema } } };
  }
  return op;
}

function eventName(type: EventType): string {
  return `${type.split(/[._]/).map(pascal).join('')}Event`;
}

/** one entry per event type: what a webhook endpoint receives (the stream and pull API carry the same object) */
function webhooks(registry: SchemaRegistry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const mapping: Record<string, string> = {};
  for (const type of EVENT_TYPES) {
    const name = eventName(type);
    mapping[type] = `#/components/schemas/${name}`;
    out[type] = {
      post: {
        operationId: `on${name}`,
        summary: `The ${type} event`,
        description:
          'Sent per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature headers). The same object is an item of the event stream and the pull API.',
        tags: ['events'],
        requestBody: { required: true, content: { 'application/json': { schema: registry.ref(eventSchemaOf(type), name) } } },
        responses: { '200': { description: 'any 2xx within 15 s is delivered; anything else is retried' } },
      },
    };
  }
  // any event, as the event stream and the pull API carry them: one type for a generated client
  registry.put('Event', { oneOf: Object.values(mapping).map(($ref) => ({ $ref })), discriminator: { propertyName: 'type', mapping } });
  return out;
}

export function buildOpenApi(routes: RouteDef[], version: string): Record<string, unknown> {
  const registry = new SchemaRegistry();
  registry.put('Error', ErrorEnvelope);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = toOpenApiPath(r.path);
    paths[p] = { ...(paths[p] ?? {}), [r.method]: operation(r, registry) };
  }
  const hooks = webhooks(registry);
  return {
    openapi: '3.1.0',
    info: { title: 'talkgate', version, description: 'Messenger channel adapter gateway (Kakao, Naver TalkTalk, web chat v2).' },
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN: every workspace and /v1/ops/*' },
        workspaceApiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'tgk_…',
          description: 'A workspace API key: one workspace, the scopes it was created with (a :write scope includes its :read)',
        },
      },
      schemas: registry.schemas,
    },
    paths,
    webhooks: hooks,
  };
}

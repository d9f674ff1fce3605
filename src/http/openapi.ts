// Builds the OpenAPI 3.1 document from the route list (see route-def.ts).
import type { RouteDef } from './route-def.js';

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
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export function buildOpenApi(routes: RouteDef[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = toOpenApiPath(r.path);
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
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(r.responses)) {
      const code = Number(status);
      responses[status] =
        code >= 400
          ? { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
          : { description, ...(code === 204 ? {} : { content: { [r.produces ?? 'application/json']: {} } }) };
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      parameters: [...params, ...query],
      responses,
      ...(r.auth === 'admin' ? { security: [{ bearer: [] }, ...(r.browserSession ? [{ operatorSession: [] }] : [])] } : { security: [] }),
      'x-talkgate-auth': r.auth,
    };
    if (r.body || r.bodyType) {
      op['requestBody'] = {
        required: true,
        content: { [r.bodyType ?? 'application/json']: { schema: r.body ?? {} } },
      };
    }
    paths[p] = { ...(paths[p] ?? {}), [r.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'talkgate', version, description: 'Messenger channel adapter gateway (Kakao, Naver TalkTalk, web chat v2).' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        operatorSession: { type: 'apiKey', in: 'cookie', name: 'talkgate_admin', description: 'from the login form at /v1/ops/login' },
      },
      schemas: { Error: ErrorEnvelope },
    },
    paths,
  };
}

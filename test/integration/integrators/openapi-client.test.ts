// /openapi.json is made for client generators: a TypeScript client generated from it with
// openapi-typescript type-checks, so a broken or vague schema fails here before it reaches one.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { EVENT_TYPES } from '../../../src/domain/events.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  'x-scopes'?: string[];
  'x-talkgate-auth'?: string;
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, { post: Operation }>;
  components: { schemas: Record<string, unknown> };
}

const CLIENT = `
import type { components, operations, paths, webhooks } from './api';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type CreateKeyBody = Json<paths['/v1/workspaces/{ws}/api-keys']['post']['requestBody']>;
type CreatedKey = Json<paths['/v1/workspaces/{ws}/api-keys']['post']['responses'][201]>;

export async function createKey(base: string, token: string, ws: string, body: CreateKeyBody): Promise<CreatedKey> {
  const res = await fetch(base + '/v1/workspaces/' + ws + '/api-keys', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as CreatedKey;
}

export async function demo(base: string, token: string, ws: string): Promise<string> {
  const created = await createKey(base, token, ws, { name: 'desk', scopes: ['conversations:write', 'events:read'] });
  const secret: string = created.key;
  const expires: string | null = created.expiresAt;
  const listed: components['schemas']['ApiKeyList']['items'][number] = {
    id: created.id, name: created.name, scopes: created.scopes, mask: created.mask,
    createdAt: created.createdAt, expiresAt: expires, lastUsedAt: null, revokedAt: null,
  };
  // @ts-expect-error the generated types know the scopes: an unknown one does not compile
  const bad: CreateKeyBody = { name: 'x', scopes: ['root'] };
  const roll: operations['rollApiKey']['requestBody'] = { content: { 'application/json': { oldKeyExpiresInSeconds: 60 } } };
  const page: components['schemas']['ConversationPage'] = { items: [] };
  const first = page.items[0];
  const status: 'waiting' | 'assigned' | 'closed' | undefined = first?.status;
  const err: components['schemas']['Error'] = { error: { code: 'insufficient_scope', message: 'm', details: [{ path: 'scope', message: 'needs api_keys' }] } };
  return [secret, listed.mask, String(bad), String(roll), String(status), err.error.code].join();
}

type MessageCreated = Json<NonNullable<webhooks['message.created']['post']>['requestBody']>;
export function onMessage(e: MessageCreated): string {
  const direction: 'inbound' | 'outbound' = e.data.direction;
  const seq: number | null = e.sequence;
  // @ts-expect-error a message.created event is not another type
  const wrong: 'customer.erased' = e.type;
  return direction + String(seq) + String(wrong);
}
export function onAny(e: components['schemas']['Event']): string {
  if (e.type === 'customer.profile_updated') return e.data.fields.join();
  return e.id;
}
type Erased = Json<NonNullable<webhooks['customer.erased']['post']>['requestBody']>;
export const erased = (e: Erased): string => e.data.customerId;
`;

function typeErrors(dir: string): string[] {
  const program = ts.createProgram([join(dir, 'client.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('OpenAPI for client generators', () => {
  let t: TestGateway;
  let doc: Doc;
  before(async () => {
    t = await startTestGateway();
    doc = (await t.request('GET', '/openapi.json')).json as Doc;
  });
  after(async () => t.stop());

  const operations = (): [string, Operation][] =>
    Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${p}`, op]));

  it('gives every operation a unique camelCase operationId', () => {
    const ids = operations().map(([, op]) => op.operationId);
    for (const [name, op] of operations()) assert.match(op.operationId ?? '', /^[a-z][A-Za-z0-9]*$/, name);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    assert.equal(doc.paths['/v1/workspaces/{ws}/api-keys']?.['post']?.operationId, 'createApiKey');
  });

  it('names the scope of every workspace operation and keeps ops and workspace creation to ADMIN_TOKEN', () => {
    for (const [name, op] of operations()) {
      if (name.includes(' /v1/workspaces/{ws}')) {
        assert.equal(op['x-scopes']?.length, 1, name);
        assert.deepEqual(op.security, [{ adminToken: [] }, { workspaceApiKey: op['x-scopes'] }], name);
        assert.ok(op.responses['403'], `${name} documents 403 insufficient_scope`);
      } else if (op['x-talkgate-auth'] === 'admin') {
        assert.deepEqual(op.security, [{ adminToken: [] }], name);
      }
    }
    assert.deepEqual(doc.paths['/v1/workspaces/{ws}/conversations']?.['get']?.['x-scopes'], ['conversations:read']);
  });

  it('makes every JSON request body and the main answers named component schemas', () => {
    for (const [name, op] of operations()) {
      const json = op.requestBody?.content['application/json'];
      if (json) assert.match(json.schema?.$ref ?? '', /^#\/components\/schemas\/[A-Za-z]+$/, name);
    }
    const answer = (p: string, m: string, s: string) => doc.paths[p]?.[m]?.responses[s]?.content?.['application/json']?.schema?.$ref;
    assert.equal(answer('/v1/workspaces/{ws}/api-keys', 'post', '201'), '#/components/schemas/CreatedApiKey');
    assert.equal(answer('/v1/workspaces/{ws}/conversations/{id}', 'get', '200'), '#/components/schemas/ConversationWithMessages');
    assert.equal(answer('/v1/workspaces/{ws}/settings', 'put', '200'), '#/components/schemas/VersionedSettings');
    for (const s of ['Error', 'ApiKey', 'Settings', 'Conversation', 'Customer', 'Agent', 'Channel', 'ConversationSummary']) {
      assert.ok(doc.components.schemas[s], `components.schemas.${s}`);
    }
  });

  it('describes one webhook per event type', () => {
    assert.deepEqual(Object.keys(doc.webhooks).sort(), [...EVENT_TYPES].sort());
    const ref = doc.webhooks['message.created']?.post.requestBody?.content['application/json']?.schema?.$ref;
    assert.equal(ref, '#/components/schemas/MessageCreatedEvent');
  });

  it('generates TypeScript types with openapi-typescript that a small client type-checks against', async function () {
    this.timeout(60_000);
    const dir = await mkdtemp(join(tmpdir(), 'talkgate-client-'));
    try {
      await writeFile(join(dir, 'api.d.ts'), astToString(await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0])));
      await writeFile(join(dir, 'client.ts'), CLIENT);
      assert.deepEqual(typeErrors(dir), []);
      // the check has teeth: a client using a field the document does not have fails
      await writeFile(join(dir, 'client.ts'), `${CLIENT}\nexport const nope = (k: import('./api').components['schemas']['ApiKey']) => k.key;\n`);
      const errors = typeErrors(dir);
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0] ?? '', /Property 'key' does not exist/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

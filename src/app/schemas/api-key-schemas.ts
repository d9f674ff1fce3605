// Bodies of the workspace API key routes (integration.md "Workspace API keys"), request and answer.
import { Type } from '@sinclair/typebox';
import { ROLL_MAX_SECONDS } from '../../domain/api-keys.js';
import { API_SCOPES } from '../../domain/api-scopes.js';

const Scope = Type.Union(API_SCOPES.map((s) => Type.Literal(s)), { title: 'ApiScope' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: API_SCOPES.length, uniqueItems: true }),
    expiresAt: Type.Optional(Nullable(Time)),
  },
  { additionalProperties: false, title: 'CreateApiKeyBody' },
);

export const RollApiKeyBody = Type.Object(
  {
    oldKeyExpiresInSeconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: ROLL_MAX_SECONDS, description: 'how long the old key keeps working (default 86400)' }),
    ),
  },
  { additionalProperties: false, title: 'RollApiKeyBody' },
);

const keyFields = {
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Scope),
  mask: Type.String({ description: 'enough of the key to recognise it; never the key' }),
  createdAt: Time,
  expiresAt: Nullable(Time),
};

export const ApiKeySchema = Type.Object(
  {
    ...keyFields,
    lastUsedAt: Type.Union([Time, Type.Null()], { description: 'may lag by up to an hour' }),
    revokedAt: Nullable(Time),
  },
  { title: 'ApiKey' },
);

export const CreatedApiKeySchema = Type.Object(
  { ...keyFields, key: Type.String({ description: 'tgk_…; shown this once, store it now' }) },
  { title: 'CreatedApiKey' },
);

export const ApiKeyListSchema = Type.Object({ items: Type.Array(ApiKeySchema) }, { title: 'ApiKeyList' });

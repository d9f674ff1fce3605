// Web chat channel settings kept as credentials (api.md "Integrators"): none are secret.
import { Type, type Static } from '@sinclair/typebox';
import type { CredentialSpec } from '../../src/domain/adapter-port.js';

export const WebchatCredentialsSchema = Type.Object(
  { allowedOrigins: Type.Optional(Type.Array(Type.String({ pattern: '^https?://[^/\\s]+$', maxLength: 300 }), { maxItems: 50 })) },
  { additionalProperties: false },
);
export type WebchatCredentials = Static<typeof WebchatCredentialsSchema>;

export const WEBCHAT_CREDENTIALS: CredentialSpec = { schema: WebchatCredentialsSchema, secretFields: [], whenOmitted: {} };

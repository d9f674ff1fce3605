// Kakao channel credentials (api.md "Integrators"); the core validates and encrypts them.
import { Type, type Static } from '@sinclair/typebox';
import type { CredentialSpec } from '../../src/domain/adapter-port.js';

export const KakaoCredentialsSchema = Type.Object(
  {
    botId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    restApiKey: Type.String({ minLength: 1, maxLength: 500 }),
    eventName: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type KakaoCredentials = Static<typeof KakaoCredentialsSchema>;

export const KAKAO_CREDENTIALS: CredentialSpec = { schema: KakaoCredentialsSchema, secretFields: ['restApiKey'] };

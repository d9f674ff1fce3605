// 상담톡 channel credentials (api.md "Integrators", channels.md): the dealer's client id and
// secret (sent as HT-Client-Id / HT-Client-Secret both ways) and the sender profile key.
import { Type, type Static } from '@sinclair/typebox';
import type { CredentialSpec } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';

export const COUNSEL_TYPE = 'kakao-counsel';

export const CounselCredentialsSchema = Type.Object(
  {
    clientId: Type.String({ minLength: 1, maxLength: 200 }),
    clientSecret: Type.String({ minLength: 1, maxLength: 500 }),
    /** the channel's 40-character sender profile key */
    senderKey: Type.String({ pattern: '^[0-9A-Za-z]{40}$' }),
  },
  { additionalProperties: false },
);
export type CounselCredentials = Static<typeof CounselCredentialsSchema>;
export type CounselChannel = ChannelRecord<CounselCredentials>;

export const COUNSEL_CREDENTIALS: CredentialSpec = { schema: CounselCredentialsSchema, secretFields: ['clientSecret'] };

// The registry routes by channel type, so a record of another type here is a wiring bug.
export function asCounselChannel(channel: ChannelRecord): CounselChannel {
  if (channel.type !== COUNSEL_TYPE) throw new Error(`${COUNSEL_TYPE} adapter called with a ${channel.type} channel (${channel.id})`);
  return channel as CounselChannel;
}

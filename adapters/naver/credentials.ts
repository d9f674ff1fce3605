// TalkTalk channel credentials (api.md "Integrators"); the core validates and encrypts them.
import { Type, type Static } from '@sinclair/typebox';
import type { CredentialSpec } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';

export const NaverCredentialsSchema = Type.Object(
  { authorizationKey: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type NaverCredentials = Static<typeof NaverCredentialsSchema>;
export type NaverChannel = ChannelRecord<NaverCredentials>;

export const NAVER_CREDENTIALS: CredentialSpec = { schema: NaverCredentialsSchema, secretFields: ['authorizationKey'] };

// The registry routes by channel type, so a record of another type here is a wiring bug.
export function asNaverChannel(channel: ChannelRecord): NaverChannel {
  if (channel.type !== 'naver') throw new Error(`naver adapter called with a ${channel.type} channel (${channel.id})`);
  return channel as NaverChannel;
}

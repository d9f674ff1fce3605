// Kakao 상담톡 through a dealer relay (channels.md "Kakao 상담톡 through a dealer relay"; quirks
// in README.md).
import type { ChannelAdapter, ChannelLimits } from '../../src/domain/adapter-port.js';
import { authenticateCounsel } from './authenticate.js';
import { createRelayClient } from './client.js';
import { completeCounselInbound } from './complete-inbound.js';
import { asCounselChannel, COUNSEL_CREDENTIALS, COUNSEL_TYPE } from './credentials.js';
import { parseCounselInbound } from './parse-inbound.js';
import { COUNSEL_PREVIEW } from './preview.js';
import { COUNSEL_MAX, renderCounselOutbound } from './render-outbound.js';
import { relayAuth, sendCounsel } from './send.js';
import { COUNSEL_WEBHOOKS } from './webhook.js';
import type { CounselPayload } from './wire-types.js';

export { COUNSEL_TYPE, CounselCredentialsSchema, type CounselChannel, type CounselCredentials } from './credentials.js';
export { COUNSEL_MAX, renderCounselOutbound } from './render-outbound.js';
export { classifyRelayReply } from './client.js';
export { outboundSerial, rawTopLevelNumber } from './serial-number.js';
export type * from './wire-types.js';

export const COUNSEL_LIMITS: ChannelLimits = { text: COUNSEL_MAX.text };

export function createKakaoCounselAdapter(options: { timeoutMs?: number } = {}): ChannelAdapter<CounselPayload> {
  const client = createRelayClient(options);
  return {
    type: COUNSEL_TYPE,
    limits: COUNSEL_LIMITS,
    credentials: COUNSEL_CREDENTIALS,
    // each dealer has its own test and production hosts; there is no public default
    requiresApiBaseUrl: true,
    webhooks: COUNSEL_WEBHOOKS,
    preview: COUNSEL_PREVIEW,
    authenticate: authenticateCounsel,
    parseInbound: parseCounselInbound,
    renderOutbound: renderCounselOutbound,
    send: (payload, target, channel, ports) => sendCounsel(client, payload, target, channel, ports),
    completeInbound: completeCounselInbound,
    async endConversation(record, channelUserId) {
      const channel = asCounselChannel(record);
      await client.endWithBot(relayAuth(channel), { user_key: channelUserId, sender_key: channel.credentials.senderKey });
    },
  };
}

import type { ChannelAdapter, ChannelLimits } from '../../src/domain/adapter-port.js';
import { authenticateKakao } from './authenticate.js';
import { KAKAO_HTTP_TIMEOUT_MS } from './client.js';
import { KAKAO_CREDENTIALS } from './credentials.js';
import { parseKakaoInbound } from './parse-inbound.js';
import { KAKAO_PREVIEW } from './preview.js';
import { KAKAO_MAX, renderKakaoOutbound } from './render-outbound.js';
import { sendKakao, type KakaoSendOptions } from './send.js';
import { KAKAO_WEBHOOKS } from './webhook.js';
import type { KakaoPayload } from './wire-types.js';

export const KAKAO_LIMITS: ChannelLimits = { text: KAKAO_MAX.text };

export function createKakaoAdapter(options: Partial<KakaoSendOptions> = {}): ChannelAdapter<KakaoPayload> {
  const sendOptions: KakaoSendOptions = {
    timeoutMs: options.timeoutMs ?? KAKAO_HTTP_TIMEOUT_MS,
    now: options.now ?? Date.now,
  };
  return {
    type: 'kakao',
    limits: KAKAO_LIMITS,
    credentials: KAKAO_CREDENTIALS,
    webhooks: KAKAO_WEBHOOKS,
    preview: KAKAO_PREVIEW,
    authenticate: authenticateKakao,
    parseInbound: parseKakaoInbound,
    renderOutbound: (message, channel) => renderKakaoOutbound(message, channel),
    send: (payload, target, channel, ports) => sendKakao(payload, target, channel, ports, sendOptions),
  };
}

export { KAKAO_KEY_HEADER } from './authenticate.js';
export { KAKAO_DEFAULT_API_BASE_URL } from './client.js';
export { KAKAO_CALLBACK_TTL_MS } from './parse-inbound.js';
export { KAKAO_MAX, renderKakaoOutput, renderEventText } from './render-outbound.js';
export { DEFAULT_KAKAO_ACK_TEXT, renderSkillResponse, skillAck, skillResponse, useCallbackResponse, type SkillAnswer } from './skill-response.js';
export { retryAfterMs, type KakaoSendOptions } from './send.js';
export { SkillPayloadSchema, checkSkillPayload } from './schema.js';
export { KakaoCredentialsSchema, type KakaoCredentials } from './credentials.js';
export type { KakaoChannel } from './kakao-channel.js';
export type * from './wire-types.js';

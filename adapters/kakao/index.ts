import type { ChannelAdapter, ChannelLimits } from '../../src/domain/adapter-port.js';
import { authenticateKakao } from './authenticate.js';
import { KAKAO_HTTP_TIMEOUT_MS } from './client.js';
import { parseKakaoInbound } from './parse-inbound.js';
import { KAKAO_MAX, renderKakaoOutbound } from './render-outbound.js';
import { sendKakao, type KakaoSendOptions } from './send.js';
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
export { renderSkillResponse, skillAck, skillResponse, useCallbackResponse, type SkillAnswer } from './skill-response.js';
export { retryAfterMs, type KakaoSendOptions } from './send.js';
export { SkillPayloadSchema, checkSkillPayload } from './schema.js';
export type * from './wire-types.js';

// Synchronous answers to a skill request. Kakao needs 1–3 bubbles in every answer; what does not
// fit goes back to the caller as `rest`, to be sent asynchronously (callbackUrl or Event API).
import type { ChannelRecord } from '../../src/domain/channel.js';
import type { OutboundMessage } from '../../src/domain/outbound-message.js';
import { cutText } from '../../src/domain/text-limits.js';
import { KAKAO_MAX, renderKakaoOutput } from './render-outbound.js';
import type { KakaoOutput, KakaoSkillResponse, KakaoUseCallbackResponse } from './wire-types.js';

/** answered when the bot has nothing to say synchronously and the channel set no ackText */
export const DEFAULT_KAKAO_ACK_TEXT = '메시지가 전달되었습니다.';

export interface SkillAnswer {
  response: KakaoSkillResponse;
  /** messages beyond the 3 outputs one answer can hold, in order */
  rest: OutboundMessage[];
}

export function skillResponse(outputs: KakaoOutput[]): KakaoSkillResponse {
  return { version: '2.0', template: { outputs } };
}

export function skillAck(text: string): KakaoSkillResponse {
  return skillResponse([{ simpleText: { text: cutText(text, KAKAO_MAX.text) } }]);
}

/** Tells Kakao the answer will come through the request's callbackUrl. */
export function useCallbackResponse(): KakaoUseCallbackResponse {
  return { version: '2.0', useCallback: true };
}

/** With no messages the answer is the channel's acknowledgement text (Kakao refuses empty answers). */
export function renderSkillResponse(messages: OutboundMessage[], channel: ChannelRecord): SkillAnswer {
  if (messages.length === 0) return { response: skillAck(channel.ackText ?? DEFAULT_KAKAO_ACK_TEXT), rest: [] };
  const now = messages.slice(0, KAKAO_MAX.outputs);
  return {
    response: skillResponse(now.map(renderKakaoOutput)),
    rest: messages.slice(KAKAO_MAX.outputs),
  };
}

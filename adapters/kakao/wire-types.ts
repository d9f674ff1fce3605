// Kakao's outbound wire shapes (SkillResponse components, callback and Event API bodies) and the
// replies Kakao gives. The inbound SkillPayload type is derived from its schema in schema.ts.
export type { SkillPayload } from './schema.js';

export interface KakaoWebLinkButton {
  action: 'webLink';
  label: string;
  webLinkUrl: string;
}

export interface KakaoThumbnail {
  imageUrl: string;
  altText: string;
  fixedRatio: boolean;
}

export interface SimpleTextOutput {
  simpleText: { text: string };
}
export interface SimpleImageOutput {
  simpleImage: { imageUrl: string; altText: string };
}
export interface TextCardOutput {
  textCard: { title?: string; description: string; buttons?: KakaoWebLinkButton[] };
}
export interface BasicCardOutput {
  basicCard: { title?: string; description: string; thumbnail: KakaoThumbnail; buttons?: KakaoWebLinkButton[] };
}

export type KakaoOutput = SimpleTextOutput | SimpleImageOutput | TextCardOutput | BasicCardOutput;

/**
 * One outbound message rendered for Kakao. `outputs` is what a SkillResponse (synchronous answer
 * or callback) carries; `eventText` is the plain-text form, because the Event API only carries
 * `event.data.text`.
 */
export interface KakaoPayload {
  outputs: KakaoOutput[];
  eventText: string;
}

export interface KakaoSkillResponse {
  version: '2.0';
  template: { outputs: KakaoOutput[] };
}

export interface KakaoUseCallbackResponse {
  version: '2.0';
  useCallback: true;
}

/** The kinds of user id the Event API accepts (`user[].type`). */
export const KAKAO_USER_ID_TYPES = ['plusfriendUserKey', 'botUserKey', 'appUserId'] as const;
export type KakaoUserIdType = (typeof KAKAO_USER_ID_TYPES)[number];

export interface KakaoEventApiRequest {
  event: { name: string; data: { text: string } };
  user: { type: KakaoUserIdType; id: string }[];
}

/** What Kakao answers to a callbackUrl POST and to an Event API call. */
export interface KakaoTaskReply {
  taskId?: string;
  status?: string;
  message?: string;
}

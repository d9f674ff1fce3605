import type { InboundRequest } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { ValidationError } from '../../src/domain/errors.js';
import type { InboundEvent, ReplyContext } from '../../src/domain/inbound-event.js';
import { findImageUrls } from './image-params.js';
import { asKakaoChannel, type KakaoChannel } from './kakao-channel.js';
import { checkSkillPayload, type SkillPayload } from './schema.js';
import { KAKAO_USER_ID_TYPES, type KakaoUserIdType } from './wire-types.js';

/** A callbackUrl may be used once, within one minute of the skill request. */
export const KAKAO_CALLBACK_TTL_MS = 60_000;

/** The customer's id and its kind, which the Event API needs to address them later. */
function customerId(payload: SkillPayload): { id: string; type: KakaoUserIdType } {
  const user = payload.userRequest.user;
  const plusfriend = user.properties?.plusfriendUserKey ?? user.properties?.plusfriend_user_key;
  if (plusfriend !== undefined) return { id: plusfriend, type: 'plusfriendUserKey' };
  if (user.id === undefined) {
    throw new ValidationError('The skill payload carries no user identifier.', [
      { path: '/userRequest/user/properties/plusfriendUserKey', message: 'must be present (or userRequest.user.id)' },
    ]);
  }
  // user.id is the botUserKey unless user.type names another kind the Event API knows
  const named = KAKAO_USER_ID_TYPES.find((t) => t === user.type);
  return { id: user.id, type: named ?? 'botUserKey' };
}

function isConnectRequest(payload: SkillPayload, channel: KakaoChannel): boolean {
  const { utterances, blockIds } = channel.connectTriggers;
  const utterance = payload.userRequest.utterance.trim();
  if (utterances.some((u) => u.trim() === utterance)) return true;
  const blockId = payload.userRequest.block?.id;
  return blockId !== undefined && blockIds.includes(blockId);
}

function replyContext(payload: SkillPayload, receivedAt: string): ReplyContext | undefined {
  const url = payload.userRequest.callbackUrl;
  if (url === undefined) return undefined;
  const expiresAt = new Date(Date.parse(receivedAt) + KAKAO_CALLBACK_TTL_MS).toISOString();
  return { kakaoCallbackUrl: url, kakaoCallbackExpiresAt: expiresAt };
}

export function parseKakaoInbound(req: InboundRequest, record: ChannelRecord): InboundEvent[] {
  const channel = asKakaoChannel(record);
  const checked = checkSkillPayload(req.body);
  if (!checked.ok) throw new ValidationError('The body is not a Kakao skill payload.', checked.errors);
  const payload = checked.payload;

  const context = replyContext(payload, req.receivedAt);
  const user = customerId(payload);
  // Kakao gives no delivery id, so deliveryId stays unset.
  const base = {
    channelId: channel.id,
    channelUserId: user.id,
    channelUserIdType: user.type,
    occurredAt: req.receivedAt,
    ...(context ? { replyContext: context } : {}),
    raw: req.body,
  };

  if (isConnectRequest(payload, channel)) return [{ ...base, kind: 'conversation.connect_requested' }];
  const images = findImageUrls(payload);
  if (images.length > 0) return images.map((imageUrl) => ({ ...base, kind: 'message.image', imageUrl }));
  if (payload.userRequest.utterance.trim() === '') return [];
  return [{ ...base, kind: 'message.text', text: payload.userRequest.utterance }];
}

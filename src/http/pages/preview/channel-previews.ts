// PB-22: the profile card as each channel will receive it — built by the same buildProfileCard
// and rendered by the adapters' own pure renderers — plus a warning wherever a platform limit
// would cut text (the renderers cut silently; an admin should hear about it before saving).
import { KAKAO_MAX, renderSkillResponse, type KakaoSkillResponse } from '../../../../adapters/kakao/index.js';
import { NAVER_LIMITS, type NaverPayload } from '../../../../adapters/naver/index.js';
import { renderNaverOutbound } from '../../../../adapters/naver/render-outbound.js';
import { renderOutbound as renderWebchatOutbound, WEBCHAT_TEXT_MAX } from '../../../../adapters/webchat/index.js';
import type { VisitorStreamEvent } from '../../../domain/adapter-port.js';
import { DEFAULT_CONNECT_UTTERANCES, type ChannelRecord, type ChannelType } from '../../../domain/channel.js';
import type { FieldError } from '../../../domain/errors.js';
import type { ProfileCard } from '../../../domain/profile-bot/card.js';
import { charLength } from '../../../domain/text-limits.js';

export type PreviewWarning = FieldError;

export type ChannelPreview =
  | { channelType: 'kakao'; card: KakaoSkillResponse; warnings: PreviewWarning[] }
  | { channelType: 'naver'; card: NaverPayload; warnings: PreviewWarning[] }
  | { channelType: 'webchat'; card: VisitorStreamEvent; warnings: PreviewWarning[] };

/** where a warning about the guide message points: the setting the admin edits */
export const GUIDE_MESSAGE_PATH = '/profileBot/guideMessage';
export const GUIDE_IMAGE_PATH = '/profileBot/guideImageId';

const CHANNEL_NAMES: Readonly<Record<ChannelType, string>> = { kakao: 'Kakao', naver: 'TalkTalk', webchat: 'Web chat' };

/**
 * A channel record for rendering only: no credentials, never stored, never sent to. The
 * renderers read nothing from it for a card today; it exists because their signature asks.
 */
export function previewChannelRecord(type: ChannelType, workspaceId: string, now: Date): ChannelRecord {
  const base = {
    id: `preview_${type}`,
    workspaceId,
    name: 'preview',
    webhookKey: '',
    apiBaseUrl: null,
    connectTriggers: { utterances: [...DEFAULT_CONNECT_UTTERANCES], blockIds: [] },
    allowCidrs: null,
    ackText: null,
    createdAt: now.toISOString(),
  };
  switch (type) {
    case 'kakao':
      return { ...base, type, credentials: { restApiKey: '', eventName: 'preview' } };
    case 'naver':
      return { ...base, type, credentials: { authorizationKey: '' } };
    case 'webchat':
      return { ...base, type, credentials: {} };
  }
}

interface Limits {
  title: { max: number; what: string };
  description: { max: number; what: string };
  button: { max: number; what: string };
}

function limitsFor(type: ChannelType, card: ProfileCard): Limits {
  switch (type) {
    case 'kakao':
      return {
        title: { max: KAKAO_MAX.title, what: 'a card title' },
        description: card.image
          ? { max: KAKAO_MAX.basicCardDescription, what: 'the description of a card with an image (basicCard)' }
          : { max: KAKAO_MAX.textCardDescription, what: 'the description of a card without an image (textCard)' },
        button: { max: KAKAO_MAX.buttonLabel, what: 'a button label' },
      };
    case 'naver':
      return {
        title: { max: NAVER_LIMITS.compositeTitle, what: 'a card title' },
        description: { max: NAVER_LIMITS.compositeDescription, what: 'a card description' },
        button: { max: NAVER_LIMITS.buttonTitle, what: 'a button title' },
      };
    case 'webchat':
      return {
        title: { max: WEBCHAT_TEXT_MAX, what: 'a card title' },
        description: { max: WEBCHAT_TEXT_MAX, what: 'a card text' },
        button: { max: Number.POSITIVE_INFINITY, what: 'a button label' },
      };
  }
}

function over(path: string, type: ChannelType, what: string, text: string, max: number): PreviewWarning[] {
  const length = charLength(text);
  if (length <= max) return [];
  return [
    {
      path,
      message: `${CHANNEL_NAMES[type]} shows at most ${max} characters in ${what}; this text has ${length}, so the last ${length - max} are cut.`,
    },
  ];
}

/**
 * Where `type` would cut this card's text, counted in characters (code points) as the renderers
 * cut. `descriptionPath` is the setting the description came from.
 */
export function cutWarnings(type: ChannelType, card: ProfileCard, descriptionPath = GUIDE_MESSAGE_PATH): PreviewWarning[] {
  const limits = limitsFor(type, card);
  return [
    ...(card.title !== undefined ? over('/card/title', type, limits.title.what, card.title, limits.title.max) : []),
    ...over(descriptionPath, type, limits.description.what, card.description, limits.description.max),
    ...card.buttons.flatMap((b, i) => over(`/card/buttons/${i}/label`, type, limits.button.what, b.label, limits.button.max)),
  ];
}

/** The exact payload `type` is sent for this card, and the cuts it implies. */
export function previewChannel(
  type: ChannelType,
  card: ProfileCard,
  ctx: { workspaceId: string; now: Date; warnings?: PreviewWarning[] },
): ChannelPreview {
  const channel = previewChannelRecord(type, ctx.workspaceId, ctx.now);
  const warnings = [...(ctx.warnings ?? []), ...cutWarnings(type, card)];
  switch (type) {
    case 'kakao':
      // the synchronous skill answer that carries the card (channels.md "Synchronous answer")
      return { channelType: type, card: renderSkillResponse([card], channel).response, warnings };
    case 'naver':
      return { channelType: type, card: renderNaverOutbound(card, channel), warnings };
    case 'webchat':
      return { channelType: type, card: renderWebchatOutbound(card), warnings };
  }
}

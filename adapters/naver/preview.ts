// The profile card as TalkTalk shows it (PB-22): one composite message.
import type { PreviewBubble, PreviewSpec } from '../../src/domain/adapter-port.js';
import { NAVER_LIMITS, renderNaverOutbound } from './render-outbound.js';
import type { NaverComposite, NaverPayload } from './wire-types.js';

function bubble(c: NaverComposite): PreviewBubble {
  const image =
    c.image && 'imageUrl' in c.image
      ? { image: { url: c.image.imageUrl, shape: 'free' as const } }
      : c.image
        ? { image: { note: `이미지 (imageId ${c.image.imageId})` } }
        : {};
  return {
    kind: 'card',
    ...image,
    ...(c.title ? { title: c.title } : {}),
    ...(c.description !== undefined ? { text: c.description } : {}),
    labels: (c.buttonList ?? []).map((b) => b.data.title),
  };
}

export const NAVER_PREVIEW: PreviewSpec = {
  label: 'TalkTalk',
  title: '네이버 톡톡',
  bar: '톡톡',
  cuts: () => ({
    title: { max: NAVER_LIMITS.compositeTitle, what: 'a card title' },
    description: { max: NAVER_LIMITS.compositeDescription, what: 'a card description' },
    button: { max: NAVER_LIMITS.buttonTitle, what: 'a button title' },
  }),
  payload: (card, channel) => renderNaverOutbound(card, channel),
  bubbles: (payload) => {
    const p = payload as NaverPayload;
    return 'compositeContent' in p ? p.compositeContent.compositeList.map(bubble) : [];
  },
};

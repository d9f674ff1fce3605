// The profile card as KakaoTalk shows it (PB-22): the synchronous skill answer that carries it.
import type { PreviewBubble, PreviewSpec } from '../../src/domain/adapter-port.js';
import { KAKAO_MAX } from './render-outbound.js';
import { renderSkillResponse } from './skill-response.js';
import type { KakaoOutput, KakaoSkillResponse, KakaoWebLinkButton } from './wire-types.js';

const labels = (b: KakaoWebLinkButton[] | undefined): string[] => (b ?? []).map((x) => x.label);

function bubble(o: KakaoOutput): PreviewBubble {
  if ('simpleText' in o) return { kind: 'text', text: o.simpleText.text };
  if ('simpleImage' in o) return { kind: 'image', url: o.simpleImage.imageUrl, alt: o.simpleImage.altText };
  if ('textCard' in o) {
    const c = o.textCard;
    return { kind: 'card', ...(c.title ? { title: c.title } : {}), text: c.description, labels: labels(c.buttons) };
  }
  const c = o.basicCard;
  return {
    kind: 'card',
    image: { url: c.thumbnail.imageUrl, alt: c.thumbnail.altText, shape: c.thumbnail.fixedRatio ? 'square' : 'wide' },
    ...(c.title ? { title: c.title } : {}),
    text: c.description,
    labels: labels(c.buttons),
  };
}

export const KAKAO_PREVIEW: PreviewSpec = {
  label: 'Kakao',
  title: '카카오톡',
  bar: '카카오톡 채널',
  cuts: (card) => ({
    title: { max: KAKAO_MAX.title, what: 'a card title' },
    description: card.image
      ? { max: KAKAO_MAX.basicCardDescription, what: 'the description of a card with an image (basicCard)' }
      : { max: KAKAO_MAX.textCardDescription, what: 'the description of a card without an image (textCard)' },
    button: { max: KAKAO_MAX.buttonLabel, what: 'a button label' },
  }),
  // the synchronous skill answer that carries the card (channels.md "Synchronous answer")
  payload: (card, channel) => renderSkillResponse([card], channel).response,
  bubbles: (payload) => (payload as KakaoSkillResponse).template.outputs.map(bubble),
};

// Pure rendering of one shared outbound message into Kakao's components, cut to Kakao's limits.
import type { ChannelRecord } from '../../src/domain/channel.js';
import { assertNever } from '../../src/domain/errors.js';
import type { CardButton, OutboundImage, OutboundMessage } from '../../src/domain/outbound-message.js';
import { cutText } from '../../src/domain/text-limits.js';
import type { KakaoOutput, KakaoPayload, KakaoWebLinkButton } from './wire-types.js';

export const KAKAO_MAX = {
  text: 1000,
  altText: 50,
  title: 50,
  basicCardDescription: 230,
  textCardDescription: 400,
  buttons: 3,
  buttonLabel: 14,
  outputs: 3,
} as const;

const DEFAULT_ALT_TEXT = '이미지';

function imageUrl(image: OutboundImage): string {
  return image.kakaoUrl ?? image.url;
}

function renderButtons(buttons: CardButton[]): { buttons?: KakaoWebLinkButton[] } {
  if (buttons.length === 0) return {};
  return {
    buttons: buttons.slice(0, KAKAO_MAX.buttons).map((b) => ({
      action: 'webLink' as const,
      label: cutText(b.label, KAKAO_MAX.buttonLabel),
      webLinkUrl: b.url,
    })),
  };
}

function renderTitle(title: string | undefined): { title?: string } {
  return title === undefined || title.trim() === '' ? {} : { title: cutText(title, KAKAO_MAX.title) };
}

type CardMessage = Extract<OutboundMessage, { kind: 'card' }>;

function renderCard(card: CardMessage): KakaoOutput {
  if (card.image === undefined) {
    return {
      textCard: {
        ...renderTitle(card.title),
        description: cutText(card.description, KAKAO_MAX.textCardDescription),
        ...renderButtons(card.buttons),
      },
    };
  }
  const altText = card.image.altText ?? (card.title?.trim() || card.description);
  return {
    basicCard: {
      ...renderTitle(card.title),
      description: cutText(card.description, KAKAO_MAX.basicCardDescription),
      thumbnail: {
        imageUrl: imageUrl(card.image),
        altText: cutText(altText, KAKAO_MAX.altText),
        fixedRatio: card.image.kakaoFixedRatio ?? false,
      },
      ...renderButtons(card.buttons),
    },
  };
}

// The Event API carries one plain text, so a card degrades to its lines and "label: url" links.
function cardAsText(card: CardMessage): string {
  const lines = [card.title?.trim() ?? '', card.description, ...card.buttons.map((b) => `${b.label}: ${b.url}`)];
  return lines.filter((line) => line !== '').join('\n');
}

export function renderKakaoOutput(message: OutboundMessage): KakaoOutput {
  switch (message.kind) {
    case 'text':
      return { simpleText: { text: cutText(message.text, KAKAO_MAX.text) } };
    case 'image':
      return {
        simpleImage: {
          imageUrl: imageUrl(message.image),
          altText: cutText(message.image.altText ?? DEFAULT_ALT_TEXT, KAKAO_MAX.altText),
        },
      };
    case 'card':
      return renderCard(message);
    default:
      return assertNever(message);
  }
}

export function renderEventText(message: OutboundMessage): string {
  switch (message.kind) {
    case 'text':
      return cutText(message.text, KAKAO_MAX.text);
    case 'image':
      return imageUrl(message.image);
    case 'card':
      return cutText(cardAsText(message), KAKAO_MAX.text);
    default:
      return assertNever(message);
  }
}

export function renderKakaoOutbound(message: OutboundMessage, _channel?: ChannelRecord): KakaoPayload {
  return { outputs: [renderKakaoOutput(message)], eventText: renderEventText(message) };
}

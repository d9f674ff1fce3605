// The profile card as our web chat page shows it (PB-22).
import type { PreviewBubble, PreviewSpec, VisitorStreamEvent } from '../../src/domain/adapter-port.js';
import { renderOutbound } from './render-outbound.js';
import { WEBCHAT_TEXT_MAX } from './schema.js';

function bubbles(e: VisitorStreamEvent): PreviewBubble[] {
  const c = e.card;
  if (!c) return e.imageUrl ? [{ kind: 'image', url: e.imageUrl }] : [{ kind: 'text', text: e.text ?? '' }];
  return [
    {
      kind: 'card',
      ...(c.imageUrl ? { image: { url: c.imageUrl, shape: 'free' as const } } : {}),
      ...(c.title ? { title: c.title } : {}),
      text: c.description,
      labels: c.buttons.map((b) => b.label),
    },
  ];
}

export const WEBCHAT_PREVIEW: PreviewSpec = {
  label: 'Web chat',
  title: '웹 채팅',
  bar: '상담 채팅',
  cuts: () => ({
    title: { max: WEBCHAT_TEXT_MAX, what: 'a card title' },
    description: { max: WEBCHAT_TEXT_MAX, what: 'a card text' },
    button: { max: Number.POSITIVE_INFINITY, what: 'a button label' },
  }),
  payload: (card) => renderOutbound(card),
  bubbles: (payload) => bubbles(payload as VisitorStreamEvent),
};

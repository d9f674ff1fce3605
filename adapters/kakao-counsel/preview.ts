// The profile card as a 상담톡 chat shows it (PB-22): the relay sends, in order.
import type { PreviewBubble, PreviewSpec } from '../../src/domain/adapter-port.js';
import { COUNSEL_MAX, renderCounselOutbound } from './render-outbound.js';
import type { CounselPayload, CounselSend } from './wire-types.js';

function bubble(s: CounselSend): PreviewBubble {
  if (s.chat_bubble_type === 'IMAGE') return { kind: 'image', url: s.image };
  const buttons = s.attachment?.buttons ?? [];
  if (buttons.length === 0) return { kind: 'text', text: s.message };
  return { kind: 'card', text: s.message, labels: buttons.map((b) => b.name) };
}

export const COUNSEL_PREVIEW: PreviewSpec = {
  label: 'Kakao 상담톡',
  title: '카카오톡 상담톡',
  bar: '카카오톡 상담',
  cuts: () => ({
    // the title leads the message text, so both share its limit
    title: { max: COUNSEL_MAX.text, what: 'a message' },
    description: { max: COUNSEL_MAX.text, what: 'a message' },
    button: { max: COUNSEL_MAX.buttonName, what: 'a button name' },
  }),
  payload: (card, channel) => renderCounselOutbound(card, channel),
  bubbles: (payload) => (payload as CounselPayload).map(bubble),
};

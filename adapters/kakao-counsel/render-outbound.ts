// Shared outbound message → the relay's sends (pure). A card is a TEXT bubble with WL buttons,
// preceded by an IMAGE send when it has a guide image; texts are cut to 1,000 characters.
import type { ChannelRecord } from '../../src/domain/channel.js';
import type { OutboundMessage } from '../../src/domain/outbound-message.js';
import { cutText } from '../../src/domain/text-limits.js';
import type { CounselButton, CounselPayload } from './wire-types.js';

export const COUNSEL_MAX = {
  text: 1000,
  buttons: 5,
  /** Kakao shows at most 14 characters of a button name (the relay refuses longer ones) */
  buttonName: 14,
} as const;

function button(label: string, url: string): CounselButton {
  return { name: cutText(label, COUNSEL_MAX.buttonName), type: 'WL', url_pc: url, url_mobile: url };
}

export function renderCounselOutbound(message: OutboundMessage, _channel?: ChannelRecord): CounselPayload {
  switch (message.kind) {
    case 'text':
      return [{ chat_bubble_type: 'TEXT', message: cutText(message.text, COUNSEL_MAX.text) }];
    case 'image':
      return [{ chat_bubble_type: 'IMAGE', image: message.image.url }];
    case 'card': {
      const text = message.title ? `${message.title}\n\n${message.description}` : message.description;
      const buttons = message.buttons.slice(0, COUNSEL_MAX.buttons).map((b) => button(b.label, b.url));
      return [
        ...(message.image ? [{ chat_bubble_type: 'IMAGE' as const, image: message.image.url }] : []),
        { chat_bubble_type: 'TEXT', message: cutText(text, COUNSEL_MAX.text), ...(buttons.length > 0 ? { attachment: { buttons } } : {}) },
      ];
    }
  }
}

// Shared OutboundMessage → TalkTalk `send` event (without `user`). Pure: the preview endpoint
// and the inline webhook answer use it as is; send() only swaps imageUrl for a cached imageId.
import type { ChannelRecord } from '../../src/domain/channel.js';
import { assertNever } from '../../src/domain/errors.js';
import type { CardButton, OutboundMessage } from '../../src/domain/outbound-message.js';
import { cutText } from '../../src/domain/text-limits.js';
import type { NaverComposite, NaverLinkButton, NaverPayload } from './wire-types.js';

/** Limits from the TalkTalk chatbot API reference, counted in characters. */
export const NAVER_LIMITS = {
  text: 10_000,
  compositeTitle: 200,
  compositeDescription: 1_000,
  buttonTitle: 18,
  buttons: 10,
} as const;

export function renderNaverOutbound(message: OutboundMessage, _channel: ChannelRecord): NaverPayload {
  switch (message.kind) {
    case 'text':
      return { event: 'send', textContent: { text: cutText(message.text, NAVER_LIMITS.text) } };
    case 'image':
      return { event: 'send', imageContent: { imageUrl: message.image.url } };
    case 'card': {
      const composite: NaverComposite = {};
      if (message.title !== undefined && message.title !== '') {
        composite.title = cutText(message.title, NAVER_LIMITS.compositeTitle);
      }
      // A composite needs at least one of title/description; an empty description adds nothing.
      if (message.description !== '') {
        composite.description = cutText(message.description, NAVER_LIMITS.compositeDescription);
      }
      if (message.image) composite.image = { imageUrl: message.image.url };
      const buttons = message.buttons.slice(0, NAVER_LIMITS.buttons).map(renderButton);
      if (buttons.length > 0) composite.buttonList = buttons;
      return { event: 'send', compositeContent: { compositeList: [composite] } };
    }
    default:
      return assertNever(message);
  }
}

function renderButton(button: CardButton): NaverLinkButton {
  // TalkTalk requires both URLs; our form page is responsive, so both are the same.
  return {
    type: 'LINK',
    data: { title: cutText(button.label, NAVER_LIMITS.buttonTitle), url: button.url, mobileUrl: button.url },
  };
}

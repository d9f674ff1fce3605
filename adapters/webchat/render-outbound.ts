// The shared outbound model → one visitor stream event. Pure, so the preview endpoint and the
// tests get exactly what the page will receive. `id` is left '' for the sender to fill with
// the outbound message id (the page de-duplicates on it).
import type { VisitorStreamEvent } from '../../src/domain/adapter-port.js';
import { assertNever } from '../../src/domain/errors.js';
import type { OutboundMessage } from '../../src/domain/outbound-message.js';
import { cutText } from '../../src/domain/text-limits.js';
import { WEBCHAT_TEXT_MAX } from './schema.js';

export function renderOutbound(message: OutboundMessage): VisitorStreamEvent {
  switch (message.kind) {
    case 'text':
      return { id: '', from: message.from, kind: 'text', text: cutText(message.text, WEBCHAT_TEXT_MAX) };
    case 'image':
      return { id: '', from: message.from, kind: 'image', imageUrl: message.image.url };
    case 'card': {
      // Optional keys are omitted rather than set to undefined: the payload is JSON on the wire
      // and compared byte for byte in tests.
      const card: NonNullable<VisitorStreamEvent['card']> = {
        ...(message.title !== undefined ? { title: cutText(message.title, WEBCHAT_TEXT_MAX) } : {}),
        description: cutText(message.description, WEBCHAT_TEXT_MAX),
        ...(message.image !== undefined ? { imageUrl: message.image.url } : {}),
        buttons: message.buttons.map((b) => ({ label: b.label, url: b.url })),
      };
      return { id: '', from: message.from, kind: 'card', card };
    }
    default:
      return assertNever(message);
  }
}

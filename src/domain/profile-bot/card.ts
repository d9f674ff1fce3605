// PB-15: the profile card, in the shared outbound model; adapters render it natively, and the
// preview (PB-22) builds it with the same function so it shows exactly what is sent.
import type { OutboundImage, OutboundMessage } from '../outbound-message.js';
import type { Settings } from '../settings.js';
import { FALLBACK_GUIDE_MESSAGE, OPEN_FORM_BUTTON } from './texts.js';

export type ProfileCard = Extract<OutboundMessage, { kind: 'card' }>;

export function buildProfileCard(
  profileBot: Settings['profileBot'],
  formUrl: string,
  guideImage?: OutboundImage,
): ProfileCard {
  const description = profileBot.guideMessage?.trim() ? profileBot.guideMessage : FALLBACK_GUIDE_MESSAGE;
  const card: ProfileCard = {
    kind: 'card',
    from: 'bot',
    description,
    buttons: [{ label: OPEN_FORM_BUTTON, url: formUrl }],
  };
  if (guideImage) card.image = guideImage;
  return card;
}

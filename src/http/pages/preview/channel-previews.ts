// PB-22: the profile card as each channel will receive it — built by the same buildProfileCard
// and rendered by the adapters' own pure renderers (PreviewSpec) — plus a warning wherever a
// platform limit would cut text (the renderers cut silently; an admin should hear about it
// before saving).
import type { ChannelAdapter, PreviewBubble } from '../../../domain/adapter-port.js';
import { DEFAULT_CONNECT_UTTERANCES, type ChannelRecord, type ChannelType } from '../../../domain/channel.js';
import type { FieldError } from '../../../domain/errors.js';
import type { ProfileCard } from '../../../domain/profile-bot/card.js';
import { charLength } from '../../../domain/text-limits.js';

export type PreviewWarning = FieldError;

export interface ChannelPreview {
  channelType: ChannelType;
  /** the exact channel payload */
  card: unknown;
  /** the same payload as the page draws it */
  bubbles: PreviewBubble[];
  /** column heading and phone bar of the page */
  title: string;
  bar: string;
  warnings: PreviewWarning[];
}

/** where a warning about the guide message points: the setting the admin edits */
export const GUIDE_MESSAGE_PATH = '/profileBot/guideMessage';
export const GUIDE_IMAGE_PATH = '/profileBot/guideImageId';

/**
 * A channel record for rendering only: no credentials, never stored, never sent to. The
 * renderers read nothing from it for a card today; it exists because their signature asks.
 */
export function previewChannelRecord(type: ChannelType, workspaceId: string, now: Date): ChannelRecord {
  return {
    id: `preview_${type}`,
    workspaceId,
    type,
    name: 'preview',
    credentials: {},
    webhookKey: '',
    apiBaseUrl: null,
    connectTriggers: { utterances: [...DEFAULT_CONNECT_UTTERANCES], blockIds: [] },
    allowCidrs: null,
    ackText: null,
    createdAt: now.toISOString(),
  };
}

function over(path: string, label: string, what: string, text: string, max: number): PreviewWarning[] {
  const length = charLength(text);
  if (length <= max) return [];
  return [
    {
      path,
      message: `${label} shows at most ${max} characters in ${what}; this text has ${length}, so the last ${length - max} are cut.`,
    },
  ];
}

/**
 * Where the adapter's channel would cut this card's text, counted in characters (code points)
 * as the renderers cut. `descriptionPath` is the setting the description came from.
 */
export function cutWarnings(adapter: ChannelAdapter, card: ProfileCard, descriptionPath = GUIDE_MESSAGE_PATH): PreviewWarning[] {
  const { label } = adapter.preview;
  const cuts = adapter.preview.cuts(card);
  return [
    ...(card.title !== undefined ? over('/card/title', label, cuts.title.what, card.title, cuts.title.max) : []),
    ...over(descriptionPath, label, cuts.description.what, card.description, cuts.description.max),
    ...card.buttons.flatMap((b, i) => over(`/card/buttons/${i}/label`, label, cuts.button.what, b.label, cuts.button.max)),
  ];
}

/** The exact payload the adapter's channel is sent for this card, and the cuts it implies. */
export function previewChannel(
  adapter: ChannelAdapter,
  card: ProfileCard,
  ctx: { workspaceId: string; now: Date; warnings?: PreviewWarning[] },
): ChannelPreview {
  const spec = adapter.preview;
  const payload = spec.payload(card, previewChannelRecord(adapter.type, ctx.workspaceId, ctx.now));
  return {
    channelType: adapter.type,
    card: payload,
    bubbles: spec.bubbles(payload),
    title: spec.title,
    bar: spec.bar,
    warnings: [...(ctx.warnings ?? []), ...cutWarnings(adapter, card)],
  };
}

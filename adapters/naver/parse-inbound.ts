// TalkTalk event → shared InboundEvents. TalkTalk stops delivering to a webhook that keeps
// failing, so every well-formed event is accepted; events we have no use for map to [].
import type { InboundRequest } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { ValidationError } from '../../src/domain/errors.js';
import type { CustomerFlags, InboundEvent } from '../../src/domain/inbound-event.js';
import { checkNaverEvent, type NaverEvent } from './schema.js';

interface Base {
  channelId: string;
  channelUserId: string;
  occurredAt: string;
  raw: unknown;
}

export function parseNaverInbound(req: InboundRequest, channel: ChannelRecord): InboundEvent[] {
  const checked = checkNaverEvent(req.body);
  if (!checked.ok) {
    throw new ValidationError('The TalkTalk event does not match the expected envelope.', checked.errors);
  }
  const event = checked.value;
  // TalkTalk gives no delivery id, so none is set; dedupe cannot rely on one.
  const base: Base = {
    channelId: channel.id,
    channelUserId: event.user,
    occurredAt: req.receivedAt,
    raw: req.body,
  };

  switch (event.event) {
    case 'send':
      // `standby: true` means an agent owns the thread; it is still the customer talking.
      return parseSend(event, base, channel);
    case 'open':
      return parseOpen(event, base);
    case 'leave':
      return [{ ...base, kind: 'conversation.left' }];
    case 'friend':
      return event.options?.set === 'off' ? [{ ...base, kind: 'customer.blocked' }] : [];
    default:
      // echo (our own and agents' messages: answering it loops), profile, handover, pay_*,
      // action and whatever TalkTalk adds later.
      return [];
  }
}

function parseSend(event: NaverEvent, base: Base, channel: ChannelRecord): InboundEvent[] {
  if (event.textContent) {
    const { text, inputType } = event.textContent;
    const trimmed = text.trim();
    if (inputType === 'inquiry' || channel.connectTriggers.utterances.includes(trimmed)) {
      return [{ ...base, kind: 'conversation.connect_requested' }];
    }
    return trimmed === '' ? [] : [{ ...base, kind: 'message.text', text }];
  }
  if (event.imageContent) {
    return [{ ...base, kind: 'message.image', imageUrl: event.imageContent.imageUrl }];
  }
  if (event.compositeContent) {
    const text = compositeText(event.compositeContent.compositeList ?? []);
    return text === null ? [] : [{ ...base, kind: 'message.text', text }];
  }
  return [];
}

/** The readable part of a composite a customer shared: title and description of the first one that has them. */
function compositeText(list: NonNullable<NonNullable<NaverEvent['compositeContent']>['compositeList']>): string | null {
  for (const item of list) {
    const parts = [item.title, item.description].map((p) => p?.trim() ?? '').filter((p) => p !== '');
    if (parts.length > 0) return parts.join('\n');
  }
  return null;
}

function parseOpen(event: NaverEvent, base: Base): InboundEvent[] {
  const flags: CustomerFlags = {};
  if (event.options?.under14 !== undefined) flags.under14 = event.options.under14;
  if (event.options?.under19 !== undefined) flags.under19 = event.options.under19;
  return Object.keys(flags).length > 0 ? [{ ...base, kind: 'customer.updated', flags }] : [];
}

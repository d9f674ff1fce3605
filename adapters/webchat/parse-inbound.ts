// Web chat events → the shared inbound model. The visitorId comes from the verified token,
// never from the body, so a visitor can only speak as themself.
import type { InboundRequest } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { ValidationError, assertNever } from '../../src/domain/errors.js';
import type { InboundEvent } from '../../src/domain/inbound-event.js';
import { isWebchatEventType, toFieldErrors, validateByType } from './schema.js';
import type { VisitorEvent, WebchatEvent } from './wire-types.js';

/** the body as a typed web chat event; throws ValidationError with a detail per failing field */
export function parseWebchatBody(body: unknown): WebchatEvent {
  const type: unknown =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['type'] : undefined;
  if (!isWebchatEventType(type)) {
    throw new ValidationError(
      'The body must be a JSON object whose type is hello, connect_request, message or leave.',
      [{ path: '/type', message: 'must be one of hello, connect_request, message, leave' }],
    );
  }
  const validate = validateByType[type];
  if (!validate(body)) {
    throw new ValidationError(
      `The ${type} event does not match the web chat schema.`,
      toFieldErrors(validate.errors),
    );
  }
  return body as WebchatEvent;
}

/** maps one authenticated visitor event; `visitorId` is what the token verified to */
export function toInboundEvents(
  event: VisitorEvent,
  visitorId: string,
  channel: ChannelRecord,
  receivedAt: string,
): InboundEvent[] {
  const base = {
    channelId: channel.id,
    channelUserId: visitorId,
    occurredAt: receivedAt,
    deliveryId: event.eventId,
    raw: event,
  };
  switch (event.type) {
    case 'connect_request':
      return [{ ...base, kind: 'conversation.connect_requested' }];
    case 'message':
      return [{ ...base, kind: 'message.text', text: event.text }];
    case 'leave':
      return [{ ...base, kind: 'conversation.left' }];
    default:
      return assertNever(event);
  }
}

/**
 * `visitorIdOf` returns the verified visitor for this request (the adapter re-checks the token
 * rather than trusting state left by authenticate). A hello yields no event: the route answers
 * it with a token.
 */
export function parseInbound(
  req: InboundRequest,
  channel: ChannelRecord,
  visitorIdOf: (req: InboundRequest, channel: ChannelRecord) => string,
): InboundEvent[] {
  const event = parseWebchatBody(req.body);
  if (event.type === 'hello') return [];
  return toInboundEvents(event, visitorIdOf(req, channel), channel, req.receivedAt);
}

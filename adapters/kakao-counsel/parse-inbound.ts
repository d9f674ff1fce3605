// Relay POSTs → shared inbound events (channels.md "Kakao 상담톡 through a dealer relay").
import type { InboundRequest } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { ValidationError } from '../../src/domain/errors.js';
import type { InboundEvent, InboundMedia } from '../../src/domain/inbound-event.js';
import { checkMessageBody, checkReferenceBody, checkSessionEndBody } from './schema.js';
import { rawTopLevelNumber } from './serial-number.js';
import type { CounselMediaItem, CounselMessageBody } from './wire-types.js';

export type CounselEndpoint = 'message' | 'reference' | 'session_end';

const ROUTES: Readonly<Record<string, CounselEndpoint>> = {
  '/message': 'message',
  '/reference': 'reference',
  '/sessionEnd': 'session_end',
  '/expired_session': 'session_end',
};

/** the called path; a request built without one (tests, replays) is told apart by its body */
export function endpointOf(req: InboundRequest): CounselEndpoint {
  const byRoute = req.route !== undefined ? ROUTES[req.route] : undefined;
  if (byRoute) return byRoute;
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  if ('serial_number' in body) return 'message';
  if ('reference' in body || 'last_reference' in body) return 'reference';
  return 'session_end';
}

/** `time` is the relay's clock in epoch milliseconds */
function occurredAt(time: number | string | undefined, receivedAt: string): string {
  const ms = typeof time === 'string' && /^\d+$/.test(time) ? Number(time) : time;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return receivedAt;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? receivedAt : d.toISOString();
}

const MEDIA_TYPES = new Set(['photo', 'video', 'audio', 'file']);

/** what one message carries: its text lines and its media, from `content` or `contents` */
function itemsOf(body: CounselMessageBody): { texts: string[]; media: CounselMediaItem[] } {
  const items: (string | CounselMediaItem)[] = body.contents ?? (body.content !== undefined ? [body.content] : []);
  const texts = items.filter((i): i is string => typeof i === 'string');
  const media = items.filter((i): i is CounselMediaItem => typeof i !== 'string');
  const attached = body.attachment?.url;
  // a long text's attachment is its .txt (fetched later), not a medium of its own
  if (attached && body.type !== 'text' && !media.some((m) => m.url === attached)) media.push({ url: attached });
  return { texts, media };
}

function parseMessage(req: InboundRequest, channel: ChannelRecord): InboundEvent[] {
  const body = checkMessageBody(req.body);
  const serial = rawTopLevelNumber(req.rawBody.toString('utf8'), 'serial_number') ?? String(body.serial_number);
  const { texts, media } = itemsOf(body);
  const base = {
    channelId: channel.id,
    channelUserId: body.user_key,
    occurredAt: occurredAt(body.time, req.receivedAt),
    ...(body.session_id !== undefined ? { sessionId: String(body.session_id) } : {}),
    // a 상담톡 session exists because the customer asked for a counsellor
    opensConversation: true,
    // the exact serial kept with the payload (the parsed one may have lost digits)
    raw: { ...body, serial_number: serial },
  };
  const parts: InboundEvent[] = [];
  const kind = MEDIA_TYPES.has(body.type) ? body.type : 'file';
  for (const m of media) {
    if (kind === 'photo') {
      parts.push({ ...base, kind: 'message.image', imageUrl: m.url });
      if (m.comment) parts.push({ ...base, kind: 'message.text', text: m.comment });
    } else {
      const medium: InboundMedia = { kind: kind as InboundMedia['kind'], url: m.url };
      parts.push({ ...base, kind: 'message.text', text: m.comment ? `${m.comment}\n${m.url}` : m.url, media: medium });
    }
  }
  if (texts.length > 0) parts.unshift({ ...base, kind: 'message.text', text: texts.join('\n') });
  if (parts.length === 0) {
    throw new ValidationError('The message carries no text and no media; send content, contents or attachment.url.', [
      { path: '/contents', message: 'has no text and no media' },
    ]);
  }
  // dedupe on sender_key:serial_number; the parts of one message follow it
  return parts.map((p, i) => ({ ...p, deliveryId: i === 0 ? `${body.sender_key}:${serial}` : `${body.sender_key}:${serial}:${i}` }));
}

function parseReference(req: InboundRequest, channel: ChannelRecord): InboundEvent[] {
  const body = checkReferenceBody(req.body);
  const ref: Record<string, unknown> = body.reference ?? {};
  const last: Record<string, unknown> = body.last_reference ?? {};
  const context: Record<string, unknown> = {};
  if (ref['extra'] !== undefined) context['extra'] = ref['extra'];
  if (last['bot'] !== undefined) context['bot'] = last['bot'];
  if (last['bot_event'] !== undefined) context['bot_event'] = last['bot_event'];
  return [
    {
      kind: 'conversation.context',
      channelId: channel.id,
      channelUserId: body.user_key,
      occurredAt: occurredAt(body.time, req.receivedAt),
      sessionId: String(body.session_id),
      context,
      raw: body,
    },
  ];
}

function parseSessionEnd(req: InboundRequest, channel: ChannelRecord): InboundEvent[] {
  const body = checkSessionEndBody(req.body);
  return [
    {
      kind: 'conversation.left',
      channelId: channel.id,
      channelUserId: body.user_key,
      occurredAt: occurredAt(body.time, req.receivedAt),
      ...(body.session_id !== undefined ? { sessionId: String(body.session_id) } : {}),
      raw: body,
    },
  ];
}

export function parseCounselInbound(req: InboundRequest, channel: ChannelRecord): InboundEvent[] {
  switch (endpointOf(req)) {
    case 'message':
      return parseMessage(req, channel);
    case 'reference':
      return parseReference(req, channel);
    case 'session_end':
      return parseSessionEnd(req, channel);
  }
}

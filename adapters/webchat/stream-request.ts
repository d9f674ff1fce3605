// What a `GET /webhooks/webchat/:channelId/stream` request asks for: whose stream, and from where.
import type { InboundRequest } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { authenticateStream } from './authenticate.js';
import type { SigningKeys } from '../../src/domain/signing-keys.js';

// Stream sequences are opaque to the page (a Redis stream id such as 1700000000000-0 today);
// anything else is ignored rather than passed to the store.
const SEQUENCE = /^[A-Za-z0-9._:-]{1,64}$/;

export interface StreamRequest {
  visitorId: string;
  /** replay what came after this sequence; null = only new events */
  lastEventId: string | null;
}

/**
 * `Last-Event-ID` is what EventSource sends on its own reconnects; `?lastEventId=` is the page's
 * fallback when it reopens a stream the server closed (a new EventSource cannot set headers).
 */
export function lastEventIdOf(req: InboundRequest): string | null {
  const value = req.headers['last-event-id'] || req.query['lastEventId'];
  return value !== undefined && SEQUENCE.test(value) ? value : null;
}

export function parseStreamRequest(
  req: InboundRequest,
  channel: ChannelRecord,
  secretKey: SigningKeys,
  ownOrigin?: string,
): StreamRequest {
  return {
    visitorId: authenticateStream(req, channel, secretKey, ownOrigin),
    lastEventId: lastEventIdOf(req),
  };
}

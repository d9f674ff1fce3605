// Who may talk to a web chat channel: an Origin check (when the channel lists origins) for
// every request, and a visitor token for every event but hello.
import type { InboundRequest } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { AuthError, ForbiddenError } from '../../src/domain/errors.js';
import type { WebchatCredentials } from './credentials.js';
import { validateByType } from './schema.js';
import { verifyVisitorToken } from './visitor-token.js';
import type { HelloEvent } from './wire-types.js';
import type { SigningKeys } from '../../src/domain/signing-keys.js';

/** A webchat channel's credentials; any other channel reaching this adapter is a wiring bug. */
export function webchatCredentialsOf(channel: ChannelRecord): WebchatCredentials {
  if (channel.type !== 'webchat') {
    throw new Error(`webchat adapter called with a ${channel.type} channel (${channel.id})`);
  }
  return channel.credentials;
}

export function isHello(body: unknown): body is HelloEvent {
  return validateByType.hello(body);
}

/** `scheme://host[:port]` lower-cased without a default port, the form browsers send */
export function normaliseOrigin(value: string): string {
  try {
    const origin = new URL(value.trim()).origin;
    if (origin !== 'null') return origin;
  } catch {
    // not a URL (e.g. the literal "null" of sandboxed frames): compare as typed
  }
  return value.trim().toLowerCase().replace(/\/+$/, '');
}

/**
 * Whether a request with this `Origin` header may use the channel.
 * - An empty or missing `allowedOrigins` list allows every origin.
 * - A missing Origin is allowed: browsers always send one on the page's POSTs, so its absence
 *   means a server-side client, which the visitor token still gates.
 * - `ownOrigin` (the gateway's PUBLIC_BASE_URL origin) is always allowed: the page the gateway
 *   serves at /webchat/:channelId posts from there even when a company site frames it.
 */
export function isOriginAllowed(
  origin: string | undefined,
  channel: ChannelRecord,
  ownOrigin?: string,
): boolean {
  const allowed = webchatCredentialsOf(channel).allowedOrigins ?? [];
  if (allowed.length === 0 || origin === undefined || origin === '') return true;
  const given = normaliseOrigin(origin);
  if (ownOrigin !== undefined && given === normaliseOrigin(ownOrigin)) return true;
  return allowed.some((entry) => normaliseOrigin(entry) === given);
}

export function assertOriginAllowed(req: InboundRequest, channel: ChannelRecord, ownOrigin?: string): void {
  if (!isOriginAllowed(req.headers['origin'], channel, ownOrigin)) {
    throw new ForbiddenError(
      "This page origin is not in the web chat channel's allowedOrigins; add it to the channel credentials.",
      'origin_not_allowed',
    );
  }
}

/** the token of `Authorization: Bearer <token>`; throws AuthError when absent */
export function bearerToken(req: InboundRequest): string {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers['authorization'] ?? '');
  if (!match?.[1]) {
    throw new AuthError('Send Authorization: Bearer <visitorToken>; get a token with {"type":"hello"}.');
  }
  return match[1];
}

/**
 * Checks a POST from the page. Returns the visitorId of a valid token, or null for a hello
 * body (which needs no token: it is how a visitor gets one).
 */
export function authenticateEvent(
  req: InboundRequest,
  channel: ChannelRecord,
  secretKey: SigningKeys,
  ownOrigin?: string,
): string | null {
  assertOriginAllowed(req, channel, ownOrigin);
  if (isHello(req.body)) return null;
  return verifyVisitorToken(secretKey, bearerToken(req), channel.id);
}

/**
 * Checks `GET /webhooks/webchat/:channelId/stream`: EventSource cannot set headers, so the token
 * comes in `?token=` (a Bearer header is accepted for other clients). Returns the visitorId.
 */
export function authenticateStream(
  req: InboundRequest,
  channel: ChannelRecord,
  secretKey: SigningKeys,
  ownOrigin?: string,
): string {
  assertOriginAllowed(req, channel, ownOrigin);
  const token = req.query['token'] ?? bearerToken(req);
  return verifyVisitorToken(secretKey, token, channel.id);
}

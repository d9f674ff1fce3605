// Web chat v2: our own page talking over HTTP + Server-Sent Events (channels.md "Web chat v2").
import type {
  ChannelAdapter,
  ChannelLimits,
  InboundRequest,
  VisitorStreamEvent,
} from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { AuthError } from '../../src/domain/errors.js';
import { assertOriginAllowed, authenticateEvent } from './authenticate.js';
import { sendToVisitorStream } from './client.js';
import { WEBCHAT_CREDENTIALS } from './credentials.js';
import { parseInbound } from './parse-inbound.js';
import { WEBCHAT_PREVIEW } from './preview.js';
import { renderOutbound } from './render-outbound.js';
import { WEBCHAT_TEXT_MAX } from './schema.js';
import { parseStreamRequest, type StreamRequest } from './stream-request.js';
import { issueVisitorToken } from './visitor-token.js';
import type { HelloAnswer } from './wire-types.js';
import type { SigningKeys } from '../../src/domain/signing-keys.js';

export {
  isHello,
  isOriginAllowed,
  normaliseOrigin,
  bearerToken,
  webchatCredentialsOf,
} from './authenticate.js';
export { issueVisitorToken, verifyVisitorToken, newVisitorId } from './visitor-token.js';
export { parseWebchatBody, toInboundEvents } from './parse-inbound.js';
export { renderOutbound } from './render-outbound.js';
export { sendToVisitorStream } from './client.js';
export { lastEventIdOf, type StreamRequest } from './stream-request.js';
export { WEBCHAT_TEXT_MAX } from './schema.js';
export { WebchatCredentialsSchema, type WebchatCredentials } from './credentials.js';
export type * from './wire-types.js';

export const WEBCHAT_LIMITS: ChannelLimits = Object.freeze({ text: WEBCHAT_TEXT_MAX });

export interface WebchatAdapterDeps {
  /** from SECRET_KEY: the first key signs visitor tokens, any verifies (SECRET_KEY_PREVIOUS) */
  secretKey: SigningKeys;
  /**
   * PUBLIC_BASE_URL: the page the gateway serves posts from this origin, so it is always
   * allowed even when a channel restricts allowedOrigins to the sites that embed it.
   */
  publicBaseUrl?: string;
}

/** The port plus what only web chat has: the hello handshake and the SSE stream check. */
export interface WebchatAdapter extends ChannelAdapter<VisitorStreamEvent> {
  readonly type: 'webchat';
  /** answer to `{"type":"hello"}` (after authenticate): a new visitor and their token */
  hello(req: InboundRequest, channel: ChannelRecord): HelloAnswer;
  /** checks `GET …/stream`: Origin + `?token=`; throws AuthError/ForbiddenError */
  authenticateStream(req: InboundRequest, channel: ChannelRecord): StreamRequest;
}

export function createWebchatAdapter(deps: WebchatAdapterDeps): WebchatAdapter {
  const { secretKey } = deps;
  const ownOrigin = deps.publicBaseUrl;
  const visitorIdOf = (req: InboundRequest, channel: ChannelRecord): string => {
    const visitorId = authenticateEvent(req, channel, secretKey, ownOrigin);
    if (visitorId === null)
      throw new AuthError('A hello event carries no visitor; send it alone to get a token.');
    return visitorId;
  };
  return {
    type: 'webchat',
    limits: WEBCHAT_LIMITS,
    credentials: WEBCHAT_CREDENTIALS,
    // our own page: its routes (page, hello, SSE stream, CORS) are served by
    // src/http/routes/webchat-routes.ts through the WebchatAdapter methods below
    webhooks: { keyInUrl: true, routes: [] },
    preview: WEBCHAT_PREVIEW,
    links: (baseUrl, channel) => ({ pageUrl: `${baseUrl}/webchat/${channel.id}` }),
    authenticate(req, channel) {
      authenticateEvent(req, channel, secretKey, ownOrigin);
    },
    parseInbound(req, channel) {
      return parseInbound(req, channel, visitorIdOf);
    },
    renderOutbound(message) {
      return renderOutbound(message);
    },
    send(payload, target, channel, ports) {
      return sendToVisitorStream(payload, target, channel, ports);
    },
    async echoCustomerText(e, eventId, ports) {
      // the page shows it at once under the client's eventId and drops this echo by id (a
      // replay after a crash may echo twice: same id, dropped too)
      const clientId = e.deliveryId?.startsWith(`${e.channelUserId}:`) ? e.deliveryId.slice(e.channelUserId.length + 1) : eventId;
      await ports.appendVisitorStream(e.channelId, e.channelUserId, { id: clientId, from: 'customer', kind: 'text', text: e.text });
    },
    hello(req, channel) {
      assertOriginAllowed(req, channel, ownOrigin);
      return issueVisitorToken(secretKey, channel.id);
    },
    authenticateStream(req, channel) {
      return parseStreamRequest(req, channel, secretKey, ownOrigin);
    },
  };
}

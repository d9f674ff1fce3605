// POST /webhooks/webchat/:channelId: a visitor's hello (→ 201 with a visitor token) or events
// (→ 202, recorded). One handler for express's route and the webhook fast path (fast-webhooks.ts).
import { isHello, type WebchatCredentials } from '../../../adapters/webchat/index.js';
import { recordInbound } from '../../app/record-inbound.js';
import type { HttpDeps } from '../deps.js';
import { loadChannel, type WebhookEndpoint } from './platform-webhook-routes.js';

/** CORS for an allowed page origin; set before authentication so a browser can read a refusal */
export function corsHeaders(origin: string | undefined, creds: WebchatCredentials, setHeader: (name: string, value: string) => void): void {
  if (origin && creds.allowedOrigins?.includes(origin)) {
    setHeader('Access-Control-Allow-Origin', origin);
    setHeader('Vary', 'Origin');
  }
}

export function webchatEventEndpoint(deps: HttpDeps): WebhookEndpoint {
  const s = deps.services;
  const record = { inbox: s.inbox, queue: s.inboundDrain, log: deps.log };
  return {
    type: 'webchat',
    subPath: '',
    path: '/webhooks/webchat/:channelId',
    async handle(channelId, request, setHeader) {
      const channel = await loadChannel(deps, 'webchat', channelId);
      const ireq = request(deps.now());
      corsHeaders(ireq.headers['origin'], channel.credentials, setHeader);
      const adapter = s.adapters.webchat;
      adapter.authenticate(ireq, channel);
      if (isHello(ireq.body)) return { answer: { status: 201, body: adapter.hello(ireq, channel) } };
      const events = adapter.parseInbound(ireq, channel);
      const recorded = await recordInbound(record, channel, events, ireq.receivedAt);
      const duplicate = recorded.some((r) => r.duplicate);
      deps.metrics.webhooks.inc({ channel: 'webchat', outcome: duplicate ? 'duplicate' : 'recorded' });
      return {
        answer: { status: 202, body: { accepted: true, duplicate } },
        log: { channelId: channel.id, events: recorded.map((r) => r.eventId) },
      };
    },
  };
}

// Web chat v2: the page, its script, the event endpoint and the per-visitor SSE stream. Web chat
// is our own product page rather than a platform's webhook, so its routes (page, hello
// handshake, CORS, SSE) are served here through the WebchatAdapter's extra methods. An open
// stream is normally served by webchat-stream/stream-fast-path.ts before express; the stream
// route here answers its refusals and any request that reaches the express app directly.
import type { Response } from 'express';
import type { WebchatCredentials } from '../../../adapters/webchat/index.js';
import type { HttpDeps } from '../deps.js';
import { toInboundRequest } from '../inbound-request.js';
import { jsonBody } from '../middleware/body.js';
import { WEBCHAT_CLIENT_PATH, renderWebchatPage, webchatClientScript, webchatCsp } from '../pages/webchat/webchat.html.js';
import { def, type RouteDef } from '../route-def.js';
import type { OpenStreams } from '../webchat-stream/open-streams.js';
import { allowOrigin } from '../webchat-stream/stream-fast-path.js';
import { serveVisitorStream } from '../webchat-stream/visitor-sse.js';
import { pageScriptRoute } from './page-script-route.js';
import { webchatEventEndpoint } from './webchat-event-endpoint.js';
import { loadChannel } from './platform-webhook-routes.js';

type Params = { channelId: string };

export function webchatRoutes(deps: HttpDeps, openStreams: OpenStreams): RouteDef[] {
  const s = deps.services;
  const events = webchatEventEndpoint(deps);
  return [
    def<Params>(
      { method: 'get', path: '/webchat/:channelId', operationId: 'getWebchatPage', summary: 'The web chat v2 page', tag: 'customers', auth: 'none',
        produces: 'text/html', responses: { 200: 'HTML page', 404: 'unknown channel' } },
      async (req, res: Response) => {
        const channel = await loadChannel(deps, 'webchat', req.params.channelId);
        const creds = channel.credentials as WebchatCredentials;
        res.setHeader('Content-Security-Policy', webchatCsp(creds.allowedOrigins));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.type('html').send(renderWebchatPage({ channelId: channel.id, title: channel.name }));
      },
    ),
    pageScriptRoute(WEBCHAT_CLIENT_PATH, 'The web chat v2 page script', webchatClientScript()),
    def<Params>(
      { method: 'post', path: '/webhooks/webchat/:channelId', operationId: 'postWebchatMessage', summary: 'Web chat v2 events: hello → 201 token; others → 202',
        tag: 'customers', auth: 'visitor', responses: { 201: '{visitorId, visitorToken}', 202: 'recorded', 400: 'invalid', 401: 'bad token', 403: 'origin not allowed', 503: 'storage down' } },
      jsonBody(),
      async (req, res: Response) => {
        const r = await events.handle(req.params.channelId, (at) => toInboundRequest(req, at), (n, v) => res.setHeader(n, v));
        if (r.log) res.locals['log'] = r.log;
        res.status(r.answer.status).json(r.answer.body);
      },
    ),
    def<Params>(
      { method: 'get', path: '/webhooks/webchat/:channelId/stream', operationId: 'streamWebchatEvents', summary: 'Server-Sent Events: outbound messages for one visitor',
        tag: 'customers', auth: 'visitor', query: { token: 'the visitor token', lastEventId: 'fallback for Last-Event-ID' },
        produces: 'text/event-stream', responses: { 200: 'event stream', 401: 'bad token', 403: 'origin not allowed' } },
      async (req, res: Response) => {
        const channel = await loadChannel(deps, 'webchat', req.params.channelId);
        const { visitorId, lastEventId } = s.adapters.webchat.authenticateStream(toInboundRequest(req, deps.now()), channel);
        allowOrigin(req, res, channel.credentials);
        await serveVisitorStream(s.streams, openStreams, res, { channelId: channel.id, visitorId, lastEventId });
      },
    ),
  ];
}

// Web chat v2: the page, its script, the event endpoint and the per-visitor SSE stream. Web chat
// is our own product page rather than a platform's webhook, so its routes (page, hello
// handshake, CORS, SSE) are served here through the WebchatAdapter's extra methods.
import type { Request, Response } from 'express';
import type { WebchatCredentials } from '../../../adapters/webchat/index.js';
import { streamIdAfter, type StreamEntry } from '../../infra/webchat/visitor-streams.redis.js';
import type { HttpDeps } from '../deps.js';
import { toInboundRequest } from '../inbound-request.js';
import { jsonBody } from '../middleware/body.js';
import { WEBCHAT_CLIENT_PATH, renderWebchatPage, webchatClientScript, webchatCsp } from '../pages/webchat/webchat.html.js';
import { def, type RouteDef } from '../route-def.js';
import { pageScriptRoute } from './page-script-route.js';
import { corsHeaders, webchatEventEndpoint } from './webchat-event-endpoint.js';
import { loadChannel } from './platform-webhook-routes.js';

type Params = { channelId: string };

function corsFor(req: Request, res: Response, creds: WebchatCredentials): void {
  corsHeaders(req.header('origin'), creds, (n, v) => res.setHeader(n, v));
}

export function webchatRoutes(deps: HttpDeps): RouteDef[] {
  const s = deps.services;
  const events = webchatEventEndpoint(deps);
  // one timer for every open stream rather than one per connection (thousands are held)
  const heartbeats = new Set<Response>();
  const beat = setInterval(() => {
    for (const r of heartbeats) r.write(': heartbeat\n\n');
  }, deps.sseHeartbeatMs);
  beat.unref();
  deps.lifecycle.once('shutdown', () => clearInterval(beat));
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
        corsFor(req, res, channel.credentials);
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        res.write('retry: 2000\n\n');
        let last = lastEventId;
        let replaying = true;
        const buffered: StreamEntry[] = [];
        const write = (e: StreamEntry): void => {
          if (last && !streamIdAfter(e.seq, last)) return;
          last = e.seq;
          const name = e.event.kind === 'card_state' ? 'card_state' : 'message';
          res.write(`id: ${e.seq}\nevent: ${name}\ndata: ${JSON.stringify(e.event)}\n\n`);
        };
        const unsubscribe = await s.streams.subscribe(channel.id, visitorId, (e) => (replaying ? buffered.push(e) : write(e)));
        heartbeats.add(res);
        // on shutdown the stream ends; the page reconnects (Last-Event-ID) to another process
        const end = (): void => void res.end();
        deps.lifecycle.once('shutdown', end);
        res.on('close', () => {
          heartbeats.delete(res);
          deps.lifecycle.off('shutdown', end);
          void unsubscribe();
        });
        // subscribe first, then replay, so nothing published in between is missed
        for (const e of await s.streams.since(channel.id, visitorId, lastEventId)) write(e);
        buffered.forEach(write);
        replaying = false;
      },
    ),
  ];
}

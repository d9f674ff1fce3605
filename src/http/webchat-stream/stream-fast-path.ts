// `GET /webhooks/webchat/:channelId/stream` served on node:http directly, before express: an
// open stream then holds no express request/response state, router closures or per-request
// middleware hooks (thousands are held at once; see bench/README.md "Web chat streams"). Only
// a stream that opens is served here, with the same request id, metrics and access log as any
// route; a refusal (unknown channel, bad token, origin, storage down) is left to the express
// route, so it answers with the one error envelope as before.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { WebchatCredentials } from '../../../adapters/webchat/index.js';
import type { HttpDeps } from '../deps.js';
import { nodeInboundRequest } from '../inbound-request.js';
import { requestIdOf } from '../middleware/request-context.js';
import type { OpenStreams } from './open-streams.js';
import { serveVisitorStream, type VisitorStreamTarget } from './visitor-sse.js';

export const STREAM_ROUTE = '/webhooks/webchat/:channelId/stream';
const STREAM_URL = /^\/webhooks\/webchat\/([^/?#]+)\/stream\/?(?:\?(.*))?$/s;

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** CORS for a page embedded on an allowed origin (both the fast path and the express routes) */
export function allowOrigin(req: IncomingMessage, res: ServerResponse, creds: WebchatCredentials): void {
  const origin = req.headers.origin;
  if (origin && creds.allowedOrigins?.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  }
}

/** the stream a request may open, or null when the express route should answer it */
async function acceptStream(deps: HttpDeps, req: IncomingMessage, rawChannelId: string, rawQuery: string): Promise<{ target: VisitorStreamTarget; creds: WebchatCredentials } | null> {
  try {
    const channelId = decodeURIComponent(rawChannelId);
    const channel = await deps.services.channels.get(channelId, { cached: true });
    if (!channel || channel.type !== 'webchat') return null;
    const ireq = nodeInboundRequest(req, parseQuery(rawQuery), deps.now());
    const { visitorId, lastEventId } = deps.services.adapters.webchat.authenticateStream(ireq, channel);
    return { target: { channelId: channel.id, visitorId, lastEventId }, creds: channel.credentials };
  } catch {
    return null; // the express route meets the same error and answers it
  }
}

async function serve(deps: HttpDeps, open: OpenStreams, express: NodeHandler, req: IncomingMessage, response: ServerResponse, m: RegExpExecArray): Promise<void> {
  const started = process.hrtime.bigint();
  const accepted = await acceptStream(deps, req, m[1] ?? '', m[2] ?? '');
  if (!accepted) return express(req, response);
  allowOrigin(req, response, accepted.creds);
  const reqId = requestIdOf(req.headers['x-request-id'] as string | undefined);
  response.setHeader('X-Request-Id', reqId);
  // a stream's one access-log line and latency sample are written when it ends
  response.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    deps.metrics.observe('GET', STREAM_ROUTE, response.statusCode, seconds);
    deps.log.child({ reqId }).info({ method: 'GET', route: STREAM_ROUTE, status: response.statusCode, ms: Math.round(seconds * 1000) }, 'http request');
  });
  try {
    await serveVisitorStream(deps.services.streams, open, response, accepted.target);
  } catch (err) {
    // storage failed after the 200 went out: end the stream, the page reconnects with Last-Event-ID
    deps.log.child({ reqId }).error({ err }, 'web chat stream failed');
    response.end();
  }
}

/** the server's request handler: open web chat streams here, everything else to express */
export function withWebchatStreams(deps: HttpDeps, open: OpenStreams, express: NodeHandler): NodeHandler {
  return (req, response) => {
    const m = req.method === 'GET' && req.url ? STREAM_URL.exec(req.url) : null;
    if (!m) return express(req, response);
    void serve(deps, open, express, req, response, m);
  };
}

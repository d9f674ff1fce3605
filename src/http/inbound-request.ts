// express Request → the adapters' framework-free InboundRequest.
import type { Request } from 'express';
import type { IncomingMessage } from 'node:http';
import type { ParsedUrlQuery } from 'node:querystring';
import type { InboundRequest } from '../domain/adapter-port.js';

export function toInboundRequest(req: Request, now: Date, route?: string): InboundRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') query[k] = v;
  return {
    headers,
    query,
    body: req.body as unknown,
    rawBody: req.rawBody ?? Buffer.alloc(0),
    ...(route !== undefined ? { route } : {}),
    remoteAddress: req.socket.remoteAddress,
    receivedAt: now.toISOString(),
  };
}

/**
 * the same from a plain node:http request (the SSE and webhook fast paths); `query` parsed as
 * express's 'simple' parser does; `body` is what express.json would have made of the request
 */
export function nodeInboundRequest(
  req: IncomingMessage,
  query: ParsedUrlQuery,
  now: Date,
  body: { parsed: unknown; raw: Buffer; route?: string } = { parsed: undefined, raw: Buffer.alloc(0) },
): InboundRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const q: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') q[k] = v;
  return {
    headers,
    query: q,
    body: body.parsed,
    rawBody: body.raw,
    ...(body.route !== undefined ? { route: body.route } : {}),
    remoteAddress: req.socket.remoteAddress,
    receivedAt: now.toISOString(),
  };
}

// express Request → the adapters' framework-free InboundRequest.
import type { Request } from 'express';
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

// A request id per request (honouring a sane incoming X-Request-Id), echoed in the response and
// carried by a child logger, plus one access-log line and the HTTP metrics.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../infra/logger.js';
import type { HttpMetrics } from '../../infra/metrics.js';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
    rawBody?: Buffer;
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** the metrics and the one access-log line of a finished request (express's and the webhook fast path's) */
export function recordFinished(
  log: Logger,
  metrics: HttpMetrics,
  /** reqId: for a logger that is not the request's child logger (the fast path makes none) */
  r: { reqId?: string; method: string; route: string; status: number; startNs: bigint; fields: object | undefined },
): void {
  const seconds = Number(process.hrtime.bigint() - r.startNs) / 1e9;
  metrics.observe(r.method, r.route, r.status, seconds);
  // path without the query string: webhook keys and tokens travel in queries
  const id = r.reqId !== undefined ? { reqId: r.reqId } : undefined;
  log[r.status >= 500 ? 'error' : 'info']({ ...id, method: r.method, route: r.route, status: r.status, ms: Math.round(seconds * 1000), ...r.fields }, 'http request');
}

export function routeLabel(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched';
}

/** the caller's X-Request-Id when it is sane, else a new one */
export function requestIdOf(incoming: string | undefined): string {
  return incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

export function requestContext(log: Logger, metrics: HttpMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    req.id = requestIdOf(req.header('x-request-id'));
    // the child logger is made on first use: most requests log one line, at the end
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', { configurable: true, get: () => (child ??= log.child({ reqId: req.id })) });
    res.setHeader('X-Request-Id', req.id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      recordFinished(req.log, metrics, { method: req.method, route: routeLabel(req), status: res.statusCode, startNs: start, fields: res.locals['log'] as object | undefined });
    });
    next();
  };
}

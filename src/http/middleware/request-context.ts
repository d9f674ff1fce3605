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
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = routeLabel(req);
      metrics.observe(req.method, route, res.statusCode, seconds);
      // path without the query string: webhook keys and tokens travel in queries
      req.log[res.statusCode >= 500 ? 'error' : 'info'](
        { method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000), ...(res.locals['log'] as object | undefined) },
        'http request',
      );
    });
    next();
  };
}

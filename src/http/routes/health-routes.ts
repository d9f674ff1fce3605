// Liveness, readiness, metrics and the OpenAPI document.
import type { Request, Response } from 'express';
import type { HttpDeps } from '../deps.js';
import { def, type RouteDef } from '../route-def.js';

export function healthRoutes(deps: HttpDeps, openapi: () => Record<string, unknown>): RouteDef[] {
  return [
    def(
      { method: 'get', path: '/healthz', operationId: 'getHealth', summary: 'Liveness', tag: 'operations', auth: 'none', responses: { 200: '{status: "ok"}' } },
      (_req: Request, res: Response) => {
        res.json({ status: 'ok' });
      },
    ),
    def(
      { method: 'get', path: '/readyz', operationId: 'getReadiness', summary: 'Readiness: Redis reachable and workers running', tag: 'operations',
        auth: 'none', responses: { 200: 'ready', 503: 'not ready' } },
      async (_req: Request, res: Response) => {
        const r = await deps.ready();
        res.status(r.ok ? 200 : 503).json({ status: r.ok ? 'ready' : 'not_ready', checks: r.checks });
      },
    ),
    def(
      { method: 'get', path: '/metrics', operationId: 'getMetrics', summary: 'Prometheus metrics', tag: 'operations', auth: 'none',
        produces: 'text/plain', responses: { 200: 'Prometheus text format' } },
      async (_req: Request, res: Response) => {
        res.setHeader('Content-Type', deps.metrics.registry.contentType);
        res.send(await deps.metrics.registry.metrics());
      },
    ),
    def(
      { method: 'get', path: '/favicon.ico', operationId: 'getFavicon', summary: 'No icon (browsers ask for one on every page)', tag: 'operations',
        auth: 'none', responses: { 204: 'no content' } },
      (_req: Request, res: Response) => {
        res.setHeader('Cache-Control', 'public, max-age=86400');
        res.status(204).end();
      },
    ),
    def(
      { method: 'get', path: '/openapi.json', operationId: 'getOpenApi', summary: 'This document', tag: 'operations', auth: 'none',
        responses: { 200: 'OpenAPI 3.1' } },
      (_req: Request, res: Response) => {
        res.json(openapi());
      },
    ),
  ];
}

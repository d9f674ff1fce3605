// createHttpApp(deps): the express application, routes registered from declarative RouteDefs.
import express, { type Express, type RequestHandler } from 'express';
import type { HttpDeps } from './deps.js';
import { requireBearer } from './middleware/auth.js';
import { errorHandler, notFoundHandler } from './middleware/errors.js';
import { requestContext } from './middleware/request-context.js';
import { buildOpenApi } from './openapi.js';
import type { RouteDef } from './route-def.js';
import { agentRoutes } from './routes/agent-routes.js';
import { channelRoutes } from './routes/channel-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { workspaceRoutes } from './routes/workspace-routes.js';

export interface HttpApp {
  app: Express;
  routes: RouteDef[];
  openapi: Record<string, unknown>;
}

export function createHttpApp(deps: HttpDeps): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use(requestContext(deps.log, deps.metrics));

  const auth: RequestHandler = requireBearer(deps.adminToken);
  let openapi: Record<string, unknown> = {};
  const routes: RouteDef[] = [
    ...healthRoutes(deps, () => openapi),
    ...workspaceRoutes(deps),
    ...channelRoutes(deps),
    ...agentRoutes(deps),
    ...(deps.extraRoutes?.(auth) ?? []),
  ];
  openapi = buildOpenApi(routes, deps.version);

  for (const r of routes) {
    const chain = r.auth === 'admin' ? [auth, ...r.handlers] : r.handlers;
    app[r.method](r.path, ...chain);
  }
  app.use(notFoundHandler);
  app.use(errorHandler(deps.classifyError));
  return { app, routes, openapi };
}

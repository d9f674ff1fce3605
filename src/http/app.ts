// createHttpApp(deps): the express application, routes registered from declarative RouteDefs.
import express, { type Express, type RequestHandler } from 'express';
import type { HttpDeps } from './deps.js';
import { withFastWebhooks } from './fast-webhooks.js';
import { requireBearer, requireWorkspaceAccess } from './middleware/auth.js';
import { errorHandler, notFoundHandler } from './middleware/errors.js';
import { requestContext } from './middleware/request-context.js';
import { buildOpenApi } from './openapi.js';
import { sessionOr } from './operator-session.js';
import { mountQueueUi } from './queue-ui.js';
import type { RouteDef } from './route-def.js';
import { assertRouteTable } from './route-rules.js';
import { apiKeyRoutes } from './routes/api-key-routes.js';
import { agentRoutes } from './routes/agent-routes.js';
import { channelRoutes } from './routes/channel-routes.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { customerRoutes } from './routes/customer-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { formRoutes } from './routes/form-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { imageRoutes } from './routes/image-routes.js';
import { opsRoutes } from './routes/ops-routes.js';
import { inboundDeadLetterRoutes } from './routes/inbound-dead-letter-routes.js';
import { platformWebhookEndpoints, platformWebhookRoutes } from './routes/platform-webhook-routes.js';
import { previewRoutes } from './routes/preview-routes.js';
import { webchatEventEndpoint } from './routes/webchat-event-endpoint.js';
import { webchatRoutes } from './routes/webchat-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { workspaceRoutes } from './routes/workspace-routes.js';
import { OpenStreams } from './webchat-stream/open-streams.js';
import { withWebchatStreams, type NodeHandler } from './webchat-stream/stream-fast-path.js';

export interface HttpApp {
  app: Express;
  routes: RouteDef[];
  openapi: Record<string, unknown>;
  /** the server's request handler: web chat streams and webhook POSTs on node:http, the rest through `app` */
  handle: NodeHandler;
}

export function createHttpApp(deps: HttpDeps): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use(requestContext(deps.log, deps.metrics));

  const auth: RequestHandler = requireBearer(deps.adminToken);
  let openapi: Record<string, unknown> = {};
  const webchatStreams = new OpenStreams(deps.sseHeartbeatMs, deps.lifecycle);
  // webhooks first: express matches routes in order, and they carry the load
  const routes: RouteDef[] = [
    ...platformWebhookRoutes(deps),
    ...webchatRoutes(deps, webchatStreams),
    ...healthRoutes(deps, () => openapi),
    ...formRoutes(deps),
    ...workspaceRoutes(deps),
    ...previewRoutes(deps),
    ...channelRoutes(deps),
    ...agentRoutes(deps),
    ...conversationRoutes(deps),
    ...customerRoutes(deps),
    ...reportRoutes(deps),
    ...eventRoutes(deps),
    ...apiKeyRoutes(deps),
    ...imageRoutes(deps),
    ...opsRoutes(deps),
    ...webhookRoutes(deps),
    ...inboundDeadLetterRoutes(deps),
    ...(deps.extraRoutes?.(auth) ?? []),
  ];
  assertRouteTable(routes);
  openapi = buildOpenApi(routes, deps.version);

  const keyAuth = { adminToken: deps.adminToken, apiKeys: deps.services.apiKeys, now: deps.now };
  for (const r of routes) {
    // a route with a scope also takes workspace API keys; the others only ADMIN_TOKEN
    const guard = r.scope ? requireWorkspaceAccess(keyAuth, r.scope) : auth;
    // an operator page (preview.html) also opens with the browser login session
    const chain = r.auth === 'admin' ? [r.browserSession ? sessionOr(deps, guard) : guard, ...r.handlers] : r.handlers;
    app[r.method](r.path, ...chain);
  }
  mountQueueUi(app, deps, auth);
  app.use(notFoundHandler);
  app.use(errorHandler(deps.classifyError));
  // streams first (GET), then the webhook POSTs; everything else is express's
  const handle = withWebchatStreams(deps, webchatStreams, withFastWebhooks(deps, [...platformWebhookEndpoints(deps), webchatEventEndpoint(deps)], app));
  return { app, routes, openapi, handle };
}

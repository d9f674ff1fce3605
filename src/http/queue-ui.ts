// Bull Board (read-only) at /v1/ops/queue-ui behind the admin token: the bearer header for
// scripts, the operator login session (operator-session.ts) for browsers.
import type { Express, RequestHandler } from 'express';
import type { HttpDeps } from './deps.js';
import { operatorLoginRoutes, sessionOr } from './operator-session.js';
import type { RouteDef } from './route-def.js';

export const QUEUE_UI_PATH = '/v1/ops/queue-ui';
export {
  OPERATOR_COOKIE as QUEUE_UI_COOKIE,
  issueOperatorSession as issueUiSession,
  verifyOperatorSession as verifyUiSession,
} from './operator-session.js';

/** the operator login, plus the queue UI's own login path (as documented before) landing on the dashboard */
export function queueUiLoginRoutes(deps: HttpDeps): RouteDef[] {
  return operatorLoginRoutes(deps, [
    { path: `${QUEUE_UI_PATH}/login`, next: `${QUEUE_UI_PATH}/`, operationIds: { form: 'getQueueUiLogin', login: 'loginQueueUi' } },
  ]);
}

/** Bull Board and its UI are loaded on the first visit: a process that never shows it saves their memory. */
async function buildQueueUi(deps: HttpDeps): Promise<RequestHandler> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
  ]);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_UI_PATH);
  const { inbound, outbound, timers } = deps.services.queues;
  // read-only: a replay must go through the ops API, which claims the message and keeps the order
  createBullBoard({
    queues: [inbound, outbound, timers, deps.services.webhookQueue.queue].map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'talkgate' } },
  });
  return serverAdapter.getRouter() as RequestHandler;
}

export function mountQueueUi(app: Express, deps: HttpDeps, auth: RequestHandler): void {
  let ui: Promise<RequestHandler> | null = null;
  const lazyUi: RequestHandler = (req, res, next) => {
    (ui ??= buildQueueUi(deps).catch((err: unknown) => {
      ui = null; // the next visit tries again
      throw err;
    })).then((handler) => handler(req, res, next), next);
  };
  app.use(QUEUE_UI_PATH, sessionOr(deps, auth), lazyUi);
}

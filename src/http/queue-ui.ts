// Bull Board (read-only) at /v1/ops/queue-ui behind the admin token. A browser cannot send a
// bearer header for a page, so a login form trades the token for a signed, expiring, HttpOnly
// SameSite=Strict cookie scoped to the UI's path; the cookie is not the token itself.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Type } from '@sinclair/typebox';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { createHmac } from 'node:crypto';
import { safeEqual } from '../domain/safe-equal.js';
import type { HttpDeps } from './deps.js';
import { jsonBody } from './middleware/body.js';
import { def, type RouteDef } from './route-def.js';
import { createValidator } from './schemas/validator.js';

export const QUEUE_UI_PATH = '/v1/ops/queue-ui';
export const QUEUE_UI_COOKIE = 'talkgate_admin';
const SESSION_SECONDS = 8 * 3600;

export const LoginBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
const validateLogin = createValidator(LoginBody);

function sign(adminToken: string, expires: number): string {
  return createHmac('sha256', adminToken).update(`queue-ui:${expires}`).digest('base64url');
}

/** `<expires epoch s>.<hmac>`: proves the holder knew the admin token, until it expires */
export function issueUiSession(adminToken: string, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + SESSION_SECONDS;
  return `${expires}.${sign(adminToken, expires)}`;
}

export function verifyUiSession(adminToken: string, value: string, nowMs: number): boolean {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{1,100})$/.exec(value);
  if (!m?.[1] || !m[2]) return false;
  const expires = Number(m[1]);
  return expires * 1000 > nowMs && safeEqual(m[2], sign(adminToken, expires));
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

function loginPage(message: string): string {
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>talkgate queues</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto">
<h1>talkgate queues</h1>
<p>${message}</p>
<form method="post" action="${QUEUE_UI_PATH}/login">
<label>Admin token <input name="token" type="password" autocomplete="current-password" required autofocus></label>
<button type="submit">Open</button>
</form></body></html>`;
}

/** the login form and its POST, declared as routes so /openapi.json lists them */
export function queueUiLoginRoutes(deps: HttpDeps): RouteDef[] {
  return [
    def(
      { method: 'get', path: `${QUEUE_UI_PATH}/login`, operationId: 'getQueueUiLogin', summary: 'Login form of the queue UI', tag: 'operations', auth: 'none',
        produces: 'text/html', responses: { 200: 'HTML form' } },
      (_req: Request, res: Response) => {
        res.type('html').send(loginPage('Enter the admin token (ADMIN_TOKEN) to open the queue dashboard.'));
      },
    ),
    def(
      { method: 'post', path: `${QUEUE_UI_PATH}/login`, operationId: 'loginQueueUi', summary: 'Trade the admin token for a queue UI session cookie',
        tag: 'operations', auth: 'none', body: LoginBody, bodyType: 'application/x-www-form-urlencoded',
        responses: { 303: 'to the queue UI, with the session cookie', 401: 'wrong token' } },
      jsonBody({ allowUrlencoded: true }),
      (req: Request, res: Response) => {
        const { token } = validateLogin(req.body ?? {});
        if (!safeEqual(token, deps.adminToken)) {
          req.log.warn({}, 'queue ui login refused');
          res.status(401).type('html').send(loginPage('That token is not valid; check ADMIN_TOKEN.'));
          return;
        }
        const secure = req.secure ? '; Secure' : '';
        res.setHeader(
          'Set-Cookie',
          `${QUEUE_UI_COOKIE}=${issueUiSession(deps.adminToken, deps.now().getTime())}; Path=${QUEUE_UI_PATH}; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure}`,
        );
        res.redirect(303, `${QUEUE_UI_PATH}/`);
      },
    ),
  ];
}

/** bearer header (scripts) or session cookie (browsers); a browser without either gets the login link */
export function queueUiAuth(deps: HttpDeps, auth: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const session = cookieValue(req, QUEUE_UI_COOKIE);
    if (session && verifyUiSession(deps.adminToken, session, deps.now().getTime())) return next();
    if (!req.header('authorization') && req.accepts(['json', 'html']) === 'html') {
      res.status(401).type('html').send(loginPage(`Sign in first: <a href="${QUEUE_UI_PATH}/login">log in with the admin token</a>.`));
      return;
    }
    return auth(req, res, next);
  };
}

export function mountQueueUi(app: Express, deps: HttpDeps, auth: RequestHandler): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_UI_PATH);
  const { inbound, outbound, timers } = deps.services.queues;
  // read-only: a replay must go through the ops API, which claims the message and keeps the order
  createBullBoard({
    queues: [inbound, outbound, timers, deps.services.webhookQueue.queue].map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'talkgate' } },
  });
  app.use(QUEUE_UI_PATH, queueUiAuth(deps, auth), serverAdapter.getRouter() as RequestHandler);
}

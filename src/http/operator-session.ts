// One login for the operator's browser pages (the queue dashboard, the profile-bot preview). A
// browser cannot send a bearer header from the address bar, so a login form trades the admin
// token for a signed, expiring, HttpOnly SameSite=Strict cookie; the cookie is not the token.
// Pages opt in per route (RouteDef.browserSession); everything else still needs the header.
import { Type } from '@sinclair/typebox';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHmac } from 'node:crypto';
import { safeEqual } from '../domain/safe-equal.js';
import type { HttpDeps } from './deps.js';
import { jsonBody } from './middleware/body.js';
import { escapeHtml } from './pages/html.js';
import { def, type RouteDef } from './route-def.js';
import { createValidator } from './schemas/validator.js';

export const OPS_LOGIN_PATH = '/v1/ops/login';
export const OPERATOR_COOKIE = 'talkgate_admin';
/** covers every operator page (/v1/ops/queue-ui, /v1/workspaces/:ws/profile-bot/preview.html) */
const COOKIE_PATH = '/v1';
const SESSION_SECONDS = 8 * 3600;
/** where a login without a (usable) `next` lands */
export const DEFAULT_NEXT = '/v1/ops/queue-ui/';

/**
 * The only places a login may send the browser back to. A `next` elsewhere — another host, a
 * scheme, `//evil`, an API route — is ignored, so the login page cannot be an open redirect.
 */
const OPERATOR_PAGES: readonly RegExp[] = [
  /^\/v1\/ops\/queue-ui(\/[A-Za-z0-9._~/-]*)?$/,
  /^\/v1\/workspaces\/[A-Za-z0-9_-]{1,100}\/profile-bot\/preview\.html$/,
];

export const LoginBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 500 }),
    next: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const validateLogin = createValidator(LoginBody);

function sign(adminToken: string, expires: number): string {
  return createHmac('sha256', adminToken).update(`operator-session:${expires}`).digest('base64url');
}

/** `<expires epoch s>.<hmac>`: proves the holder knew the admin token, until it expires */
export function issueOperatorSession(adminToken: string, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + SESSION_SECONDS;
  return `${expires}.${sign(adminToken, expires)}`;
}

export function verifyOperatorSession(adminToken: string, value: string, nowMs: number): boolean {
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

/** `next` as a same-origin operator page path (with its query), or null. */
export function safeNext(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//')) return null;
  // a backslash or a control character can turn a path into another host in some browsers
  if ([...raw].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  let url: URL;
  try {
    url = new URL(raw, 'http://operator.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'http://operator.invalid') return null;
  if (!OPERATOR_PAGES.some((p) => p.test(url.pathname))) return null;
  return `${url.pathname}${url.search}`;
}

export function loginUrl(next: string): string {
  return `${OPS_LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}

function loginPage(message: string, next: string): string {
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>talkgate operator login</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto">
<h1>talkgate operator login</h1>
<p>${escapeHtml(message)}</p>
<form method="post" action="${OPS_LOGIN_PATH}">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label>Admin token <input name="token" type="password" autocomplete="current-password" required autofocus></label>
<button type="submit">Open</button>
</form></body></html>`;
}

function sendLoginPage(res: Response, status: number, message: string, next: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  res.status(status).type('html').send(loginPage(message, next));
}

const ASK = 'Enter the admin token (ADMIN_TOKEN) to open the operator pages: the queue dashboard and the profile-bot preview.';

interface LoginPath {
  path: string;
  /** where a login lands without a usable `next` */
  next: string;
  operationIds: { form: string; login: string };
}

/**
 * The login form and its POST, declared as routes so /openapi.json lists them. The queue UI's
 * own login path stays as an alias that lands on the dashboard.
 */
export function operatorLoginRoutes(deps: HttpDeps, aliases: LoginPath[] = []): RouteDef[] {
  const main: LoginPath = { path: OPS_LOGIN_PATH, next: DEFAULT_NEXT, operationIds: { form: 'getOperatorLogin', login: 'loginOperator' } };
  return [main, ...aliases].flatMap(({ path, next: fallback, operationIds }) => [
    def(
      { method: 'get', path, operationId: operationIds.form, summary: 'Login form of the operator pages (queue UI, preview.html)', tag: 'operations', auth: 'none',
        query: { next: 'the operator page to return to' }, produces: 'text/html', responses: { 200: 'HTML form' } },
      (req: Request, res: Response) => {
        sendLoginPage(res, 200, ASK, safeNext(req.query['next']) ?? fallback);
      },
    ),
    def(
      { method: 'post', path, operationId: operationIds.login, summary: 'Trade the admin token for an operator session cookie (8 h)',
        tag: 'operations', auth: 'none', body: LoginBody, bodyType: 'application/x-www-form-urlencoded',
        responses: { 303: 'back to `next` (an operator page), with the session cookie', 401: 'wrong token' } },
      jsonBody({ allowUrlencoded: true }),
      (req: Request, res: Response) => {
        const { token, next } = validateLogin(req.body ?? {});
        const target = safeNext(next) ?? fallback;
        if (!safeEqual(token, deps.adminToken)) {
          req.log.warn({}, 'operator login refused');
          sendLoginPage(res, 401, 'That token is not valid; check ADMIN_TOKEN.', target);
          return;
        }
        const secure = req.secure ? '; Secure' : '';
        res.setHeader(
          'Set-Cookie',
          `${OPERATOR_COOKIE}=${issueOperatorSession(deps.adminToken, deps.now().getTime())}; Path=${COOKIE_PATH}; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure}`,
        );
        res.redirect(303, target);
      },
    ),
  ]);
}

/**
 * An operator page's guard: a valid session cookie opens it; otherwise `fallback` (the bearer
 * check, or whatever the admin auth becomes) decides, except that a browser asking for the page
 * with neither credential is sent to the login form, which brings it back here.
 */
export function sessionOr(deps: HttpDeps, fallback: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const session = cookieValue(req, OPERATOR_COOKIE);
    if (session && verifyOperatorSession(deps.adminToken, session, deps.now().getTime())) return next();
    const browser = req.method === 'GET' && !req.header('authorization') && req.accepts(['json', 'html']) === 'html';
    if (browser) {
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, loginUrl(safeNext(req.originalUrl) ?? DEFAULT_NEXT));
      return;
    }
    return fallback(req, res, next);
  };
}

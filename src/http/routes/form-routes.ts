// The customer's profile form: GET renders it for the conversation's settings version, POST
// (JSON from the page's fetch, or urlencoded without script) validates and saves.
import { Type } from '@sinclair/typebox';
import type { Request, Response } from 'express';
import { AppError } from '../../domain/errors.js';
import { loadForm, submitProfile } from '../../app/submit-profile.js';
import { PROFILE_SAVED } from '../../domain/profile-bot/texts.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import {
  PROFILE_FORM_CSP,
  PROFILE_FORM_SCRIPT_PATH,
  profileFormScript,
  renderFormMessagePage,
  renderFormSavedPage,
  renderProfileFormPage,
} from '../pages/profile-form/profile-form.html.js';
import { formBodyToProfileInput, formValues } from '../pages/profile-form/form-body.js';
import { def, type RouteDef } from '../route-def.js';
import { pageScriptRoute } from './page-script-route.js';

// documents the body only: the workspace's settings decide which fields are asked, and
// submitProfile validates them against those
const ProfileFormBody = Type.Object(
  {},
  { additionalProperties: true, title: 'ProfileFormBody', description: 'the fields the form asks (name, phone, email, birthdate, address) and the consent boxes' },
);

type P = { token: string };

function pageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', PROFILE_FORM_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
}

function messageKind(err: unknown): 'expired' | 'used' | 'not_found' | null {
  if (!(err instanceof AppError)) return null;
  if (err.status === 410) return 'expired';
  if (err.status === 409) return 'used';
  if (err.status === 404) return 'not_found';
  return null;
}

export function formRoutes(deps: HttpDeps): RouteDef[] {
  const s = deps.services;
  return [
    pageScriptRoute(PROFILE_FORM_SCRIPT_PATH, 'The profile form script', profileFormScript()),
    def<P>(
      { method: 'get', path: '/forms/profile/:token', operationId: 'getProfileForm', summary: 'The profile form page (HTML); the link is not consumed by GET',
        tag: 'customers', auth: 'form-token', produces: 'text/html', responses: { 200: 'form', 404: 'unknown link', 409: 'already used', 410: 'expired' } },
      async (req, res: Response) => {
        pageHeaders(res);
        try {
          const form = await loadForm(s, req.params.token, deps.now());
          if (form.used) {
            res.status(409).type('html').send(renderFormMessagePage('used'));
            return;
          }
          const bot = form.settings.profileBot;
          res.type('html').send(
            renderProfileFormPage({
              token: req.params.token,
              fields: bot.fields,
              privacyConsent: bot.privacyConsent,
              guardianNotice: form.customer.flags.under14 === true,
            }),
          );
        } catch (err) {
          const kind = messageKind(err);
          if (!kind) throw err;
          res.status((err as AppError).status).type('html').send(renderFormMessagePage(kind));
        }
      },
    ),
    def<P>(
      { method: 'post', path: '/forms/profile/:token', operationId: 'submitProfileForm', summary: 'Submit the profile form (JSON or urlencoded)',
        tag: 'customers', auth: 'form-token', bodyType: 'application/json', body: ProfileFormBody,
        responses: { 200: 'saved', 400: 'one entry per failing field', 404: 'unknown link', 409: 'already used', 410: 'expired' } },
      jsonBody({ allowUrlencoded: true }),
      async (req, res: Response) => {
        const wantsHtml = (req as unknown as Request).is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
        try {
          await submitProfile(s, deps.metrics, req.params.token, req.body, deps.now(), wantsHtml ? formBodyToProfileInput : undefined);
        } catch (err) {
          const kind = messageKind(err);
          if (!wantsHtml || !(err instanceof AppError)) throw err;
          pageHeaders(res);
          if (kind) {
            res.status(err.status).type('html').send(renderFormMessagePage(kind));
            return;
          }
          // no-script fallback: the same form again with the server's errors in place
          const form = await loadForm(s, req.params.token, deps.now());
          const bot = form.settings.profileBot;
          res.status(err.status).type('html').send(
            renderProfileFormPage({
              token: req.params.token,
              fields: bot.fields,
              privacyConsent: bot.privacyConsent,
              guardianNotice: form.customer.flags.under14 === true,
              errors: err.details,
              values: formValues((req.body ?? {}) as Record<string, unknown>),
            }),
          );
          return;
        }
        req.log.info({ route: 'form' }, 'profile form saved');
        if (wantsHtml) {
          pageHeaders(res);
          res.type('html').send(renderFormSavedPage());
          return;
        }
        res.json({ status: 'saved', message: PROFILE_SAVED });
      },
    ),
  ];
}

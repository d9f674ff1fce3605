// GET /forms/profile/:token — the profile form (PB-16 … PB-18), rendered on the server so it is a
// complete, submittable <form> before any script runs; profile-form-client.js (served from
// PROFILE_FORM_SCRIPT_PATH) adds the checks, the postcode search and the fetch submit that
// TalkTalk's webview needs. Also the pages for a dead link (expired / used / unknown).
import type { FieldError } from '../../../domain/errors.js';
import {
  CONSENT_LINK_TEXT,
  CONSENT_NOTICE_AFTER_LINK,
  CONSENT_NOTICE_BEFORE_LINK,
  FORM_SUBMIT_BUTTON,
  GUARDIAN_NOTICE,
  PROFILE_SAVED,
} from '../../../domain/profile-bot/texts.js';
import type { ProfileField } from '../../../domain/settings.js';
import { escapeHtml, safeHttpsUrl } from '../html.js';
import { renderField, type FieldRenderState } from './profile-form-fields.js';
import { PROFILE_FORM_STYLES } from './profile-form-styles.js';
import { CLOSE_BUTTON, FORM_INTRO, FORM_LINK_STATES, FORM_TITLE, type FormLinkState } from './profile-form-texts.js';

export { PROFILE_FORM_CSP, POSTCODE_SCRIPT_URL, TALK_WEBVIEW_SCRIPT_URL } from './profile-form-csp.js';
export { FORM_LINK_STATES, type FormLinkState } from './profile-form-texts.js';
export { profileFormScript } from './profile-form-script.js';

/** where the lead's route serves profileFormScript() (Content-Type: text/javascript) */
export const PROFILE_FORM_SCRIPT_PATH = '/forms/assets/profile-form.js';

export interface ProfileFormPageOptions {
  token: string;
  fields: readonly ProfileField[];
  privacyConsent: { enabled: boolean; url: string | null };
  /** the customer is under 14 (TalkTalk `open.under14`): a legal guardian must consent */
  guardianNotice: boolean;
  title?: string;
  /** values to show again, keyed by input name (`name`, `address.zonecode`, …) */
  values?: Partial<Record<string, string>>;
  /** server-side errors to show again after a plain (script-less) submit, as validateProfileInput returns them */
  errors?: readonly FieldError[];
  /** the admin preview (PB-22): no script, the address search shown as customers see it */
  preview?: boolean;
}

const SLOTTED_PATHS = new Set(['name', 'phone', 'email', 'birthdate', 'address', 'address.zonecode', 'address.roadAddress', 'address.detail']);

/** errors whose path has no slot of its own go to the address group's or the form's slot */
function slotted(errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => {
    if (SLOTTED_PATHS.has(e.path)) return e;
    return { path: e.path.startsWith('address.') ? 'address' : '', message: e.message };
  });
}

function page(title: string, body: string, withScript: boolean): string {
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${PROFILE_FORM_STYLES}</style>
${withScript ? `<script src="${PROFILE_FORM_SCRIPT_PATH}" defer></script>\n` : ''}</head>
<body>
<main class="page">
${body}
</main>
</body>
</html>
`;
}

function consentNotice(consent: ProfileFormPageOptions['privacyConsent']): string {
  if (!consent.enabled) return '';
  // PB-24: only an absolute https:// URL becomes a link; anything else leaves the words unlinked.
  const url = safeHttpsUrl(consent.url);
  const words = url
    ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer" data-testid="consent-link">${escapeHtml(CONSENT_LINK_TEXT)}</a>`
    : escapeHtml(CONSENT_LINK_TEXT);
  return `<p class="consent" data-testid="consent-notice">${escapeHtml(CONSENT_NOTICE_BEFORE_LINK)}${words}${escapeHtml(CONSENT_NOTICE_AFTER_LINK)}</p>\n`;
}

export function renderProfileFormPage(opts: ProfileFormPageOptions): string {
  const title = opts.title?.trim() || FORM_TITLE;
  const errors = slotted(opts.errors ?? []);
  const state: FieldRenderState = { values: opts.values ?? {}, errors, preview: opts.preview === true };
  const action = `/forms/profile/${encodeURIComponent(opts.token)}`;
  const formError = errors
    .filter((e) => e.path === '')
    .map((e) => e.message)
    .join(' ');
  const guardian = opts.guardianNotice
    ? `<p class="notice" role="note" data-testid="guardian-notice">${escapeHtml(GUARDIAN_NOTICE)}</p>\n`
    : '';
  const body = `<form id="profile-form" class="profile-form" method="post" action="${escapeHtml(action)}" accept-charset="utf-8" data-fields="${escapeHtml(opts.fields.join(','))}" data-testid="profile-form">
<h1>${escapeHtml(title)}</h1>
<p class="intro">${escapeHtml(FORM_INTRO)}</p>
${guardian}${opts.fields.map((f) => renderField(f, state)).join('\n')}
${consentNotice(opts.privacyConsent)}<p class="form-error" id="err-form" data-error-for="" data-testid="error-form" role="alert">${escapeHtml(formError)}</p>
<button type="submit" class="btn-primary" data-testid="form-submit">${escapeHtml(FORM_SUBMIT_BUTTON)}</button>
<p class="status" id="form-status" role="status" aria-live="polite" data-testid="form-sending"></p>
</form>
<section class="panel" id="form-success" data-testid="form-success" tabindex="-1" hidden>
<p class="panel-title">${escapeHtml(PROFILE_SAVED)}</p>
<button type="button" class="btn-primary" data-action="close" data-testid="form-close">${escapeHtml(CLOSE_BUTTON)}</button>
<p class="status" data-close-hint></p>
</section>
<section class="panel" id="form-state" data-testid="form-state" tabindex="-1" hidden>
<p class="panel-title" data-state-title></p>
<p class="panel-body" data-state-body></p>
<button type="button" class="btn-primary" data-action="close">${escapeHtml(CLOSE_BUTTON)}</button>
<p class="status" data-close-hint></p>
</section>`;
  return page(title, body, opts.preview !== true);
}

function messagePage(title: string, text: string | null, testid: string): string {
  // The close button needs the script; without it the page still says everything.
  const paragraph = text === null ? '' : `<p class="panel-body">${escapeHtml(text)}</p>\n`;
  const body = `<section class="panel" data-testid="${testid}">
<h1 class="panel-title">${escapeHtml(title)}</h1>
${paragraph}<button type="button" class="btn-primary" data-action="close" data-testid="form-close" hidden>${escapeHtml(CLOSE_BUTTON)}</button>
<p class="status" data-close-hint></p>
</section>`;
  return page(title, body, true);
}

/** The page for a dead link: serve it with FORM_LINK_STATES[kind].status (410, 409, 404). */
export function renderFormMessagePage(kind: FormLinkState): string {
  const s = FORM_LINK_STATES[kind];
  return messagePage(s.title, s.body, `form-${kind.replace('_', '-')}`);
}

/** The answer to a plain (script-less, urlencoded) submit that was saved: 200. */
export function renderFormSavedPage(): string {
  return messagePage(PROFILE_SAVED, null, 'form-saved');
}

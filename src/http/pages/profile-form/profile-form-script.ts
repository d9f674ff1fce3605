// The form's browser script (plain JS, no build step): a CONFIG prelude generated from the same
// constants the server validates with, then the rules, the postcode search and the page logic,
// all in one function scope. A build that emits to dist/ must copy the .js parts beside this file.
import { readFileSync } from 'node:fs';
import { PROFILE_SAVED } from '../../../domain/profile-bot/texts.js';
import { PROFILE_LIMITS, PROFILE_MESSAGES, validateProfileInput } from '../../../domain/profile-validation.js';
import { PROFILE_FIELDS, type ProfileField } from '../../../domain/settings.js';
import { POSTCODE_SCRIPT_URL, TALK_WEBVIEW_SCRIPT_URL } from './profile-form-csp.js';
import { CLIENT_TEXTS, FORM_LINK_STATES } from './profile-form-texts.js';

/** channels.md "Address search": manual inputs when the postcode script is not there by then */
export const POSTCODE_TIMEOUT_MS = 4_000;
/** profile-validation.ts BIRTHDATE_MIN (not exported there); the rules parity test pins it */
const BIRTHDATE_MIN = '1900-01-01';

/**
 * The "please enter X" message per field, taken from the server's own answer to an empty form,
 * so the browser can never word a missing field differently from the server.
 */
function requiredMessages(): Record<ProfileField, string> {
  const result = validateProfileInput(PROFILE_FIELDS, {}, { now: new Date(0) });
  const out: Partial<Record<ProfileField, string>> = {};
  if (!result.ok) for (const e of result.errors) out[e.path as ProfileField] = e.message;
  for (const f of PROFILE_FIELDS) if (out[f] === undefined) throw new Error(`no required message for ${f}`);
  return out as Record<ProfileField, string>;
}

function configPrelude(): string {
  const linkStates = Object.fromEntries(
    Object.entries(FORM_LINK_STATES).map(([kind, s]) => [kind, { title: s.title, body: s.body }]),
  );
  const config = {
    messages: PROFILE_MESSAGES,
    required: requiredMessages(),
    limits: PROFILE_LIMITS,
    birthdateMin: BIRTHDATE_MIN,
    linkStates,
    texts: CLIENT_TEXTS,
    saved: PROFILE_SAVED,
    postcodeUrl: POSTCODE_SCRIPT_URL,
    postcodeTimeoutMs: POSTCODE_TIMEOUT_MS,
    talkWebviewUrl: TALK_WEBVIEW_SCRIPT_URL,
  };
  return `const CONFIG = ${JSON.stringify(config, null, 2)};`;
}

const read = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

let rulesScript: string | undefined;
let clientScript: string | undefined;

/** CONFIG + the rules alone, as a classic script: what the rules parity test evaluates. */
export function profileFormRulesScript(): string {
  rulesScript ??= [configPrelude(), read('profile-form-rules.js')].join('\n');
  return rulesScript;
}

/** The whole client for PROFILE_FORM_SCRIPT_PATH, read once from the files beside this module. */
export function profileFormScript(): string {
  clientScript ??= [
    '(() => {',
    "'use strict';",
    profileFormRulesScript(),
    read('profile-form-postcode.js'),
    read('profile-form-client.js'),
    '})();',
    '',
  ].join('\n');
  return clientScript;
}

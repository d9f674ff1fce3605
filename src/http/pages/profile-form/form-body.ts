// A script-less submit of the profile form arrives urlencoded with the inputs' flat names
// (`address.zonecode`, …); the JSON submit nests them. This turns the first into the second so
// one validateProfileInput call serves both.
import type { ProfileField } from '../../../domain/settings.js';

const ADDRESS_KEYS = ['zonecode', 'roadAddress', 'jibunAddress', 'buildingName', 'detail'] as const;
const OPTIONAL_KEYS: ReadonlySet<string> = new Set(['jibunAddress', 'buildingName']);

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  // express' urlencoded parser gives an array for a repeated key; the form never repeats one
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/**
 * Flat urlencoded form body → the JSON submit shape `{name, …, address: {zonecode, …}}`, only
 * for the configured fields. Eight digits typed as a birth date (the client adds the hyphens;
 * without script nobody does) become YYYY-MM-DD. Other keys are dropped.
 */
export function formBodyToProfileInput(
  body: Readonly<Record<string, unknown>>,
  fields: readonly ProfileField[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === 'address') {
      const address: Record<string, string> = {};
      for (const key of ADDRESS_KEYS) {
        const v = str(body[`address.${key}`]);
        // the hidden search-only parts are sent empty when the address was typed by hand
        if (v === undefined || (v === '' && OPTIONAL_KEYS.has(key))) continue;
        address[key] = v;
      }
      out.address = address;
      continue;
    }
    const v = str(body[field]);
    if (v === undefined) continue;
    const digits = v.trim();
    out[field] =
      field === 'birthdate' && /^\d{8}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}` : v;
  }
  return out;
}

/** The values to show again on a re-rendered form, keyed by input name. */
export function formValues(body: Readonly<Record<string, unknown>>): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const [k, v] of Object.entries(body)) {
    const s = str(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

// Markup of the form's fields (api.md: each configured field is an <input> — or, for the
// address, a group of them — whose `name` is the field's key, in the configured order). Every
// input names its error slot in aria-describedby; the slot's data-error-for is the error `path`
// the server answers with ({path, message} of validateProfileInput), so the client can place a
// server error without knowing the field.
import type { FieldError } from '../../../domain/errors.js';
import type { ProfileField } from '../../../domain/settings.js';
import { escapeHtml } from '../html.js';
import { ADDRESS_LABELS, FIELD_HINTS, FIELD_LABELS } from './profile-form-texts.js';

export interface FieldRenderState {
  values: Partial<Record<string, string>>;
  errors: readonly FieldError[];
  /** preview: the address search as customers see it once the script runs (button shown, inputs read-only) */
  preview: boolean;
}

/** `address.zonecode` → `address-zonecode`: ids and test ids never contain dots */
const slug = (path: string): string => path.replace(/\./g, '-');

function errorText(state: FieldRenderState, path: string): string {
  return state.errors
    .filter((e) => e.path === path)
    .map((e) => e.message)
    .join(' ');
}

function errorSlot(state: FieldRenderState, path: string): string {
  const id = slug(path);
  return `<p class="field-error" id="err-${id}" data-error-for="${escapeHtml(path)}" data-testid="error-${id}" aria-live="polite">${escapeHtml(errorText(state, path))}</p>`;
}

/** attribute list → ` a="b" c` with every value escaped; `true` renders a bare boolean attribute */
function attrs(list: Record<string, string | true | undefined>): string {
  return Object.entries(list)
    .filter((entry): entry is [string, string | true] => entry[1] !== undefined)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(v)}"`))
    .join('');
}

function input(state: FieldRenderState, name: string, extra: Record<string, string | true | undefined>): string {
  const id = slug(name);
  const invalid = errorText(state, name) !== '' || (name.startsWith('address.') && errorText(state, 'address') !== '');
  return `<input${attrs({
    id: `f-${id}`,
    name,
    ...extra,
    value: state.values[name] ?? '',
    'aria-invalid': invalid ? 'true' : undefined,
    'data-testid': `field-${id}`,
  })}>`;
}

const SIMPLE_INPUTS: Readonly<Record<Exclude<ProfileField, 'address'>, Record<string, string | true | undefined>>> = {
  name: { type: 'text', autocomplete: 'name', required: true },
  phone: { type: 'tel', inputmode: 'tel', autocomplete: 'tel', placeholder: FIELD_HINTS.phone, required: true },
  email: {
    type: 'email',
    inputmode: 'email',
    autocomplete: 'email',
    autocapitalize: 'off',
    spellcheck: 'false',
    placeholder: FIELD_HINTS.email,
    required: true,
  },
  // text, not type=date: a birth date is typed faster than scrolled to on a phone's date picker,
  // and the stored form is YYYY-MM-DD whatever the phone's locale (the client adds the hyphens).
  birthdate: {
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'bday',
    placeholder: FIELD_HINTS.birthdate,
    pattern: '\\d{4}-\\d{2}-\\d{2}',
    maxlength: '10',
    required: true,
  },
};

function simpleField(field: Exclude<ProfileField, 'address'>, state: FieldRenderState): string {
  const describedBy = field === 'birthdate' ? `hint-birthdate err-${field}` : `err-${field}`;
  const hint =
    field === 'birthdate' ? `\n  <p class="hint" id="hint-birthdate">${escapeHtml(FIELD_HINTS.birthdateHint)}</p>` : '';
  return `<div class="field" data-field="${field}">
  <label for="f-${field}">${escapeHtml(FIELD_LABELS[field])}</label>
  ${input(state, field, { ...SIMPLE_INPUTS[field], 'aria-describedby': describedBy })}${hint}
  ${errorSlot(state, field)}
</div>`;
}

function addressField(state: FieldRenderState): string {
  // Without script the zone code and road address are typed (and required); the client makes
  // them read-only while the postcode search is available and hands them back if it fails.
  const readonly = state.preview ? true : undefined;
  return `<fieldset class="field" data-field="address" data-address-group data-testid="field-address" aria-describedby="err-address">
  <legend>${escapeHtml(FIELD_LABELS.address)}</legend>
  <label class="sub-label" for="f-address-zonecode">${escapeHtml(ADDRESS_LABELS.zonecode)}</label>
  <div class="row">
    ${input(state, 'address.zonecode', {
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'postal-code',
      pattern: '\\d{5}',
      maxlength: '5',
      required: true,
      readonly,
      'aria-describedby': 'err-address-zonecode hint-address',
    })}
    <button type="button" class="btn-secondary" data-action="postcode" data-testid="address-search" aria-controls="address-postcode" aria-expanded="false"${state.preview ? '' : ' hidden'}>${escapeHtml(ADDRESS_LABELS.search)}</button>
  </div>
  ${errorSlot(state, 'address.zonecode')}
  <div class="postcode" id="address-postcode" data-postcode data-testid="address-postcode" hidden></div>
  <p class="hint" id="hint-address" data-postcode-hint data-testid="address-hint" hidden></p>
  <label class="sub-label" for="f-address-roadAddress">${escapeHtml(ADDRESS_LABELS.roadAddress)}</label>
  ${input(state, 'address.roadAddress', {
    type: 'text',
    autocomplete: 'address-line1',
    required: true,
    readonly,
    'aria-describedby': 'err-address-roadAddress hint-address',
  })}
  ${errorSlot(state, 'address.roadAddress')}
  ${input(state, 'address.jibunAddress', { type: 'hidden' })}
  ${input(state, 'address.buildingName', { type: 'hidden' })}
  <label class="sub-label" for="f-address-detail">${escapeHtml(ADDRESS_LABELS.detail)} <span class="optional">${escapeHtml(ADDRESS_LABELS.optional)}</span></label>
  ${input(state, 'address.detail', {
    type: 'text',
    autocomplete: 'address-line2',
    placeholder: FIELD_HINTS.detail,
    'aria-describedby': 'err-address-detail',
  })}
  ${errorSlot(state, 'address.detail')}
  ${errorSlot(state, 'address')}
</fieldset>`;
}

export function renderField(field: ProfileField, state: FieldRenderState): string {
  return field === 'address' ? addressField(state) : simpleField(field, state);
}

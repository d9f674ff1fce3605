// One ajv instance for every HTTP schema, each schema compiled once at module load. A failed
// validation becomes a ValidationError listing every failing field as {path, message}, one
// entry per path: ajv's allErrors reports a union once per branch, which says nothing more.
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { ValidationError, type FieldError } from '../../domain/errors.js';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

export const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);

function pathOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `${e.instancePath}/${String(e.params['missingProperty'])}`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String(e.params['additionalProperty'])}`;
  // the later of two equal items is the one to remove (ajv's i and j come in either order)
  if (e.keyword === 'uniqueItems') return `${e.instancePath}/${Math.max(Number(e.params['i']), Number(e.params['j']))}`;
  return e.instancePath || '/';
}

/** What the value must be, when the failures at one path are the branches of a union. */
function unionMessage(errors: ErrorObject[]): string | null {
  const allowed = errors.filter((e) => e.keyword === 'const').map((e) => JSON.stringify(e.params['allowedValue']));
  const types = errors.filter((e) => e.keyword === 'type').map((e) => String(e.params['type']));
  if (allowed.length > 0) {
    const alternatives = [...allowed, ...types.filter((t) => t === 'null')];
    return alternatives.length === 1 ? `must be ${alternatives[0]}` : `must be one of ${alternatives.join(', ')}`;
  }
  if (types.length > 1) return `must be ${[...new Set(types)].join(' or ')}`;
  // the value has a branch's kind but breaks its limit (a too-long text of a nullable field):
  // that limit is the news; the other branch's "must be null" alone would mislead
  const limit = errors.find((e) => !SHAPE_KEYWORDS.has(e.keyword) && e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  if (limit?.message) return types.includes('null') ? `${limit.message}, or be null` : limit.message;
  return null;
}

// A wrong type or a missing field comes first: a format or length complaint about a value of
// the wrong kind would send the caller the wrong way.
const SHAPE_KEYWORDS = new Set(['required', 'additionalProperties', 'type', 'const', 'enum']);

function messageOf(errors: ErrorObject[]): string {
  const first = errors.find((e) => SHAPE_KEYWORDS.has(e.keyword)) ?? errors.find((e) => e.keyword !== 'anyOf') ?? errors[0];
  const fromUnion = errors.some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf') ? unionMessage(errors) : null;
  if (fromUnion) return fromUnion;
  if (!first) return 'is invalid';
  if (first.keyword === 'additionalProperties') return 'is not a known field; remove it';
  if (first.keyword === 'uniqueItems') {
    return `repeats item ${Math.min(Number(first.params['i']), Number(first.params['j']))}; list each value once`;
  }
  return first.message ?? 'is invalid';
}

function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors ?? []) {
    const path = pathOf(e);
    byPath.set(path, [...(byPath.get(path) ?? []), e]);
  }
  return [...byPath].map(([path, list]) => ({ path, message: messageOf(list) }));
}

/**
 * Field errors from several checks of one input, one per path in first-seen order; where two
 * checks fail the same path, the later list's message wins (callers pass the more specific last).
 */
export function onePerPath(...lists: FieldError[][]): FieldError[] {
  const byPath = new Map<string, string>();
  for (const list of lists) for (const e of list) byPath.set(e.path, e.message);
  return [...byPath].map(([path, message]) => ({ path, message }));
}

export interface Validator<T> {
  (value: unknown): T;
  readonly schema: TSchema;
  /** every failing field, [] when the value is valid; for callers that add their own checks */
  errorsOf(value: unknown): FieldError[];
}

export function createValidator<S extends TSchema>(schema: S, what = 'request body'): Validator<Static<S>> {
  const fn: ValidateFunction = ajv.compile(schema);
  const errorsOf = (value: unknown): FieldError[] => (fn(value) ? [] : toFieldErrors(fn.errors));
  const validate = (value: unknown): Static<S> => {
    if (!fn(value)) {
      throw new ValidationError(`The ${what} is invalid; fix the fields listed in details.`, toFieldErrors(fn.errors));
    }
    return value;
  };
  return Object.assign(validate, { schema, errorsOf });
}

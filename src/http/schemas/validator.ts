// One ajv instance for every HTTP schema, each schema compiled once at module load. A failed
// validation becomes a ValidationError listing every failing field as {path, message}.
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { ValidationError, type FieldError } from '../../domain/errors.js';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

export const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);

function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    let path = e.instancePath || '/';
    if (e.keyword === 'required') path = `${e.instancePath}/${String(e.params['missingProperty'])}`;
    if (e.keyword === 'additionalProperties')
      return { path: `${e.instancePath}/${String(e.params['additionalProperty'])}`, message: 'is not a known field; remove it' };
    return { path, message: e.message ?? 'is invalid' };
  });
}

export interface Validator<T> {
  (value: unknown): T;
  readonly schema: TSchema;
}

export function createValidator<S extends TSchema>(schema: S, what = 'request body'): Validator<Static<S>> {
  const fn: ValidateFunction = ajv.compile(schema);
  const validate = (value: unknown): Static<S> => {
    if (!fn(value)) {
      throw new ValidationError(`The ${what} is invalid; fix the fields listed in details.`, toFieldErrors(fn.errors));
    }
    return value;
  };
  return Object.assign(validate, { schema });
}

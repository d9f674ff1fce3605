// The relay's bodies, described tolerantly: only what we read is required; unknown fields stay.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject } from 'ajv';
import { ValidationError, type FieldError } from '../../src/domain/errors.js';

const open = { additionalProperties: true } as const;
const Key = Type.String({ minLength: 1, maxLength: 200 });
const SessionId = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Integer()]);
const Time = Type.Optional(Type.Union([Type.Number(), Type.String()]));
const MediaItem = Type.Object({ url: Type.String({ minLength: 1 }), comment: Type.Optional(Type.String()) }, open);

export const MessageBodySchema = Type.Object(
  {
    user_key: Key,
    sender_key: Key,
    session_id: Type.Optional(SessionId),
    time: Time,
    serial_number: Type.Union([Type.Integer(), Type.String({ pattern: '^[0-9]{1,40}$' })]),
    type: Type.String({ minLength: 1 }),
    content: Type.Optional(Type.Union([Type.String(), MediaItem])),
    contents: Type.Optional(Type.Array(Type.Union([Type.String(), MediaItem]), { maxItems: 100 })),
    attachment: Type.Optional(Type.Object({ url: Type.Optional(Type.String()) }, open)),
  },
  open,
);

export const ReferenceBodySchema = Type.Object(
  {
    user_key: Key,
    sender_key: Key,
    session_id: SessionId,
    time: Time,
    reference: Type.Optional(Type.Object({}, open)),
    last_reference: Type.Optional(Type.Object({}, open)),
  },
  open,
);

export const SessionEndBodySchema = Type.Object(
  { user_key: Key, sender_key: Key, session_id: Type.Optional(SessionId), time: Time },
  open,
);

/** `{code, …}` of the send API: a number, or a string such as the upload's "0000" */
export const ApiReplySchema = Type.Object(
  { code: Type.Union([Type.Integer(), Type.String()]), image: Type.Optional(Type.String()), message: Type.Optional(Type.String()) },
  open,
);
export type ApiReply = Static<typeof ApiReplySchema>;

const ajv = new Ajv({ allErrors: true, strict: false });

function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'is invalid' }));
}

/** compiled once; throws ValidationError naming every failing field */
function checker<S extends TSchema>(schema: S, what: string): (value: unknown) => Static<S> {
  const fn = ajv.compile<Static<S>>(schema);
  return (value) => {
    if (!fn(value)) throw new ValidationError(`The relay's ${what} body is invalid; fix the fields listed in details.`, toFieldErrors(fn.errors));
    return value;
  };
}

export const checkMessageBody = checker(MessageBodySchema, 'message');
export const checkReferenceBody = checker(ReferenceBodySchema, 'reference');
export const checkSessionEndBody = checker(SessionEndBodySchema, 'session end');
const replyValidator = ajv.compile<ApiReply>(ApiReplySchema);
export const readApiReply = (data: unknown): ApiReply | null => (replyValidator(data) ? data : null);

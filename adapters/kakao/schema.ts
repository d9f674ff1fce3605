// The SkillPayload as Kakao sends it, described tolerantly: only what we read is required, every
// object keeps unknown fields, and the snake_case duplicates real payloads carry are accepted.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { Type, type Static } from '@sinclair/typebox';
import type { FieldError } from '../../src/domain/errors.js';

const open = { additionalProperties: true } as const;
const OptionalString = Type.Optional(Type.String());

const NamedRef = Type.Object({ id: OptionalString, name: OptionalString }, open);

const UserProperties = Type.Object(
  {
    plusfriendUserKey: Type.Optional(Type.String({ minLength: 1 })),
    plusfriend_user_key: Type.Optional(Type.String({ minLength: 1 })),
    appUserId: OptionalString,
    app_user_id: OptionalString,
    isFriend: Type.Optional(Type.Boolean()),
    is_friend: Type.Optional(Type.Boolean()),
  },
  open,
);

const User = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1 })),
    type: OptionalString,
    properties: Type.Optional(UserProperties),
  },
  open,
);

const UserRequest = Type.Object(
  {
    utterance: Type.String(),
    user: User,
    timezone: OptionalString,
    lang: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    block: Type.Optional(NamedRef),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    callbackUrl: Type.Optional(Type.String({ format: 'uri' })),
  },
  open,
);

const Action = Type.Object(
  {
    id: OptionalString,
    name: OptionalString,
    // values are strings in practice, but nothing here is worth refusing a message over
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    detailParams: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    clientExtra: Type.Optional(Type.Unknown()),
  },
  open,
);

export const SkillPayloadSchema = Type.Object(
  {
    intent: Type.Optional(NamedRef),
    userRequest: UserRequest,
    bot: Type.Optional(NamedRef),
    action: Type.Optional(Action),
    contexts: Type.Optional(Type.Array(Type.Unknown())),
  },
  open,
);

export type SkillPayload = Static<typeof SkillPayloadSchema>;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv, ['uri']);
const validate = ajv.compile<SkillPayload>(SkillPayloadSchema);

export type SkillPayloadCheck = { ok: true; payload: SkillPayload } | { ok: false; errors: FieldError[] };

export function checkSkillPayload(body: unknown): SkillPayloadCheck {
  if (validate(body)) return { ok: true, payload: body };
  const errors = (validate.errors ?? []).map((e) => ({
    path: e.keyword === 'required' ? `${e.instancePath}/${String(e.params['missingProperty'])}` : e.instancePath || '/',
    message: e.message ?? 'is invalid',
  }));
  return { ok: false, errors };
}

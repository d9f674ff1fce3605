// The web chat v2 page's events (channels.md "Web chat v2"). TypeBox is the single source: the
// validators below are compiled once at module load and the wire types derive from the schemas.
import { Type, type TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import type { FieldError } from '../../src/domain/errors.js';

/** characters (code points) a visitor message may hold; ajv counts code points too */
export const WEBCHAT_TEXT_MAX = 4000;

const EventId = Type.String({ format: 'uuid' });

export const HelloSchema = Type.Object({ type: Type.Literal('hello') }, { additionalProperties: false });

export const ConnectRequestSchema = Type.Object(
  { type: Type.Literal('connect_request'), eventId: EventId },
  { additionalProperties: false },
);

export const MessageSchema = Type.Object(
  {
    type: Type.Literal('message'),
    eventId: EventId,
    text: Type.String({ minLength: 1, maxLength: WEBCHAT_TEXT_MAX }),
  },
  { additionalProperties: false },
);

export const LeaveSchema = Type.Object(
  { type: Type.Literal('leave'), eventId: EventId },
  { additionalProperties: false },
);

export const WebchatEventSchema = Type.Union([HelloSchema, ConnectRequestSchema, MessageSchema, LeaveSchema]);

export const WEBCHAT_EVENT_TYPES = ['hello', 'connect_request', 'message', 'leave'] as const;
export type WebchatEventType = (typeof WEBCHAT_EVENT_TYPES)[number];

// NodeNext sees these CommonJS packages' default export as the module object.
const addFormats = formatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv, ['uuid']);

function compile(schema: TSchema): ValidateFunction {
  return ajv.compile(schema);
}

// One validator per `type`: the union's anyOf errors would list every branch's complaints,
// while the page needs the one branch it meant.
export const validateByType: Readonly<Record<WebchatEventType, ValidateFunction>> = {
  hello: compile(HelloSchema),
  connect_request: compile(ConnectRequestSchema),
  message: compile(MessageSchema),
  leave: compile(LeaveSchema),
};

export function isWebchatEventType(value: unknown): value is WebchatEventType {
  return typeof value === 'string' && (WEBCHAT_EVENT_TYPES as readonly string[]).includes(value);
}

/** ajv errors as `{path, message}` pointing at the field itself (not its parent object) */
export function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      return { path: `${e.instancePath}/${params['missingProperty']}`, message: 'is required' };
    }
    if (e.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      return { path: `${e.instancePath}/${params['additionalProperty']}`, message: 'is not allowed' };
    }
    return { path: e.instancePath === '' ? '/' : e.instancePath, message: e.message ?? 'is invalid' };
  });
}

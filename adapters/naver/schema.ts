// TypeBox schemas for what TalkTalk sends us: webhook events and the JSON replies of the send
// and image-upload APIs. Only the fields we read are typed; everything else passes through,
// because TalkTalk adds fields (partner, options.mobile, echoedEvent…) without notice and a
// rejected webhook counts against us (channels.md "Naver TalkTalk").
import { Type, type Static } from '@sinclair/typebox';
import { Ajv, type ErrorObject } from 'ajv';
import type { FieldError } from '../../src/domain/errors.js';

export const NaverTextContentSchema = Type.Object({
  text: Type.String(),
  /** typing | button | sticker | inquiry | vphone (received only) */
  inputType: Type.Optional(Type.String()),
  /** the code of a TEXT button the customer pressed */
  code: Type.Optional(Type.String()),
});

export const NaverImageContentSchema = Type.Object({
  imageUrl: Type.String({ minLength: 1 }),
});

export const NaverInboundCompositeSchema = Type.Object({
  title: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
});

export const NaverCompositeContentSchema = Type.Object({
  compositeList: Type.Optional(Type.Array(NaverInboundCompositeSchema)),
});

export const NaverEventOptionsSchema = Type.Object({
  /** open: true when the customer is under 14 (guardian consent needed) */
  under14: Type.Optional(Type.Boolean()),
  under19: Type.Optional(Type.Boolean()),
  /** friend: on | off */
  set: Type.Optional(Type.String()),
});

export const NaverEventSchema = Type.Object({
  event: Type.String({ minLength: 1 }),
  /** stable partner-scoped customer id */
  user: Type.String({ minLength: 1 }),
  options: Type.Optional(NaverEventOptionsSchema),
  textContent: Type.Optional(NaverTextContentSchema),
  imageContent: Type.Optional(NaverImageContentSchema),
  compositeContent: Type.Optional(NaverCompositeContentSchema),
  /** true while a human agent owns the thread (handover) */
  standby: Type.Optional(Type.Boolean()),
});
export type NaverEvent = Static<typeof NaverEventSchema>;

/** Reply of POST /chatbot/v1/event and /chatbot/v1/imageUpload (always HTTP 200 when reachable). */
export const NaverApiResultSchema = Type.Object({
  success: Type.Optional(Type.Boolean()),
  resultCode: Type.Optional(Type.String()),
  resultMessage: Type.Optional(Type.String()),
  imageId: Type.Optional(Type.String()),
});
export type NaverApiResult = Static<typeof NaverApiResultSchema>;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateEvent = ajv.compile<NaverEvent>(NaverEventSchema);
const validateApiResult = ajv.compile<NaverApiResult>(NaverApiResultSchema);

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${String(e.params['missingProperty'])}` : '';
    return { path: `${e.instancePath}${missing}` || '/', message: e.message ?? 'is invalid' };
  });
}

export function checkNaverEvent(body: unknown): Checked<NaverEvent> {
  return validateEvent(body)
    ? { ok: true, value: body }
    : { ok: false, errors: toFieldErrors(validateEvent.errors) };
}

export function checkNaverApiResult(body: unknown): Checked<NaverApiResult> {
  return validateApiResult(body)
    ? { ok: true, value: body }
    : { ok: false, errors: toFieldErrors(validateApiResult.errors) };
}

// Request bodies and queries of the webhook endpoint routes (integration.md "Webhook endpoints").
import { Type, type TSchema } from '@sinclair/typebox';
import { EVENT_TYPES } from '../../domain/events.js';

const EventTypeOrAll = Type.Union([Type.Literal('*'), ...EVENT_TYPES.map((t) => Type.Literal(t))], {
  description: 'an event type, or "*" (alone) for every type',
});
const EventTypes = Type.Array(EventTypeOrAll, { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true });
const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });

export const CreateWebhookBody = Type.Object(
  { url: Url, eventTypes: EventTypes, description: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false, title: 'CreateWebhookBody' },
);

export const PatchWebhookBody = Type.Object(
  {
    url: Type.Optional(Url),
    eventTypes: Type.Optional(EventTypes),
    enabled: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false, title: 'PatchWebhookBody' },
);

const DryRun = Type.Boolean({ description: 'true: queue nothing, answer 200 with the event ids that would be queued' });

export const ResendWebhookBody = Type.Union(
  [
    Type.Object({ eventIds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 1000 }), dryRun: Type.Optional(DryRun) }, { additionalProperties: false }),
    Type.Object({ since: Type.String({ format: 'date-time', description: 'resend every event failed at this endpoint whose time is at or after this' }), dryRun: Type.Optional(DryRun) }, { additionalProperties: false }),
  ],
  { title: 'ResendWebhookBody' },
);

export const AttemptsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('failed'), Type.Literal('delivered'), Type.Literal('pending')])),
    limit: Type.Optional(Type.String({ pattern: '^(1000|[1-9][0-9]{0,2})$', description: '1–1000, default 100' })),
  },
  { additionalProperties: false },
);

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const WebhookEndpointSchema = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    eventTypes: EventTypes,
    description: Nullable(Type.String()),
    enabled: Type.Boolean(),
    disabledReason: Nullable(Type.String({ description: 'why the gateway disabled it (a 410 answer)' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'WebhookEndpoint' },
);
export const CreatedWebhookEndpointSchema = Type.Intersect([WebhookEndpointSchema, Type.Object({ secret: Type.String({ description: 'whsec_…, shown this once' }) })], { title: 'CreatedWebhookEndpoint' });
export const WebhookEndpointListSchema = Type.Object({ items: Type.Array(WebhookEndpointSchema) }, { title: 'WebhookEndpointList' });
export const WebhookSecretSchema = Type.Object({ secret: Type.String({ description: 'whsec_…, shown this once' }) }, { title: 'WebhookSecret' });
export const WebhookAttemptListSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        eventId: Type.String(),
        type: Type.String(),
        status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
        attempts: Type.Integer(),
        lastStatusCode: Nullable(Type.Integer()),
        lastError: Nullable(Type.String()),
        lastResponse: Nullable(Type.String({ description: 'the first KiB of the last answer' })),
        at: Type.String({ format: 'date-time', description: 'time of the last attempt' }),
      }),
    ),
  },
  { title: 'WebhookAttemptList' },
);
export const WebhookResendResultSchema = Type.Object(
  { queued: Type.Integer(), eventIds: Type.Optional(Type.Array(Type.String(), { description: 'dry run only' })), dryRun: Type.Optional(Type.Boolean()) },
  { title: 'WebhookResendResult' },
);

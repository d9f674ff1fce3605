// Request bodies and queries of the webhook endpoint routes (integration.md "Webhook endpoints").
import { Type } from '@sinclair/typebox';
import { EVENT_TYPES } from '../../domain/events.js';

const EventTypeOrAll = Type.Union([Type.Literal('*'), ...EVENT_TYPES.map((t) => Type.Literal(t))], {
  description: 'an event type, or "*" (alone) for every type',
});
const EventTypes = Type.Array(EventTypeOrAll, { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true });
const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });

export const CreateWebhookBody = Type.Object(
  { url: Url, eventTypes: EventTypes, description: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false, $id: 'CreateWebhookBody' },
);

export const PatchWebhookBody = Type.Object(
  {
    url: Type.Optional(Url),
    eventTypes: Type.Optional(EventTypes),
    enabled: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false, $id: 'PatchWebhookBody' },
);

const DryRun = Type.Boolean({ description: 'true: queue nothing, answer 200 with the event ids that would be queued' });

export const ResendWebhookBody = Type.Union(
  [
    Type.Object({ eventIds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 1000 }), dryRun: Type.Optional(DryRun) }, { additionalProperties: false }),
    Type.Object({ since: Type.String({ format: 'date-time', description: 'resend every event failed at this endpoint whose time is at or after this' }), dryRun: Type.Optional(DryRun) }, { additionalProperties: false }),
  ],
  { $id: 'ResendWebhookBody' },
);

export const AttemptsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('failed'), Type.Literal('delivered'), Type.Literal('pending')])),
    limit: Type.Optional(Type.String({ pattern: '^(1000|[1-9][0-9]{0,2})$', description: '1–1000, default 100' })),
  },
  { additionalProperties: false },
);

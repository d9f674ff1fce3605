// The integration event (integration.md "Events"): one object, the same on webhooks, the event
// stream and the pull API. Declared as schemas so /openapi.json's `webhooks` section and the
// types come from one place. Profile values never appear here: profile events carry names only.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const EVENT_TYPES = [
  'conversation.created',
  'conversation.assigned',
  'conversation.status_changed',
  'message.created',
  'message.delivered',
  'message.failed',
  'customer.profile_updated',
  'customer.erased',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ConversationSummarySchema = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('waiting'), Type.Literal('assigned'), Type.Literal('closed')]),
    agentId: Nullable(Type.String()),
    customerId: Type.String(),
    channelId: Type.String(),
    createdAt: Type.String(),
    firstResponseAt: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    closeReason: Nullable(Type.String()),
  },
  { additionalProperties: true, $id: 'ConversationSummary' },
);

const CardSchema = Type.Object({
  title: Type.Optional(Type.String()),
  description: Type.String(),
  imageUrl: Type.Optional(Type.String()),
  buttons: Type.Array(Type.Object({ label: Type.String(), url: Type.String() })),
});

export const EventDataSchemas = {
  'conversation.created': Type.Object({ conversation: ConversationSummarySchema }),
  'conversation.assigned': Type.Object({
    agentId: Type.String(),
    by: Type.Union([Type.Literal('auto'), Type.Literal('manual')]),
  }),
  'conversation.status_changed': Type.Object({
    from: Nullable(Type.String()),
    to: Type.Union([Type.Literal('waiting'), Type.Literal('assigned'), Type.Literal('closed')]),
    reason: Nullable(Type.String()),
  }),
  'message.created': Type.Object({
    messageId: Type.String(),
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
    from: Type.Union([Type.Literal('customer'), Type.Literal('agent'), Type.Literal('bot'), Type.Literal('system')]),
    kind: Type.Union([Type.Literal('text'), Type.Literal('image'), Type.Literal('card')]),
    text: Type.Optional(Type.String()),
    imageUrl: Type.Optional(Type.String()),
    card: Type.Optional(CardSchema),
  }),
  'message.delivered': Type.Object({ messageId: Type.String(), via: Type.String() }),
  'message.failed': Type.Object({
    messageId: Type.String(),
    error: Type.Object({ code: Type.String(), message: Type.String() }),
    attempts: Type.Integer(),
  }),
  'customer.profile_updated': Type.Object({ customerId: Type.String(), fields: Type.Array(Type.String()) }),
  'customer.erased': Type.Object({ customerId: Type.String() }),
} as const satisfies Record<EventType, TSchema>;

export type EventData<T extends EventType> = Static<(typeof EventDataSchemas)[T]>;

/** the envelope of one event type, for the OpenAPI `webhooks` section */
export function eventSchemaOf<T extends EventType>(type: T) {
  return Type.Object({
    id: Type.String({ description: 'evt_…; the same on every delivery attempt (webhook-id)' }),
    type: Type.Literal(type),
    timestamp: Type.String({ format: 'date-time' }),
    workspaceId: Type.String(),
    conversationId: Nullable(Type.String()),
    sequence: Nullable(Type.Integer({ description: 'grows strictly within a conversation; gaps allowed' })),
    data: EventDataSchemas[type],
  });
}

export type GatewayEvent = {
  [T in EventType]: {
    id: string;
    type: T;
    timestamp: string;
    workspaceId: string;
    conversationId: string | null;
    sequence: number | null;
    data: EventData<T>;
  };
}[EventType];

/** an event before the store gives it its id, time and sequence (assigned atomically with the change) */
export type PendingEvent = {
  [T in EventType]: { type: T; data: EventData<T> };
}[EventType];

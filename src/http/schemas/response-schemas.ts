// Answer bodies of the main admin and agent routes, for /openapi.json only (each `title` names a
// component schema, so a generated client gets one type per resource). They follow what the
// handlers send; `additionalProperties` stays open so adding a field never breaks a client.
import { Type, type TSchema } from '@sinclair/typebox';
import { SettingsSchema } from '../../domain/settings.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });
const Author = Type.Union(['customer', 'bot', 'agent', 'system'].map((a) => Type.Literal(a)));
// the channel types are the adapter registry's; request bodies list them, answers name one
const ChannelType = Type.String({ description: 'a channel type: kakao, naver, webchat, … (POST …/channels lists them)' });

export const WorkspaceSchema = Type.Object(
  { id: Type.String(), name: Type.String(), settingsVersion: Type.Integer(), createdAt: Time },
  { title: 'Workspace' },
);

export const VersionedSettingsSchema = Type.Object(
  { version: Type.Integer(), ...SettingsSchema.properties },
  { title: 'VersionedSettings' },
);

export const AgentSchema = Type.Object(
  { id: Type.String(), name: Type.String(), online: Type.Boolean(), maxConcurrent: Type.Integer(), activeConversations: Type.Integer() },
  { title: 'Agent' },
);
export const AgentListSchema = Type.Object({ items: Type.Array(AgentSchema) }, { title: 'AgentList' });

export const ChannelSchema = Type.Object(
  {
    id: Type.String(),
    workspaceId: Type.String(),
    type: ChannelType,
    name: Type.String(),
    credentials: Type.Record(Type.String(), Type.Unknown(), { description: 'secrets masked except in the answer that created them' }),
    webhookUrl: Type.String(),
    webhookKey: Type.Optional(Type.String({ description: 'only when created or rotated' })),
    pageUrl: Type.Optional(Type.String({ description: 'web chat channels' })),
    apiBaseUrl: Nullable(Type.String()),
    createdAt: Time,
  },
  { title: 'Channel' },
);
export const ChannelListSchema = Type.Object({ items: Type.Array(ChannelSchema) }, { title: 'ChannelList' });

export const ConversationSchema = Type.Object(
  {
    id: Type.String(),
    workspaceId: Type.String(),
    channelId: Type.String(),
    channelType: ChannelType,
    customerId: Type.String(),
    status: Type.Union([Type.Literal('waiting'), Type.Literal('assigned'), Type.Literal('closed')]),
    agentId: Nullable(Type.String()),
    settingsVersion: Type.Integer(),
    createdAt: Time,
    assignedAt: Nullable(Time),
    firstResponseAt: Nullable(Time),
    closedAt: Nullable(Time),
    closeReason: Nullable(Type.String()),
    lastMessageAt: Nullable(Time),
    lastMessageFrom: Nullable(Author),
  },
  { title: 'Conversation' },
);

export const MessageSchema = Type.Object(
  {
    id: Type.String(),
    conversationId: Type.String(),
    direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
    from: Author,
    kind: Type.Union(['text', 'image', 'card', 'event'].map((k) => Type.Literal(k))),
    text: Type.Optional(Type.String()),
    imageUrl: Type.Optional(Type.String()),
    agentId: Type.Optional(Type.String()),
    status: Type.Union(['received', 'queued', 'sent', 'failed'].map((s) => Type.Literal(s))),
    createdAt: Time,
  },
  { title: 'Message' },
);

export const ConversationWithMessagesSchema = Type.Object(
  { ...ConversationSchema.properties, messages: Type.Array(MessageSchema) },
  { title: 'ConversationWithMessages' },
);
export const ConversationPageSchema = Type.Object(
  { items: Type.Array(ConversationSchema), next: Type.Optional(Type.String({ description: 'pass as cursor for the next page' })) },
  { title: 'ConversationPage' },
);
export const MessageQueuedSchema = Type.Object({ messageId: Type.String() }, { title: 'MessageQueued' });

export const CustomerSchema = Type.Object(
  {
    id: Type.String(),
    identifier: Type.String(),
    channelType: ChannelType,
    profile: Type.Object(
      {
        name: Type.Optional(Type.String()),
        phone: Type.Optional(Type.String()),
        email: Type.Optional(Type.String()),
        birthdate: Type.Optional(Type.String()),
        address: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { title: 'Profile' },
    ),
    flags: Type.Record(Type.String(), Type.Unknown()),
    guardianConsentRequired: Type.Boolean(),
    updatedAt: Time,
    createdAt: Time,
  },
  { title: 'Customer' },
);

export const CustomerAuditSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { at: Time, actor: Type.String(), field: Type.String(), old: Type.Unknown(), new: Type.Unknown() },
        { title: 'ProfileAuditEntry' },
      ),
    ),
  },
  { title: 'CustomerAudit' },
);

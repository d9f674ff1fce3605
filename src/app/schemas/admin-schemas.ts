// Request bodies of the admin and agent API (api.md), as TypeBox schemas.
import { Type } from '@sinclair/typebox';
import type { ChannelType } from '../../domain/channel.js';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });

export const CreateWorkspaceBody = Type.Object({ name: Name }, { additionalProperties: false });

export const CreateAgentBody = Type.Object(
  { name: Name, maxConcurrent: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  { additionalProperties: false },
);
export const AgentStatusBody = Type.Object({ online: Type.Boolean() }, { additionalProperties: false });

const ConnectTriggers = Type.Object(
  {
    utterances: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
    blockIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
const Cidr = Type.String({ pattern: '^(\\d{1,3}\\.){3}\\d{1,3}(/\\d{1,2})?$' });

const channelFields = {
  name: Name,
  apiBaseUrl: Type.Optional(Type.Union([Url, Type.Null()])),
  connectTriggers: Type.Optional(ConnectTriggers),
  allowCidrs: Type.Optional(Type.Union([Type.Array(Cidr, { maxItems: 50 }), Type.Null()])),
  ackText: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()])),
};

/** The channel types are the adapter registry's; each adapter's CredentialSpec checks `credentials`. */
export const createChannelBodySchema = (types: readonly ChannelType[]) =>
  Type.Object(
    {
      type: Type.Union(types.map((t) => Type.Literal(t))),
      credentials: Type.Optional(Type.Object({}, { additionalProperties: true })),
      ...channelFields,
    },
    { additionalProperties: false },
  );

/** the create body as a type (any channel type) */
export const CreateChannelBase = Type.Object(
  {
    type: Type.String(),
    credentials: Type.Optional(Type.Object({}, { additionalProperties: true })),
    ...channelFields,
  },
  { additionalProperties: false },
);

export const PatchChannelBody = Type.Object(
  {
    name: Type.Optional(Name),
    credentials: Type.Optional(Type.Object({}, { additionalProperties: true })),
    apiBaseUrl: channelFields.apiBaseUrl,
    connectTriggers: channelFields.connectTriggers,
    allowCidrs: channelFields.allowCidrs,
    ackText: channelFields.ackText,
    rotateWebhookKey: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

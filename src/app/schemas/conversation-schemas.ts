// Agent API bodies and queries (api.md "Agents and managers").
import { Type } from '@sinclair/typebox';

export const ListConversationsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('waiting'), Type.Literal('assigned'), Type.Literal('closed')])),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
  },
  { additionalProperties: false },
);

export const AssignBody = Type.Object({ agentId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const AgentMessageBody = Type.Union([
  Type.Object({ agentId: Type.String({ minLength: 1, maxLength: 100 }), text: Type.String({ minLength: 1, maxLength: 10000 }) }, { additionalProperties: false }),
  Type.Object({ agentId: Type.String({ minLength: 1, maxLength: 100 }), imageId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
]);

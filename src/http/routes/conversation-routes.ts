// The agent and manager API over conversations (api.md "Agents and managers").
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Conversation } from '../../domain/conversation.js';
import { ConflictError, DomainRuleError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { OutboundMessage } from '../../domain/outbound-message.js';
import { AgentMessageBody, AssignBody, ListConversationsQuery } from '../../app/schemas/conversation-schemas.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator } from '../schemas/validator.js';
import { requireWorkspace } from './workspace-routes.js';
import { ConversationPageSchema, ConversationSchema, ConversationWithMessagesSchema, MessageQueuedSchema } from '../schemas/response-schemas.js';

type P = { ws: string; id: string };

function idempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (!/^[A-Za-z0-9._:-]{8,128}$/.test(header)) {
    throw new ValidationError('The Idempotency-Key header is invalid.', [{ path: 'header:Idempotency-Key', message: 'use 8-128 letters, digits, . _ : -' }]);
  }
  return header;
}
const validateList = createValidator(ListConversationsQuery, 'query');
const validateAssign = createValidator(AssignBody);
const validateMessage = createValidator(AgentMessageBody);

export function conversationRoutes(deps: HttpDeps): RouteDef[] {
  const s = deps.services;
  const load = async (ws: string, id: string): Promise<Conversation> => {
    const c = await s.conversations.get(id);
    if (!c || c.workspaceId !== ws) throw new NotFoundError(`Conversation ${id}`, 'conversation_not_found');
    return c;
  };
  const channelOf = async (c: Conversation) => {
    const ch = await s.channels.get(c.channelId, { cached: true });
    if (!ch) throw new DomainRuleError('The conversation’s channel was deleted; nothing can be sent to it.', 'channel_deleted');
    return ch;
  };
  const present = async (c: Conversation, withMessages: boolean): Promise<Record<string, unknown>> => ({
    ...c,
    ...(withMessages ? { messages: await s.messages.list(c.id) } : {}),
  });
  return [
    def<{ ws: string }>(
      { method: 'get', path: '/v1/workspaces/:ws/conversations', operationId: 'listConversations', summary: 'List conversations by status, oldest first',
        tag: 'agents', auth: 'admin', scope: 'conversations:read', query: { status: 'waiting | assigned | closed (default waiting)', cursor: 'from `next`', limit: '1-999 (default 50)' },
        responses: { 200: { description: 'a page of conversations', schema: ConversationPageSchema }, 400: 'bad query', 404: 'unknown workspace' } },
      async (req, res: Response) => {
        const q = validateList({ ...req.query });
        await requireWorkspace(deps, req.params.ws);
        const page = await s.conversations.list(req.params.ws, q.status ?? 'waiting', Number(q.cursor ?? 0), Number(q.limit ?? 50));
        res.json({ items: page.items, ...(page.next !== null ? { next: String(page.next) } : {}) });
      },
    ),
    def<P>(
      { method: 'get', path: '/v1/workspaces/:ws/conversations/:id', operationId: 'getConversation', summary: 'A conversation with its messages',
        tag: 'agents', auth: 'admin', scope: 'conversations:read', responses: { 200: { description: 'the conversation and its messages', schema: ConversationWithMessagesSchema }, 404: 'unknown conversation' } },
      async (req, res: Response) => {
        res.json(await present(await load(req.params.ws, req.params.id), true));
      },
    ),
    def<P>(
      { method: 'post', path: '/v1/workspaces/:ws/conversations/:id/assign', operationId: 'assignConversation', summary: 'A manager assigns the conversation to an agent',
        tag: 'agents', auth: 'admin', scope: 'conversations:write', body: AssignBody, responses: { 200: { description: 'the conversation', schema: ConversationSchema }, 404: 'unknown conversation or agent', 409: 'closed' } },
      jsonBody(),
      async (req, res: Response) => {
        const body = validateAssign(req.body);
        const c = await load(req.params.ws, req.params.id);
        if (!(await s.agents.get(req.params.ws, body.agentId))) throw new NotFoundError(`Agent ${body.agentId}`, 'agent_not_found');
        if (c.status === 'closed') throw new ConflictError('The conversation is closed; it cannot be assigned.', 'conversation_closed');
        const r = await s.engine.dispatch({
          channel: await channelOf(c),
          customerId: c.customerId,
          conversationId: c.id,
          event: { type: 'manager_assigned', agentId: body.agentId },
          eventKey: `assign:${randomUUID()}`,
        });
        req.log.info({ conversationId: c.id, agentId: body.agentId }, 'conversation assigned by a manager');
        res.json(await present(r.conversation ?? c, false));
      },
    ),
    def<P>(
      { method: 'post', path: '/v1/workspaces/:ws/conversations/:id/messages', operationId: 'sendAgentMessage', summary: 'An agent message, queued for the customer’s channel',
        tag: 'agents', auth: 'admin', scope: 'conversations:write', body: AgentMessageBody, responses: { 202: { description: 'queued', schema: MessageQueuedSchema }, 400: 'invalid', 404: 'unknown', 409: 'closed' } },
      jsonBody(),
      async (req, res: Response) => {
        const body = validateMessage(req.body);
        const c = await load(req.params.ws, req.params.id);
        if (!(await s.agents.get(req.params.ws, body.agentId))) throw new NotFoundError(`Agent ${body.agentId}`, 'agent_not_found');
        if (c.status === 'closed') throw new ConflictError('The conversation is closed; start a new one to write to the customer.', 'conversation_closed');
        let message: OutboundMessage;
        if ('text' in body) message = { kind: 'text', from: 'agent', text: body.text };
        else {
          const image = await s.resolveImage(req.params.ws, body.imageId);
          if (!image) throw new ValidationError('The image is unknown; upload it first.', [{ path: '/imageId', message: 'must be the id of an uploaded image' }]);
          message = { kind: 'image', from: 'agent', image };
        }
        const r = await s.engine.dispatch({
          channel: await channelOf(c),
          customerId: c.customerId,
          conversationId: c.id,
          event: { type: 'agent_message' },
          // a client retrying with the same Idempotency-Key gets the same message, sent once
          eventKey: `agent-msg:${c.id}:${idempotencyKey(req.header('idempotency-key')) ?? randomUUID()}`,
          agentSend: { agentId: body.agentId, message },
        });
        const messageId = r.outboundIds[0];
        req.log.info({ conversationId: c.id, messageId }, 'agent message queued');
        res.status(202).json({ messageId });
      },
    ),
    def<P>(
      { method: 'post', path: '/v1/workspaces/:ws/conversations/:id/close', operationId: 'closeConversation', summary: 'Close the conversation',
        tag: 'agents', auth: 'admin', scope: 'conversations:write', responses: { 200: { description: 'the closed conversation', schema: ConversationSchema }, 404: 'unknown conversation' } },
      async (req, res: Response) => {
        const c = await load(req.params.ws, req.params.id);
        const channel = await channelOf(c);
        const wasOpen = c.status !== 'closed';
        const closed = await s.backlog.close(c, channel, 'agent');
        const adapter = s.adapters.get(channel.type);
        if (wasOpen && adapter.endConversation) {
          // the platform's session ends too (상담톡 endWithBot); ours is closed whatever it answers
          const customer = await s.customers.get(c.customerId);
          if (customer) {
            await adapter.endConversation(channel, customer.identifier).catch((err: unknown) =>
              req.log.warn({ conversationId: c.id, err: err instanceof Error ? err.message : String(err) }, 'platform session end failed'));
          }
        }
        res.json(await present(closed, false));
      },
    ),
  ];
}


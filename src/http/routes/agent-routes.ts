// Agents and their online status (api.md "Agents and managers").
import type { Request, Response } from 'express';
import { NotFoundError } from '../../domain/errors.js';
import type { Agent } from '../../domain/conversation.js';
import { AgentStatusBody, CreateAgentBody } from '../../app/schemas/admin-schemas.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator } from '../schemas/validator.js';
import { requireWorkspace } from './workspace-routes.js';
import { AgentListSchema, AgentSchema } from '../schemas/response-schemas.js';

const validateCreate = createValidator(CreateAgentBody);
const validateStatus = createValidator(AgentStatusBody);

function present(a: Agent): Record<string, unknown> {
  return { id: a.id, name: a.name, online: a.online, maxConcurrent: a.maxConcurrent, activeConversations: a.activeCount };
}

export function agentRoutes(deps: HttpDeps): RouteDef[] {
  return [
    def(
      { method: 'post', path: '/v1/workspaces/:ws/agents', operationId: 'createAgent', summary: 'Create an agent', tag: 'agents', auth: 'admin', scope: 'agents',
        body: CreateAgentBody, responses: { 201: { description: 'the agent, offline', schema: AgentSchema }, 400: 'invalid', 404: 'unknown workspace' } },
      jsonBody(),
      async (req: Request<{ ws: string }>, res: Response) => {
        const body = validateCreate(req.body);
        await requireWorkspace(deps, req.params.ws);
        const agent = await deps.agents.create(req.params.ws, body.name.trim(), body.maxConcurrent ?? 5, deps.now());
        res.status(201).json(present(agent));
      },
    ),
    def(
      { method: 'get', path: '/v1/workspaces/:ws/agents', operationId: 'listAgents', summary: 'List agents with status and load', tag: 'agents',
        auth: 'admin', scope: 'agents', responses: { 200: { description: 'every agent', schema: AgentListSchema }, 404: 'unknown workspace' } },
      async (req: Request<{ ws: string }>, res: Response) => {
        await requireWorkspace(deps, req.params.ws);
        res.json({ items: (await deps.agents.list(req.params.ws)).map(present) });
      },
    ),
    def(
      { method: 'put', path: '/v1/workspaces/:ws/agents/:id/status', operationId: 'setAgentStatus', summary: 'Set an agent online or offline',
        tag: 'agents', auth: 'admin', scope: 'agents', body: AgentStatusBody, responses: { 200: { description: 'the agent', schema: AgentSchema }, 404: 'unknown agent' } },
      jsonBody(),
      async (req: Request<{ ws: string; id: string }>, res: Response) => {
        const body = validateStatus(req.body);
        const agent = await deps.agents.update(req.params.ws, req.params.id, { online: body.online });
        if (!agent) throw new NotFoundError(`Agent ${req.params.id}`, 'agent_not_found');
        req.log.info({ agentId: agent.id, online: agent.online }, 'agent status changed');
        if (agent.online && deps.onAgentAvailable) await deps.onAgentAvailable(req.params.ws, agent.id);
        const fresh = (await deps.agents.get(req.params.ws, agent.id)) ?? agent;
        res.json(present(fresh));
      },
    ),
  ];
}

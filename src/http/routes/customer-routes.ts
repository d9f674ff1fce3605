// A customer's basic info on the agent side (PB-20, api.md "Agents and managers"): read, edit
// and delete profile fields, and the audit trail of those edits. Logs carry ids and field
// names only, never values.
import type { Request, Response } from 'express';
import { Type } from '@sinclair/typebox';
import {
  deleteProfileField,
  loadCustomer,
  patchProfile,
  presentCustomer,
  profileAuditTrail,
  resolveActor,
  type CustomerProfileDeps,
} from '../../app/customer-profile.js';
import { eraseCustomer } from '../../app/erase-customer.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import { def, type RouteDef } from '../route-def.js';
import { CustomerAuditSchema, CustomerSchema } from '../schemas/response-schemas.js';

type P = { ws: string; id: string };

// Documents the body in /openapi.json; the checks themselves are validateProfileInput's, shared
// with the customer's form.
const ProfilePatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 50 })),
    phone: Type.Optional(Type.String({ description: 'Korean mobile number; stored as 010-1234-5678' })),
    email: Type.Optional(Type.String({ format: 'email' })),
    birthdate: Type.Optional(Type.String({ format: 'date', description: 'YYYY-MM-DD, not in the future' })),
    address: Type.Optional(
      Type.Object({
        zonecode: Type.String({ pattern: '^[0-9]{5}$' }),
        roadAddress: Type.String(),
        jibunAddress: Type.Optional(Type.String()),
        buildingName: Type.Optional(Type.String()),
        detail: Type.Optional(Type.String()),
      }),
    ),
  },
  { additionalProperties: false, description: 'Partial profile: only the fields sent change. To remove a field use DELETE.' },
);

const AGENT_HEADER = 'x-agent-id';

export function customerRoutes(deps: HttpDeps): RouteDef[] {
  const d: CustomerProfileDeps = deps.services;
  const base = '/v1/workspaces/:ws/customers/:id';
  return [
    def<P>(
      { method: 'get', path: base, operationId: 'getCustomer', summary: 'A customer with their profile (basic info)', tag: 'agents', auth: 'admin', scope: 'customers:read',
        responses: { 200: { description: 'the customer', schema: CustomerSchema }, 404: 'unknown customer' } },
      async (req: Request<P>, res: Response) => {
        res.json(presentCustomer(await loadCustomer(d, req.params.ws, req.params.id)));
      },
    ),
    def<P>(
      { method: 'patch', path: `${base}/profile`, operationId: 'updateCustomerProfile', summary: 'Edit profile fields (audited; X-Agent-Id names the editing agent)',
        tag: 'agents', auth: 'admin', scope: 'customers:write', body: ProfilePatchBody,
        responses: { 200: { description: 'the customer', schema: CustomerSchema }, 400: 'invalid field(s) or unknown X-Agent-Id', 404: 'unknown customer' } },
      jsonBody(),
      async (req: Request<P>, res: Response) => {
        const { ws, id } = req.params;
        const actor = await resolveActor(d, ws, req.header(AGENT_HEADER));
        const r = await patchProfile(d, { ws, customerId: id, input: req.body, actor, now: deps.now() });
        if (r.changed.length > 0) req.log.info({ customerId: id, fields: r.changed, actor }, 'customer profile edited');
        res.json(presentCustomer(r.customer));
      },
    ),
    def<P & { field: string }>(
      { method: 'delete', path: `${base}/profile/:field`, operationId: 'deleteCustomerProfileField', summary: 'Delete one profile field (audited; the bot asks again on the next connection, PB-3)',
        tag: 'agents', auth: 'admin', scope: 'customers:write',
        responses: { 204: 'deleted (or was not set)', 400: 'unknown field name or X-Agent-Id', 404: 'unknown customer' } },
      async (req: Request<P & { field: string }>, res: Response) => {
        const { ws, id, field } = req.params;
        const actor = await resolveActor(d, ws, req.header(AGENT_HEADER));
        const r = await deleteProfileField(d, { ws, customerId: id, field, actor, now: deps.now() });
        if (r.changed.length > 0) req.log.info({ customerId: id, fields: r.changed, actor }, 'customer profile field deleted');
        res.status(204).end();
      },
    ),
    def<P>(
      { method: 'delete', path: base, operationId: 'eraseCustomer', summary: 'Erase a customer: profile, conversations and messages (an open one is closed first); audited without values',
        tag: 'agents', auth: 'admin', scope: 'customers:write',
        responses: { 204: 'erased', 400: 'unknown X-Agent-Id', 404: 'unknown customer' } },
      async (req: Request<P>, res: Response) => {
        const { ws, id } = req.params;
        const actor = await resolveActor(d, ws, req.header(AGENT_HEADER));
        await eraseCustomer(deps.services, { ws, customerId: id, actor, now: deps.now() });
        req.log.info({ customerId: id, actor }, 'customer erased');
        res.status(204).end();
      },
    ),
    def<P>(
      { method: 'get', path: `${base}/audit`, operationId: 'getCustomerAudit', summary: 'Audit trail of profile edits, oldest first', tag: 'agents', auth: 'admin', scope: 'customers:read',
        responses: { 200: { description: 'every edit, oldest first', schema: CustomerAuditSchema }, 404: 'unknown customer' } },
      async (req: Request<P>, res: Response) => {
        res.json({ items: await profileAuditTrail(d, req.params.ws, req.params.id) });
      },
    ),
  ];
}

// On-call view of inbound events set aside after five failed attempts: list them (no customer
// text) and replay them into their customer's mailbox; their count is a gauge on /metrics.
import { Type, type Static } from '@sinclair/typebox';
import type { Request, Response } from 'express';
import { Gauge } from 'prom-client';
import { decodeCursor, MAX_PAGE } from '../../app/dead-letters.js';
import { createInboundDeadLetters, type InboundDeadFilter, type InboundReplayRequest } from '../../app/inbound-dead-letters.js';
import { ValidationError } from '../../domain/errors.js';
import { RedisInboundDeadLetters } from '../../infra/inbound/inbound-dead-letters.redis.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator } from '../schemas/validator.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Code = Type.String({ minLength: 1, maxLength: 100 });
const Since = Type.String({ format: 'date-time' });

export const InboundDeadLetterQuery = Type.Object(
  {
    channelId: Type.Optional(Id),
    customerId: Type.Optional(Id),
    code: Type.Optional(Code),
    since: Type.Optional(Since),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  },
  { additionalProperties: false },
);

export const InboundReplayBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: MAX_PAGE })),
    all: Type.Optional(Type.Literal(true)),
    channelId: Type.Optional(Id),
    customerId: Type.Optional(Id),
    code: Type.Optional(Code),
    since: Type.Optional(Since),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const validateQuery = createValidator(InboundDeadLetterQuery, 'query');
const validateReplay = createValidator(InboundReplayBody);

function filterOf(q: { channelId?: string; customerId?: string; code?: string; since?: string }): InboundDeadFilter {
  return {
    ...(q.channelId ? { channelId: q.channelId } : {}),
    ...(q.customerId ? { customerId: q.customerId } : {}),
    ...(q.code ? { code: q.code } : {}),
    ...(q.since ? { since: new Date(q.since) } : {}),
  };
}

function replayRequest(body: Static<typeof InboundReplayBody>): InboundReplayRequest {
  const { ids, all, dryRun, ...filter } = body;
  const byFilter = Object.keys(filter).length > 0;
  if (ids && (all || byFilter))
    throw new ValidationError('Replay either by ids or by filter (or all), not both.', [{ path: '/ids', message: 'must not be combined with all or filter fields' }]);
  if (!ids && !all && !byFilter)
    throw new ValidationError('Say what to replay: ids, a filter (channelId, customerId, code, since), or all: true.', [
      { path: '/ids', message: 'is required unless all or a filter field is given' },
    ]);
  return { ...(ids ? { ids } : { filter: filterOf(filter) }), dryRun: dryRun ?? false };
}

export function inboundDeadLetterRoutes(deps: HttpDeps): RouteDef[] {
  const s = deps.services;
  const deadLetters = createInboundDeadLetters({ store: new RedisInboundDeadLetters(s.redis, s.keys), queue: s.queues.inboundPort, channels: s.channels });
  registerGauge(deps, () => deadLetters.count());

  return [
    def(
      { method: 'get', path: '/v1/ops/inbound-dead-letters', operationId: 'listInboundDeadLetters',
        summary: 'Inbound events set aside after five failed attempts, newest first, with channel, customer, attempts and last error (never the text)',
        tag: 'operations', auth: 'admin',
        query: { channelId: 'only this channel', customerId: 'only this customer', code: 'last error code', since: 'failed at or after (ISO time)',
          limit: `1-${MAX_PAGE} (default 50)`, cursor: 'from `next`' },
        responses: { 200: '{items, next?}', 400: 'bad query' } },
      async (req: Request, res: Response) => {
        const q = validateQuery({ ...req.query });
        const limit = Math.min(Number(q.limit ?? 50), MAX_PAGE);
        const cursor = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
        if (cursor === null) throw new ValidationError('The cursor is not one this API gave out.', [{ path: '/cursor', message: 'must be a `next` value' }]);
        res.json(await deadLetters.list(filterOf(q), { limit, ...(cursor ? { cursor } : {}) }));
      },
    ),
    def(
      { method: 'post', path: '/v1/ops/inbound-dead-letters/replay', operationId: 'replayInboundDeadLetters',
        summary: 'Put set-aside inbound events back at the head of their customer’s mailbox, by ids, by filter or all (processed once)',
        tag: 'operations', auth: 'admin', body: InboundReplayBody,
        responses: { 200: '{replayed, skipped, ids, skippedItems, dryRun}', 400: 'invalid body' } },
      jsonBody(),
      async (req: Request, res: Response) => {
        const body = validateReplay(req.body ?? {});
        const r = await deadLetters.replay(replayRequest(body));
        req.log.info({ replayed: r.replayed, skipped: r.skipped, dryRun: r.dryRun }, r.dryRun ? 'inbound dead-letter replay dry run' : 'inbound dead letters replayed');
        res.json(r);
      },
    ),
  ];
}

/** read on scrape; a scrape while Redis is down keeps the last value */
function registerGauge(deps: HttpDeps, count: () => Promise<number>): void {
  const registry = deps.metrics.registry;
  if (registry.getSingleMetric('talkgate_inbound_dead_letters')) return;
  let last = 0;
  new Gauge({
    name: 'talkgate_inbound_dead_letters',
    help: 'Inbound events set aside after repeated failures that wait for a replay',
    registers: [registry],
    async collect() {
      last = await count().catch(() => last);
      this.set(last);
    },
  });
}

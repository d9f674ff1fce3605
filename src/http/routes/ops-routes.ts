// On-call operations: queue counts, the dead-letter view and its replay, the queue UI's login,
// and the queue gauges on /metrics (computed when Prometheus scrapes).
import { Type, type Static } from '@sinclair/typebox';
import type { Request, Response } from 'express';
import { Gauge } from 'prom-client';
import { createDeadLetters, decodeCursor, MAX_PAGE, type DeadLetterFilter } from '../../app/dead-letters.js';
import { ValidationError } from '../../domain/errors.js';
import { RedisInboundDeadLetters } from '../../infra/inbound/inbound-dead-letters.redis.js';
import { createDeadLetterQueue } from '../../infra/queues/dead-letter-queue.bull.js';
import type { HttpDeps } from '../deps.js';
import { jsonBody } from '../middleware/body.js';
import { queueUiLoginRoutes } from '../queue-ui.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator } from '../schemas/validator.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Code = Type.String({ minLength: 1, maxLength: 100 });
const Since = Type.String({ format: 'date-time' });

export const DeadLetterQuery = Type.Object(
  {
    channelId: Type.Optional(Id),
    conversationId: Type.Optional(Id),
    code: Type.Optional(Code),
    since: Type.Optional(Since),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  },
  { additionalProperties: false },
);

export const ReplayBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: MAX_PAGE })),
    channelId: Type.Optional(Id),
    conversationId: Type.Optional(Id),
    code: Type.Optional(Code),
    since: Type.Optional(Since),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const validateQuery = createValidator(DeadLetterQuery, 'query');
const validateReplay = createValidator(ReplayBody);

// BullMQ 6 keeps paused jobs in `waiting` and says `paused` per queue instead
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

function filterOf(q: { channelId?: string; conversationId?: string; code?: string; since?: string }): DeadLetterFilter {
  return {
    ...(q.channelId ? { channelId: q.channelId } : {}),
    ...(q.conversationId ? { conversationId: q.conversationId } : {}),
    ...(q.code ? { code: q.code } : {}),
    ...(q.since ? { since: new Date(q.since) } : {}),
  };
}

function replayRequest(body: Static<typeof ReplayBody>) {
  const { ids, dryRun, ...filter } = body;
  const byFilter = filter.channelId !== undefined || filter.conversationId !== undefined;
  if (ids && Object.keys(filter).length > 0)
    throw new ValidationError('Replay either by ids or by filter, not both.', [{ path: '/ids', message: 'must not be combined with filter fields' }]);
  if (!ids && !byFilter)
    throw new ValidationError('Say what to replay: ids, or a channelId or conversationId filter.', [
      { path: '/ids', message: 'is required unless channelId or conversationId is given' },
    ]);
  return { ...(ids ? { ids } : { filter: filterOf(filter) }), dryRun: dryRun ?? false };
}

export function opsRoutes(deps: HttpDeps): RouteDef[] {
  const s = deps.services;
  const queues = [s.queues.inbound, s.queues.outbound, s.queues.timers, s.webhookQueue.queue];
  const deadLetters = createDeadLetters({
    queue: createDeadLetterQueue(s.redis, s.keys, s.queues.outbound),
    messages: s.messages,
    channels: s.channels,
  });
  const counts = async () =>
    Promise.all(
      queues.map(async (q) => {
        const [c, paused] = await Promise.all([q.getJobCounts(...QUEUE_STATES), q.isPaused()]);
        const counts = Object.fromEntries(QUEUE_STATES.map((st) => [st, c[st] ?? 0])) as Record<(typeof QUEUE_STATES)[number], number>;
        return { name: q.name, paused, counts };
      }),
    );
  registerQueueGauges(deps, counts);
  const inboundDead = new RedisInboundDeadLetters(s.redis, s.keys);

  return [
    def(
      { method: 'get', path: '/v1/ops/queues', operationId: 'listQueues', summary: 'Job counts per queue and state', tag: 'operations', auth: 'admin',
        responses: { 200: '{queues: [{name, paused, counts: {…}}], inboundSetAside (see /v1/ops/inbound-dead-letters), inboundBacklog}' } },
      async (_req: Request, res: Response) => {
        const s = deps.services;
        const [queues, setAside, backlog] = await Promise.all([
          counts(),
          // inbound events that failed five times and were set aside so their mailbox moves on
          inboundDead.count(),
          s.inbox.nonEmpty().then((m) => m.length),
        ]);
        res.json({ queues, inboundSetAside: setAside, inboundBacklog: backlog });
      },
    ),
    def(
      { method: 'get', path: '/v1/ops/dead-letters', operationId: 'listDeadLetters', summary: 'Sends that failed for good, newest first, with the message, target, attempts and last error',
        tag: 'operations', auth: 'admin',
        query: { channelId: 'only this channel', conversationId: 'only this conversation', code: 'last error code (http_401, 01 …)',
          since: 'failed at or after (ISO time)', limit: `1-${MAX_PAGE} (default 50)`, cursor: 'from `next`' },
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
      { method: 'post', path: '/v1/ops/dead-letters/replay', operationId: 'replayDeadLetters', summary: 'Re-send dead letters by ids or by filter (attempts reset, order kept per conversation)',
        tag: 'operations', auth: 'admin', body: ReplayBody,
        responses: { 200: '{replayed, skipped, ids, skippedItems, dryRun}', 400: 'invalid body' } },
      jsonBody(),
      async (req: Request, res: Response) => {
        const body = validateReplay(req.body ?? {});
        const r = await deadLetters.replay(replayRequest(body));
        req.log.info({ replayed: r.replayed, skipped: r.skipped, dryRun: r.dryRun }, r.dryRun ? 'dead-letter replay dry run' : 'dead letters replayed');
        res.json(r);
      },
    ),
    ...queueUiLoginRoutes(deps),
  ];
}

type CountFn = () => Promise<{ name: string; paused: boolean; counts: Record<string, number> }[]>;

/** gauges read on scrape; a scrape while Redis is down keeps the last values */
function registerQueueGauges(deps: HttpDeps, counts: CountFn): void {
  const registry = deps.metrics.registry;
  if (registry.getSingleMetric('talkgate_queue_jobs')) return;
  let last: Awaited<ReturnType<CountFn>> = [];
  let reading: Promise<typeof last> | null = null;
  // prom-client collects all metrics at once: both queue gauges share one reading per scrape
  const read = (): Promise<typeof last> =>
    (reading ??= counts()
      .then((c) => (last = c))
      .catch(() => last)
      .finally(() => (reading = null)));
  new Gauge({
    name: 'talkgate_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const q of await read()) for (const [state, n] of Object.entries(q.counts)) this.set({ queue: q.name, state }, n);
    },
  });
  new Gauge({
    name: 'talkgate_dead_letters',
    help: 'Outbound sends that failed for good and wait for a replay',
    registers: [registry],
    async collect() {
      this.set((await read()).find((q) => q.name === 'outbound')?.counts['failed'] ?? 0);
    },
  });
  new Gauge({
    name: 'talkgate_sse_connections',
    help: 'Open web chat event streams on this process',
    registers: [registry],
    collect() {
      this.set(deps.services.streams.connections());
    },
  });
}

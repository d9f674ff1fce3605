// Reports for managers. FRT (PB-23): first agent message − conversation created, over the
// conversations created in [from, to), whatever their status now. Time spent held for the
// profile is part of it on purpose; conversations nobody has answered yet are counted apart
// (`unanswered`) instead of being left out silently.
import type { Request, Response } from 'express';
import { Type } from '@sinclair/typebox';
import { ValidationError } from '../../domain/errors.js';
import { summariseFrt, type FrtStats } from '../../domain/frt.js';
import { RedisConversationReports, type ReportSample } from '../../infra/stores/conversation-reports.redis.js';
import type { HttpDeps } from '../deps.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator } from '../schemas/validator.js';
import { requireWorkspace } from './workspace-routes.js';

const ISO_8601 = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';
const FrtQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ pattern: ISO_8601 })),
    to: Type.Optional(Type.String({ pattern: ISO_8601 })),
    channelId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
const validateQuery = createValidator(FrtQuery, 'query');
const DEFAULT_RANGE_MS = 7 * 24 * 3600 * 1000;

type ChannelReport = FrtStats & { channelId: string; unanswered: number };

export interface FrtReport extends FrtStats {
  unanswered: number;
  byChannel: ChannelReport[];
}

function parseTime(v: string, path: string): number {
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new ValidationError('The query is invalid; fix the fields listed in details.', [{ path, message: 'must be a real ISO-8601 time, e.g. 2026-03-01T00:00:00Z' }]);
  return ms;
}

/** FRT statistics overall and per channel; a channel with only unanswered conversations is listed too. */
export function frtReport(samples: readonly ReportSample[]): FrtReport {
  const summary = summariseFrt(samples);
  const unansweredBy = new Map<string, number>();
  for (const s of samples) if (s.firstResponseAt === null) unansweredBy.set(s.channelId, (unansweredBy.get(s.channelId) ?? 0) + 1);
  const byChannel: ChannelReport[] = summary.byChannel.map((c) => ({ ...c, unanswered: unansweredBy.get(c.channelId) ?? 0 }));
  for (const [channelId, unanswered] of unansweredBy) {
    if (!byChannel.some((c) => c.channelId === channelId)) byChannel.push({ channelId, count: 0, medianSeconds: null, p90Seconds: null, unanswered });
  }
  byChannel.sort((a, b) => (a.channelId < b.channelId ? -1 : a.channelId > b.channelId ? 1 : 0));
  const unanswered = [...unansweredBy.values()].reduce((a, b) => a + b, 0);
  return { count: summary.count, medianSeconds: summary.medianSeconds, p90Seconds: summary.p90Seconds, unanswered, byChannel };
}

export function reportRoutes(deps: HttpDeps): RouteDef[] {
  const reports = new RedisConversationReports(deps.services.redis, deps.services.keys);
  return [
    def<{ ws: string }>(
      { method: 'get', path: '/v1/workspaces/:ws/reports/frt', operationId: 'getFrtReport', summary: 'First response time (PB-23) over conversations created in [from, to)',
        tag: 'agents', auth: 'admin', scope: 'reports:read',
        query: { from: 'ISO-8601, inclusive (default: to − 7 days)', to: 'ISO-8601, exclusive (default: now)', channelId: 'only this channel' },
        responses: { 200: '{count, medianSeconds, p90Seconds, unanswered, byChannel: [{channelId, count, medianSeconds, p90Seconds, unanswered}], from, to}', 400: 'bad range', 404: 'unknown workspace' } },
      async (req: Request<{ ws: string }>, res: Response) => {
        const q = validateQuery({ ...req.query });
        const toMs = q.to !== undefined ? parseTime(q.to, '/to') : deps.now().getTime();
        const fromMs = q.from !== undefined ? parseTime(q.from, '/from') : toMs - DEFAULT_RANGE_MS;
        if (toMs <= fromMs) {
          throw new ValidationError('The range is empty; `to` must be later than `from`.', [{ path: '/to', message: 'must be later than from' }], 'invalid_range');
        }
        await requireWorkspace(deps, req.params.ws);
        const samples = await reports.frtSamples({
          workspaceId: req.params.ws,
          fromMs,
          toMs,
          ...(q.channelId !== undefined ? { channelId: q.channelId } : {}),
        });
        res.json({
          ...frtReport(samples),
          from: new Date(fromMs).toISOString(),
          to: new Date(toMs).toISOString(),
          ...(q.channelId !== undefined ? { channelId: q.channelId } : {}),
        });
      },
    ),
  ];
}

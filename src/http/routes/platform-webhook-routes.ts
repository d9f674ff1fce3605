// Platform webhooks, one set per adapter (WebhookSpec): authenticate → parse → record durably →
// the adapter's answer. The routes live at /webhooks/<type>/:channelId plus the adapter's paths.
import type { Response } from 'express';
import type { ChannelAdapter, InboundRequest, WebhookAnswer, WebhookRoute } from '../../domain/adapter-port.js';
import type { ChannelRecord, ChannelType } from '../../domain/channel.js';
import { AppError, NotFoundError } from '../../domain/errors.js';
import { replyPorts } from '../../app/claim-replies.js';
import { recordInbound } from '../../app/record-inbound.js';
import type { HttpDeps } from '../deps.js';
import { toInboundRequest } from '../inbound-request.js';
import { jsonBody } from '../middleware/body.js';
import { def, type RouteDef } from '../route-def.js';

type Params = { channelId: string };

export async function loadChannel(deps: HttpDeps, type: ChannelType, id: string): Promise<ChannelRecord> {
  const ch = await deps.services.channels.get(id, { cached: true });
  if (!ch || ch.type !== type) {
    deps.metrics.webhooks.inc({ channel: type, outcome: 'unknown_channel' });
    throw new NotFoundError(`Channel ${id}`, 'channel_not_found');
  }
  return ch;
}

/** authenticate + parse, counting refusals by reason */
function accept(deps: HttpDeps, adapter: ChannelAdapter, channel: ChannelRecord, ireq: InboundRequest) {
  const type = adapter.type;
  try {
    adapter.authenticate(ireq, channel);
  } catch (err) {
    deps.metrics.webhooks.inc({ channel: type, outcome: err instanceof AppError && err.status === 403 ? 'forbidden' : 'unauthorized' });
    throw err;
  }
  try {
    return adapter.parseInbound(ireq, channel);
  } catch (err) {
    deps.metrics.webhooks.inc({ channel: type, outcome: err instanceof AppError ? 'invalid' : 'error' });
    throw err;
  }
}

/** what one webhook call answers, and the fields of its access-log line */
export interface WebhookResult {
  answer: WebhookAnswer;
  log?: { channelId: string; events: string[] };
}

/** one platform webhook route: express serves it at `path`; the fast path (fast-webhooks.ts) calls `handle` */
export interface WebhookEndpoint {
  type: ChannelType;
  /** '' or the adapter's sub-path, e.g. '/message' */
  subPath: string;
  /** the express path, also the route label of metrics and the access log */
  path: string;
  /**
   * `request(receivedAt)` builds the adapter's InboundRequest once the channel is known;
   * `setHeader` adds a response header that an error answer carries too (web chat's CORS)
   */
  handle(channelId: string, request: (receivedAt: Date) => InboundRequest, setHeader: (name: string, value: string) => void): Promise<WebhookResult>;
}

/** authenticate → parse → record durably → the adapter's answer */
export function webhookEndpoint(deps: HttpDeps, adapter: ChannelAdapter, route: WebhookRoute): WebhookEndpoint {
  const s = deps.services;
  const record = { inbox: s.inbox, queue: s.inboundDrain, log: deps.log };
  const ports = replyPorts({
    waitForEvent: (id, ms) => s.eventWaiters.wait(id, ms),
    messages: s.messages,
    outbound: s.queues.outboundPort,
    now: deps.now,
  });
  const type = adapter.type;
  return {
    type,
    subPath: route.path,
    path: `/webhooks/${type}/:channelId${route.path}`,
    async handle(channelId, request) {
      const started = Date.now();
      const channel = await loadChannel(deps, type, channelId);
      const ireq = request(deps.now());
      const events = accept(deps, adapter, channel, ireq);
      const recorded = await recordInbound(record, channel, events, ireq.receivedAt);
      if (recorded.length > 0) deps.metrics.webhooks.inc({ channel: type, outcome: 'recorded' }, recorded.length);
      else deps.metrics.webhooks.inc({ channel: type, outcome: 'ignored' });
      const eventIds = recorded.map((r) => r.eventId);
      const budgetMs = adapter.webhooks.repliesInAnswer ? Math.max(0, deps.kakaoSyncWaitMs - (Date.now() - started)) : 0;
      const answer = await route.answer({ channel, events, eventIds, budgetMs }, ports);
      // one log line per webhook: the access line carries the channel and the recorded event ids
      return { answer, log: { channelId: channel.id, events: eventIds } };
    },
  };
}

export function platformWebhookEndpoints(deps: HttpDeps): WebhookEndpoint[] {
  return deps.services.adapters.all().flatMap((adapter) => adapter.webhooks.routes.map((r) => webhookEndpoint(deps, adapter, r)));
}

function webhookRoute(deps: HttpDeps, adapter: ChannelAdapter, route: WebhookRoute): RouteDef {
  const endpoint = webhookEndpoint(deps, adapter, route);
  return def<Params>(
    { method: 'post', path: endpoint.path, operationId: route.operationId, summary: route.summary, tag: 'platforms', auth: 'platform',
      responses: route.responses },
    jsonBody(),
    async (req, res: Response) => {
      const r = await endpoint.handle(req.params.channelId, (at) => toInboundRequest(req, at, route.path), (n, v) => res.setHeader(n, v));
      res.locals['log'] = r.log;
      res.status(r.answer.status).json(r.answer.body);
    },
  );
}

export function platformWebhookRoutes(deps: HttpDeps): RouteDef[] {
  return deps.services.adapters.all().flatMap((adapter) => adapter.webhooks.routes.map((r) => webhookRoute(deps, adapter, r)));
}

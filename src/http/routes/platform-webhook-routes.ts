// Platform webhooks, one set per adapter (WebhookSpec): authenticate → parse → record durably →
// the adapter's answer. The routes live at /webhooks/<type>/:channelId plus the adapter's paths.
import type { Request, Response } from 'express';
import type { ChannelAdapter, WebhookRoute } from '../../domain/adapter-port.js';
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
function accept(deps: HttpDeps, adapter: ChannelAdapter, route: WebhookRoute, channel: ChannelRecord, req: Request) {
  const ireq = toInboundRequest(req, deps.now(), route.path);
  const type = adapter.type;
  try {
    adapter.authenticate(ireq, channel);
  } catch (err) {
    deps.metrics.webhooks.inc({ channel: type, outcome: err instanceof AppError && err.status === 403 ? 'forbidden' : 'unauthorized' });
    throw err;
  }
  try {
    return { ireq, events: adapter.parseInbound(ireq, channel) };
  } catch (err) {
    deps.metrics.webhooks.inc({ channel: type, outcome: err instanceof AppError ? 'invalid' : 'error' });
    throw err;
  }
}

function webhookRoute(deps: HttpDeps, adapter: ChannelAdapter, route: WebhookRoute): RouteDef {
  const s = deps.services;
  const record = { inbox: s.inbox, queue: s.queues.inboundPort, log: deps.log };
  const ports = replyPorts({
    waitForEvent: (id, ms) => s.eventWaiters.wait(id, ms),
    messages: s.messages,
    outbound: s.queues.outboundPort,
    now: deps.now,
  });
  const type = adapter.type;
  return def<Params>(
    { method: 'post', path: `/webhooks/${type}/:channelId${route.path}`, operationId: route.operationId, summary: route.summary, tag: 'platforms', auth: 'platform',
      responses: route.responses },
    jsonBody(),
    async (req, res: Response) => {
      const started = Date.now();
      const channel = await loadChannel(deps, type, req.params.channelId);
      const { ireq, events } = accept(deps, adapter, route, channel, req);
      const recorded = await recordInbound(record, channel, events, ireq.receivedAt);
      if (recorded.length > 0) deps.metrics.webhooks.inc({ channel: type, outcome: 'recorded' }, recorded.length);
      else deps.metrics.webhooks.inc({ channel: type, outcome: 'ignored' });
      // one log line per webhook: the access line carries the channel and the recorded event ids
      res.locals['log'] = { channelId: channel.id, events: recorded.map((r) => r.eventId) };
      const budgetMs = adapter.webhooks.repliesInAnswer ? Math.max(0, deps.kakaoSyncWaitMs - (Date.now() - started)) : 0;
      const answer = await route.answer({ channel, events, eventIds: recorded.map((r) => r.eventId), budgetMs }, ports);
      res.status(answer.status).json(answer.body);
    },
  );
}

export function platformWebhookRoutes(deps: HttpDeps): RouteDef[] {
  return deps.services.adapters.all().flatMap((adapter) => adapter.webhooks.routes.map((r) => webhookRoute(deps, adapter, r)));
}

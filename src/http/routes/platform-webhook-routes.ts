// Kakao and Naver TalkTalk webhooks: authenticate → parse → record durably → answer.
// Kakao gets its SkillResponse synchronously (bounded wait); TalkTalk gets 200 at once.
import type { Request, Response } from 'express';
import type { ChannelRecord, ChannelType } from '../../domain/channel.js';
import { AppError, NotFoundError } from '../../domain/errors.js';
import { kakaoSyncAnswer } from '../../app/kakao-sync-answer.js';
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
function accept(deps: HttpDeps, type: ChannelType, channel: ChannelRecord, req: Request) {
  const ireq = toInboundRequest(req, deps.now());
  const adapter = deps.services.adapters.get(type);
  try {
    adapter.authenticate(ireq, channel);
  } catch (err) {
    deps.metrics.webhooks.inc({ channel: type, outcome: 'unauthorized' });
    throw err;
  }
  try {
    return { ireq, events: adapter.parseInbound(ireq, channel) };
  } catch (err) {
    deps.metrics.webhooks.inc({ channel: type, outcome: err instanceof AppError ? 'invalid' : 'error' });
    throw err;
  }
}

export function platformWebhookRoutes(deps: HttpDeps): RouteDef[] {
  const s = deps.services;
  const record = { inbox: s.inbox, queue: s.queues.inboundPort, log: deps.log };
  return [
    def<Params>(
      { method: 'post', path: '/webhooks/kakao/:channelId', operationId: 'receiveKakaoSkill', summary: 'Kakao skill request; answers a SkillResponse within 4.5 s',
        tag: 'platforms', auth: 'platform', responses: { 200: 'SkillResponse (version 2.0)', 401: 'bad key', 404: 'unknown channel', 503: 'storage down' } },
      jsonBody(),
      async (req, res: Response) => {
        const started = Date.now();
        const channel = await loadChannel(deps, 'kakao', req.params.channelId);
        const { ireq, events } = accept(deps, 'kakao', channel, req);
        const recorded = await recordInbound(record, channel, events, ireq.receivedAt);
        deps.metrics.webhooks.inc({ channel: 'kakao', outcome: 'recorded' }, recorded.length);
        // one log line per webhook: the access line carries the channel and the recorded event ids
        res.locals['log'] = { channelId: channel.id, events: recorded.map((r) => r.eventId) };
        const last = recorded.at(-1) ?? null;
        const hasCallback = events.some((e) => e.replyContext?.kakaoCallbackUrl);
        const budget = Math.max(0, deps.kakaoSyncWaitMs - (Date.now() - started));
        let answer;
        try {
          answer = await kakaoSyncAnswer(
            { waitForEvent: (id, ms) => s.eventWaiters.wait(id, ms), messages: s.messages, outbound: s.queues.outboundPort, now: deps.now },
            channel,
            last?.eventId ?? null,
            hasCallback,
            budget,
          );
        } catch (err) {
          // the event is recorded: Kakao must not see a 5xx now; the replies go asynchronously
          req.log.warn({ err: (err as Error).message }, 'kakao synchronous answer failed; replying later');
          answer = { version: '2.0', template: { outputs: [{ simpleText: { text: channel.ackText ?? '메시지가 전달되었습니다.' } }] } };
        }
        res.json(answer);
      },
    ),
    def<Params>(
      { method: 'post', path: '/webhooks/naver/:channelId', operationId: 'receiveNaverEvent', summary: 'Naver TalkTalk event; recorded, then 200 at once',
        tag: 'platforms', auth: 'platform', responses: { 200: 'recorded (or ignored event)', 401: 'bad key', 404: 'unknown channel', 503: 'storage down' } },
      jsonBody(),
      async (req, res: Response) => {
        const channel = await loadChannel(deps, 'naver', req.params.channelId);
        const { ireq, events } = accept(deps, 'naver', channel, req);
        const recorded = await recordInbound(record, channel, events, ireq.receivedAt);
        deps.metrics.webhooks.inc({ channel: 'naver', outcome: recorded.length ? 'recorded' : 'ignored' });
        // one log line per webhook: the access line carries the channel and the recorded event ids
        res.locals['log'] = { channelId: channel.id, events: recorded.map((r) => r.eventId) };
        res.status(200).type('application/json;charset=UTF-8').send('{}');
      },
    ),
  ];
}

// Kakao's skill webhook: Kakao waits at most 5 s for the answer in the same HTTP response. The
// answer waits (bounded) for the worker to process the recorded event, then carries the replies
// it produced, claimed so the queue does not send them again. What is not ready or does not fit
// (3 outputs) leaves asynchronously: callbackUrl while valid, else the Event API.
import type { WebhookAnswer, WebhookContext, WebhookReplyPorts, WebhookSpec } from '../../src/domain/adapter-port.js';
import { KAKAO_MAX } from './render-outbound.js';
import { DEFAULT_KAKAO_ACK_TEXT, renderSkillResponse, skillAck, useCallbackResponse } from './skill-response.js';

async function syncAnswer(ctx: WebhookContext, ports: WebhookReplyPorts): Promise<WebhookAnswer> {
  const hasCallback = ctx.events.some((e) => e.replyContext?.kakaoCallbackUrl);
  const last = ctx.eventIds.at(-1);
  const claimed = last ? await ports.claimReplies(last, KAKAO_MAX.outputs, ctx.budgetMs) : [];
  if (claimed === null || (claimed.length === 0 && hasCallback)) {
    return { status: 200, body: hasCallback ? useCallbackResponse() : renderSkillResponse([], ctx.channel).response };
  }
  return { status: 200, body: renderSkillResponse(claimed, ctx.channel).response };
}

export const KAKAO_WEBHOOKS: WebhookSpec = {
  keyInUrl: true,
  repliesInAnswer: true,
  routes: [
    {
      path: '',
      operationId: 'receiveKakaoSkill',
      summary: 'Kakao skill request; answers a SkillResponse within 4.5 s',
      responses: { 200: 'SkillResponse (version 2.0)', 401: 'bad key', 404: 'unknown channel', 503: 'storage down' },
      answer: async (ctx, ports) => {
        try {
          return await syncAnswer(ctx, ports);
        } catch {
          // the event is recorded: Kakao must not see a 5xx now; the replies go asynchronously
          return { status: 200, body: skillAck(ctx.channel.ackText ?? DEFAULT_KAKAO_ACK_TEXT) };
        }
      },
    },
  ],
};

// Kakao waits at most 5 s for the skill's answer in the same HTTP response. The webhook waits
// (bounded) for the worker to process the recorded event, then answers with the replies it
// produced, claiming them so the queue does not send them again. Whatever is not ready or does
// not fit (3 outputs) leaves asynchronously: callbackUrl while valid, else the Event API.
import { renderSkillResponse, useCallbackResponse, type KakaoSkillResponse, type KakaoUseCallbackResponse } from '../../adapters/kakao/index.js';
import type { ChannelRecord } from '../domain/channel.js';
import type { OutboundMessage } from '../domain/outbound-message.js';
import type { RedisMessageStore } from '../infra/stores/message-store.redis.js';
import type { InboundResult } from './handle-inbound.js';
import type { OutboundQueue } from './ports.js';

export interface KakaoSyncDeps {
  /** resolves with the stored result as soon as the worker finished the event, or null at the timeout */
  waitForEvent(eventId: string, timeoutMs: number): Promise<string | null>;
  messages: RedisMessageStore;
  outbound: OutboundQueue;
  now(): Date;
}

const MAX_OUTPUTS = 3;

async function waitForResult(d: KakaoSyncDeps, eventId: string, waitMs: number): Promise<InboundResult | null> {
  const raw = await d.waitForEvent(eventId, waitMs);
  return raw ? (JSON.parse(raw) as InboundResult) : null;
}

export async function kakaoSyncAnswer(
  d: KakaoSyncDeps,
  channel: ChannelRecord,
  eventId: string | null,
  hasCallback: boolean,
  waitMs: number,
): Promise<KakaoSkillResponse | KakaoUseCallbackResponse> {
  const result = eventId ? await waitForResult(d, eventId, waitMs) : { outboundIds: [], conversationId: null };
  if (!result) return hasCallback ? useCallbackResponse() : renderSkillResponse([], channel).response;
  const claimed: OutboundMessage[] = [];
  for (const id of result.outboundIds.slice(0, MAX_OUTPUTS)) {
    const rec = await d.messages.getOutbound(id);
    if (!rec || !(await d.messages.claimForSync(id, rec.conversationId, d.now(), rec.workspaceId ?? channel.workspaceId))) break;
    claimed.push(rec.content);
  }
  // the next queued reply may go now instead of waiting out its hold
  const next = result.outboundIds[claimed.length];
  if (next) await d.outbound.promote(next);
  if (claimed.length === 0 && hasCallback) return useCallbackResponse();
  return renderSkillResponse(claimed, channel).response;
}

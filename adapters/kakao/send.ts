// Asynchronous delivery: the request's callbackUrl while it is valid and unused, else the Event API.
import type { DeliveryReceipt, SendPorts, SendTarget } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { ChannelSendError } from '../../src/domain/errors.js';
import { KAKAO_DEFAULT_API_BASE_URL, postKakaoJson, type KakaoHttpReply } from './client.js';
import { asKakaoChannel, type KakaoChannel } from './kakao-channel.js';
import { skillResponse } from './skill-response.js';
import { KAKAO_USER_ID_TYPES, type KakaoEventApiRequest, type KakaoPayload, type KakaoTaskReply, type KakaoUserIdType } from './wire-types.js';

export interface KakaoSendOptions {
  timeoutMs: number;
  now: () => number;
}

/** Longer than the callback's 1-minute life, so a claim outlives the URL it guards. */
const CALLBACK_CLAIM_TTL_MS = 70_000;

function taskReply(data: unknown): KakaoTaskReply {
  if (typeof data !== 'object' || data === null) return {};
  const d = data as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return { taskId: str(d['taskId']), status: str(d['status']), message: str(d['message']) };
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | undefined, now: number): number | null {
  if (header === undefined || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function tryCallback(payload: KakaoPayload, target: SendTarget, ports: SendPorts, opts: KakaoSendOptions) {
  const url = target.replyContext?.kakaoCallbackUrl;
  const expiresAt = Date.parse(target.replyContext?.kakaoCallbackExpiresAt ?? '');
  if (url === undefined || Number.isNaN(expiresAt) || expiresAt <= opts.now()) return null;
  if (!(await ports.claimOnce(`kakao-callback:${url}`, CALLBACK_CLAIM_TTL_MS))) return null;
  try {
    const reply = await postKakaoJson(url, skillResponse(payload.outputs), { timeoutMs: opts.timeoutMs });
    const { taskId, status } = taskReply(reply.data);
    if (reply.status >= 200 && reply.status < 300 && status === 'SUCCESS') {
      return { platformMessageId: taskId ?? null, via: 'callback' };
    }
  } catch {
    // No answer from the callback: the URL is spent either way, so the Event API is the only route left.
  }
  return null;
}

function eventApiUrl(channel: KakaoChannel, botId: string): string {
  const base = (channel.apiBaseUrl ?? KAKAO_DEFAULT_API_BASE_URL).replace(/\/+$/, '');
  return `${base}/v2/bots/${encodeURIComponent(botId)}/talk`;
}

function classifyEventApi(reply: KakaoHttpReply, now: number): DeliveryReceipt {
  const { taskId, status, message } = taskReply(reply.data);
  const code = status ?? null;
  if (reply.status >= 200 && reply.status < 300) {
    if (taskId !== undefined) return { platformMessageId: taskId, via: 'event-api' };
    throw new ChannelSendError(`kakao event api answered ${reply.status} without a taskId`, true, reply.status, code);
  }
  const detail = `kakao event api answered ${reply.status}${message ? `: ${message}` : ''}`;
  if (reply.status === 429) {
    throw new ChannelSendError(detail, true, 429, code, retryAfterMs(reply.retryAfter, now));
  }
  const retryable = reply.status >= 500 || reply.status === 408;
  throw new ChannelSendError(detail, retryable, reply.status, code);
}

/** Customers stored before the id type was recorded were all addressed as plusfriendUserKey. */
function userIdType(target: SendTarget): KakaoUserIdType {
  return KAKAO_USER_ID_TYPES.find((t) => t === target.channelUserIdType) ?? 'plusfriendUserKey';
}

async function sendEventApi(payload: KakaoPayload, target: SendTarget, channel: KakaoChannel, opts: KakaoSendOptions) {
  const { botId, restApiKey, eventName } = channel.credentials;
  if (botId === undefined || botId === '') {
    throw new ChannelSendError(
      `channel ${channel.id} has no botId; the Kakao Event API needs credentials.botId for asynchronous sends`,
      false,
      null,
      'missing_bot_id',
    );
  }
  const body: KakaoEventApiRequest = {
    event: { name: eventName, data: { text: payload.eventText } },
    user: [{ type: userIdType(target), id: target.channelUserId }],
  };
  const reply = await postKakaoJson(eventApiUrl(channel, botId), body, {
    timeoutMs: opts.timeoutMs,
    authorization: `KakaoAK ${restApiKey}`,
  });
  return classifyEventApi(reply, opts.now());
}

export async function sendKakao(
  payload: KakaoPayload,
  target: SendTarget,
  record: ChannelRecord,
  ports: SendPorts,
  opts: KakaoSendOptions,
): Promise<DeliveryReceipt> {
  const channel = asKakaoChannel(record);
  const viaCallback = await tryCallback(payload, target, ports, opts);
  if (viaCallback !== null) return viaCallback;
  return sendEventApi(payload, target, channel, opts);
}

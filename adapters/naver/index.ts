// Naver TalkTalk chatbot API adapter (channels.md "Naver TalkTalk"; quirks in README.md).
import type { ChannelAdapter, DeliveryReceipt, SendPorts, SendTarget } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { ChannelSendError } from '../../src/domain/errors.js';
import { authenticateNaver } from './authenticate.js';
import { asNaverChannel, NAVER_CREDENTIALS } from './credentials.js';
import { createNaverClient, NAVER_DEFAULT_API_BASE_URL, type NaverClient } from './client.js';
import { withImageIds } from './image-ids.js';
import { parseNaverInbound } from './parse-inbound.js';
import { NAVER_PREVIEW } from './preview.js';
import { NAVER_LIMITS, renderNaverOutbound } from './render-outbound.js';
import { NAVER_WEBHOOKS } from './webhook.js';
import type { NaverPayload, NaverSendBody } from './wire-types.js';

export type { NaverPayload } from './wire-types.js';
export { NAVER_LIMITS } from './render-outbound.js';
export { NaverCredentialsSchema, type NaverChannel, type NaverCredentials } from './credentials.js';

export interface NaverAdapterOptions {
  /** per-request timeout of the send and image-upload calls (default 5 s) */
  timeoutMs?: number;
}

export function createNaverAdapter(options: NaverAdapterOptions = {}): ChannelAdapter<NaverPayload> {
  const client = createNaverClient(options);
  return {
    type: 'naver',
    // TalkTalk may block a sender above ~30 requests in 3 s; the worker enforces this window.
    limits: { text: NAVER_LIMITS.text, rateLimit: { max: 25, windowMs: 3_000 } },
    credentials: NAVER_CREDENTIALS,
    webhooks: NAVER_WEBHOOKS,
    preview: NAVER_PREVIEW,
    authenticate: authenticateNaver,
    parseInbound: parseNaverInbound,
    renderOutbound: renderNaverOutbound,
    send: (payload, target, channel, ports) => sendNaver(client, payload, target, channel, ports),
  };
}

async function sendNaver(
  client: NaverClient,
  payload: NaverPayload,
  target: SendTarget,
  channel: ChannelRecord,
  ports: SendPorts,
): Promise<DeliveryReceipt> {
  if (channel.type !== 'naver') {
    throw new ChannelSendError(`A ${channel.type} channel was handed to the naver adapter.`, false);
  }
  const baseUrl = channel.apiBaseUrl ?? NAVER_DEFAULT_API_BASE_URL;
  const { authorizationKey } = asNaverChannel(channel).credentials;
  const resolved = await withImageIds(payload, { channelId: channel.id, baseUrl, authorizationKey, client, ports });
  await client.postEvent(baseUrl, authorizationKey, toSendBody(resolved, target.channelUserId));
  // TalkTalk returns no message id.
  return { platformMessageId: null, via: 'send-api' };
}

/** `user` goes right after `event`, as in TalkTalk's own examples. */
export function toSendBody(payload: NaverPayload, user: string): NaverSendBody {
  const { event, ...content } = payload;
  return { event, user, ...content };
}

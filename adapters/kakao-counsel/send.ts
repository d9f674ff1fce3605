// One outbound message = one or more relay sends, in order. Each send's serial_number derives
// from our message id, so a retry repeats it and the relay answers -504 for what already went.
import type { DeliveryReceipt, SendPorts, SendTarget } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { ChannelSendError } from '../../src/domain/errors.js';
import type { RelayAuth, RelayClient } from './client.js';
import { asCounselChannel, type CounselChannel } from './credentials.js';
import { outboundSerial } from './serial-number.js';
import type { CounselPayload, CounselSendBody } from './wire-types.js';

/** Kakao keeps uploaded images for a long time; a day of reuse spares most uploads */
const UPLOAD_CACHE_SECONDS = 24 * 3600;

export function relayAuth(channel: CounselChannel): RelayAuth {
  if (!channel.apiBaseUrl) {
    throw new ChannelSendError(`channel ${channel.id} has no apiBaseUrl; set the dealer's API address on the channel`, false);
  }
  return { baseUrl: channel.apiBaseUrl, clientId: channel.credentials.clientId, clientSecret: channel.credentials.clientSecret };
}

/** Kakao sends only images on its own servers: upload once per image and channel, then reuse. */
async function kakaoImageUrl(client: RelayClient, auth: RelayAuth, channel: CounselChannel, source: string, ports: SendPorts): Promise<string> {
  const key = `kakao-counsel:image:${channel.id}:${source}`;
  const cached = await ports.cacheGet(key);
  if (cached) return cached;
  const image = await client.fetchImage(source);
  const url = await client.uploadImage(auth, channel.credentials.senderKey, image);
  await ports.cacheSet(key, url, UPLOAD_CACHE_SECONDS);
  return url;
}

export async function sendCounsel(
  client: RelayClient,
  payload: CounselPayload,
  target: SendTarget,
  record: ChannelRecord,
  ports: SendPorts,
): Promise<DeliveryReceipt> {
  const channel = asCounselChannel(record);
  const auth = relayAuth(channel);
  const serials: string[] = [];
  for (const [i, part] of payload.entries()) {
    const common = {
      user_key: target.channelUserId,
      sender_key: channel.credentials.senderKey,
      serial_number: outboundSerial(target.messageId, i, payload.length),
    };
    const body: CounselSendBody =
      part.chat_bubble_type === 'TEXT'
        ? { ...common, chat_bubble_type: 'TEXT', message: part.message, ...(part.attachment ? { attachment: part.attachment } : {}) }
        : { ...common, chat_bubble_type: 'IMAGE', attachment: { image: { img_url: await kakaoImageUrl(client, auth, channel, part.image, ports) } } };
    await client.sendPlain(auth, body);
    serials.push(common.serial_number);
  }
  return { platformMessageId: serials.at(-1) ?? null, via: 'send-api' };
}

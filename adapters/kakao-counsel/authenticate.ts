// The relay presents HT-Client-Id and HT-Client-Secret (the channel's own credentials) on every
// POST; the body names the sender profile, which must be this channel's.
import type { InboundRequest } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { AuthError, ForbiddenError } from '../../src/domain/errors.js';
import { safeEqual } from '../../src/domain/safe-equal.js';
import { asCounselChannel } from './credentials.js';

export const CLIENT_ID_HEADER = 'ht-client-id';
export const CLIENT_SECRET_HEADER = 'ht-client-secret';

export function authenticateCounsel(req: InboundRequest, record: ChannelRecord): void {
  const { clientId, clientSecret, senderKey } = asCounselChannel(record).credentials;
  const id = req.headers[CLIENT_ID_HEADER] ?? '';
  const secret = req.headers[CLIENT_SECRET_HEADER] ?? '';
  // both compared, always, so the answer time does not tell which one was wrong
  const idOk = safeEqual(id, clientId);
  const secretOk = safeEqual(secret, clientSecret);
  if (!idOk || !secretOk) {
    throw new AuthError("Send the channel's clientId and clientSecret as the HT-Client-Id and HT-Client-Secret headers.");
  }
  const body = req.body;
  const sender = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['sender_key'] : undefined;
  if (typeof sender === 'string' && !safeEqual(sender, senderKey)) {
    throw new ForbiddenError("The sender_key is not this channel's senderKey; send this sender profile's events to its own channel URL.", 'sender_key_mismatch');
  }
}

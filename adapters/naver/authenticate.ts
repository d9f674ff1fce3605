// TalkTalk neither signs webhooks nor sends a custom header, so the channel secret travels in
// the registered URL's `?key=`; the optional allow list pins the source network
// (TalkTalk documents 117.52.141.192/27 for partners behind an ACL).
import type { InboundRequest } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { AuthError } from '../../src/domain/errors.js';
import { safeEqual } from '../../src/domain/safe-equal.js';
import { addressInCidrs } from './cidr-match.js';

export function authenticateNaver(req: InboundRequest, channel: ChannelRecord): void {
  const key = req.query['key'];
  if (key === undefined || channel.webhookKey === '' || !safeEqual(key, channel.webhookKey)) {
    throw new AuthError('Send the channel key as ?key= in the webhook URL registered with TalkTalk.');
  }
  const cidrs = channel.allowCidrs ?? [];
  if (cidrs.length > 0 && !addressInCidrs(req.remoteAddress, cidrs)) {
    throw new AuthError('This source address is not in the channel allow list.', 'address_not_allowed');
  }
}

import type { ChannelRecord } from '../../src/domain/channel.js';
import type { KakaoCredentials } from './credentials.js';

export type KakaoChannel = ChannelRecord<KakaoCredentials>;

// The registry routes by channel type, so a non-Kakao record here is a wiring bug, not bad input.
export function asKakaoChannel(channel: ChannelRecord): KakaoChannel {
  if (channel.type !== 'kakao') {
    throw new Error(`kakao adapter called with a ${channel.type} channel (${channel.id})`);
  }
  return channel as KakaoChannel;
}

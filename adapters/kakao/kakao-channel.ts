import type { ChannelOf, ChannelRecord } from '../../src/domain/channel.js';

export type KakaoChannel = ChannelOf<'kakao'>;

// The registry routes by channel type, so a non-Kakao record here is a wiring bug, not bad input.
export function asKakaoChannel(channel: ChannelRecord): KakaoChannel {
  if (channel.type !== 'kakao') {
    throw new Error(`kakao adapter called with a ${channel.type} channel (${channel.id})`);
  }
  return channel;
}

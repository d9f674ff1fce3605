// Kakao does not sign skill requests: the channel secret travels as a custom header configured
// in the skill settings (or as ?key= in the skill URL), and the bot id pins the sending bot.
import type { InboundRequest } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { AuthError } from '../../src/domain/errors.js';
import { safeEqual } from '../../src/domain/safe-equal.js';
import { asKakaoChannel } from './kakao-channel.js';

export const KAKAO_KEY_HEADER = 'x-talkgate-key';

// Runs before schema validation, so the body may be anything.
function readBotId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const bot: unknown = (body as Record<string, unknown>)['bot'];
  if (typeof bot !== 'object' || bot === null) return undefined;
  const id: unknown = (bot as Record<string, unknown>)['id'];
  return typeof id === 'string' ? id : undefined;
}

export function authenticateKakao(req: InboundRequest, record: ChannelRecord): void {
  const channel = asKakaoChannel(record);
  const presented = req.headers[KAKAO_KEY_HEADER] ?? req.query['key'];
  if (presented === undefined || presented === '' || !safeEqual(presented, channel.webhookKey)) {
    throw new AuthError('Send the channel key as the X-Talkgate-Key header or the ?key= query parameter.');
  }
  const expectedBotId = channel.credentials.botId;
  if (expectedBotId !== undefined && expectedBotId !== '') {
    const botId = readBotId(req.body);
    if (botId === undefined || !safeEqual(botId, expectedBotId)) {
      throw new AuthError('The request comes from a bot this channel is not registered for.', 'bot_mismatch');
    }
  }
}

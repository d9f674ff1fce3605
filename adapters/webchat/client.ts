// "Sending" on web chat is appending to the visitor's kept stream; the SSE route fans it out
// and replays it after a reconnect, so nothing is lost while the page is closed.
import type {
  DeliveryReceipt,
  SendPorts,
  SendTarget,
  VisitorStreamEvent,
} from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import { ChannelSendError } from '../../src/domain/errors.js';

export async function sendToVisitorStream(
  payload: VisitorStreamEvent,
  target: SendTarget,
  channel: ChannelRecord,
  ports: SendPorts,
): Promise<DeliveryReceipt> {
  // The message id, not the stream sequence, is what the page de-duplicates on: a retried job
  // that appends twice shows once.
  const event: VisitorStreamEvent = { ...payload, id: target.messageId };
  let sequence: string;
  try {
    sequence = await ports.appendVisitorStream(channel.id, target.channelUserId, event);
  } catch (err) {
    if (err instanceof ChannelSendError) throw err;
    // Only our own store can fail here (Redis), which recovers: always retryable.
    const reason = err instanceof Error ? err.message : String(err);
    const wrapped = new ChannelSendError(
      `web chat stream append failed: ${reason}`,
      true,
      null,
      'stream_unavailable',
    );
    wrapped.cause = err;
    throw wrapped;
  }
  return { platformMessageId: sequence, via: 'stream' };
}

// One attempt to deliver one stored outbound message. Returns what the queue should do next;
// the BullMQ worker (infra) maps it onto DelayedError / UnrecoverableError / a retry.
import type { SendPorts } from '../domain/adapter-port.js';
import type { ChannelRecord } from '../domain/channel.js';
import { ChannelSendError } from '../domain/errors.js';
import type { AdapterRegistry } from '../../adapters/registry.js';
import type { ChannelStore, Logger, OutboundQueue, OutboundStore, UseCaseMetrics } from './ports.js';

export type SendOutcome =
  | { type: 'sent'; via: string }
  | { type: 'skipped'; reason: string }
  /** not this message's turn yet (order) or the channel's throttle: try again later, no attempt used */
  | { type: 'wait'; ms: number; reason: 'order' | 'throttle'; stillBlocked?: () => Promise<boolean> }
  | { type: 'retry'; error: ChannelSendError }
  | { type: 'failed'; error: ChannelSendError };

export interface SendDeps {
  messages: Pick<OutboundStore, 'getOutbound' | 'settledSeq' | 'messageIdAtSeq' | 'markParked' | 'settle' | 'recordAttempt'>;
  channels: ChannelStore;
  adapters: AdapterRegistry;
  ports: SendPorts;
  queue: OutboundQueue;
  metrics: Pick<UseCaseMetrics, 'sends' | 'sendLatency'>;
  log: Logger;
  takeSendSlot(channelId: string, max: number, windowMs: number): Promise<number>;
  /**
   * A refusal that tells about the customer (ChannelSendError.consequence) becomes an inbound
   * event of that customer, applied like the platform had sent it (e.g. closes the conversation).
   */
  recordCustomerEvent(channel: ChannelRecord, channelUserId: string, kind: 'conversation.left' | 'customer.blocked', deliveryId: string): Promise<void>;
  now(): Date;
  /** outbound URL safety of a channel's apiBaseUrl at send time, after DNS (integration.md) */
  checkTarget?(url: string): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export interface SendAttempt {
  messageId: string;
  /** attempts already made before this one */
  attemptsMade: number;
  maxAttempts: number;
  /** a replay from the dead-letter view skips the order gate */
  replay: boolean;
}

/** How long a message whose predecessor is still pending waits before it looks again. */
const ORDER_RECHECK_MS = 1000;

function asSendError(err: unknown): ChannelSendError {
  if (err instanceof ChannelSendError) return err;
  return new ChannelSendError(err instanceof Error ? err.message : String(err), true);
}

export async function sendOutbound(d: SendDeps, a: SendAttempt): Promise<SendOutcome> {
  const rec = await d.messages.getOutbound(a.messageId);
  if (!rec) return { type: 'skipped', reason: 'message not found' };
  if (rec.status === 'sent') return { type: 'skipped', reason: 'already sent' };
  const log = d.log.child({ messageId: a.messageId, conversationId: rec.conversationId, channelId: rec.channelId });

  if (!a.replay) {
    const settled = await d.messages.settledSeq(rec.conversationId);
    if (rec.seq > settled + 1) {
      // A predecessor is still pending. If a crash left it without a job, give it one again.
      const prevId = await d.messages.messageIdAtSeq(rec.conversationId, settled + 1);
      if (prevId && !(await d.queue.has(prevId))) await d.queue.add(prevId);
      await d.messages.markParked(a.messageId, rec.conversationId);
      // the predecessor may settle while this job is being parked: the worker asks again after
      const stillBlocked = async (): Promise<boolean> => rec.seq > (await d.messages.settledSeq(rec.conversationId)) + 1;
      return { type: 'wait', ms: ORDER_RECHECK_MS, reason: 'order', stillBlocked };
    }
  }

  const channel = await d.channels.get(rec.channelId, { cached: true });
  if (!channel) {
    const error = new ChannelSendError('The channel was deleted; the message cannot be delivered.', false, null, 'channel_deleted');
    await settleFailed(d, a, rec, null, error);
    return { type: 'failed', error };
  }
  const adapter = d.adapters.get(channel.type);
  const limit = adapter.limits.rateLimit;
  if (limit) {
    const waitMs = await d.takeSendSlot(channel.id, limit.max, limit.windowMs);
    if (waitMs > 0) return { type: 'wait', ms: waitMs, reason: 'throttle' };
  }

  const attempt = a.attemptsMade + 1;
  const started = process.hrtime.bigint();
  try {
    if (channel.apiBaseUrl && d.checkTarget) {
      const verdict = await d.checkTarget(channel.apiBaseUrl);
      if (!verdict.ok) throw new ChannelSendError(`The channel apiBaseUrl is not allowed: ${verdict.reason}; set a public https:// URL on the channel.`, false, null, 'url_not_allowed');
    }
    const payload = adapter.renderOutbound(rec.content, channel);
    const receipt = await adapter.send(
      payload,
      {
        messageId: a.messageId,
        conversationId: rec.conversationId,
        channelUserId: rec.channelUserId,
        ...(rec.channelUserIdType ? { channelUserIdType: rec.channelUserIdType } : {}),
        ...(rec.replyContext ? { replyContext: rec.replyContext } : {}),
      },
      channel,
      d.ports,
    );
    d.metrics.sendLatency.observe({ channel: channel.type }, Number(process.hrtime.bigint() - started) / 1e9);
    d.metrics.sends.inc({ channel: channel.type, outcome: 'sent' });
    const sentAt = d.now().toISOString();
    const next = await d.messages.settle(
      a.messageId,
      rec.conversationId,
      { status: 'sent', via: receipt.via },
      { sentAt, attempts: String(attempt), via: receipt.via, platformMessageId: receipt.platformMessageId ?? '', error: 'null' },
      { workspaceId: rec.workspaceId ?? channel.workspaceId, at: sentAt },
    );
    log.info({ attempt, via: receipt.via }, 'message sent');
    if (next) await d.queue.promote(next);
    return { type: 'sent', via: receipt.via };
  } catch (err) {
    const error = asSendError(err);
    d.metrics.sendLatency.observe({ channel: channel.type }, Number(process.hrtime.bigint() - started) / 1e9);
    const final = !error.retryable || attempt >= a.maxAttempts;
    d.metrics.sends.inc({ channel: channel.type, outcome: final ? 'failed' : 'retry' });
    log.warn(
      { attempt, retryable: error.retryable, httpStatus: error.httpStatus, platformCode: error.platformCode, err: error.message },
      final ? 'send failed for good' : 'send failed, will retry',
    );
    if (final) {
      await settleFailed(d, { ...a, attemptsMade: attempt - 1 }, rec, channel.workspaceId, error);
      if (error.consequence) await d.recordCustomerEvent(channel, rec.channelUserId, error.consequence, `send:${a.messageId}`);
      return { type: 'failed', error };
    }
    await d.messages.recordAttempt(a.messageId, attempt, errorInfo(error));
    return { type: 'retry', error };
  }
}

function errorInfo(e: ChannelSendError): { code: string; message: string } {
  return { code: e.platformCode ?? (e.httpStatus ? `http_${e.httpStatus}` : 'send_error'), message: e.message };
}

async function settleFailed(
  d: SendDeps,
  a: SendAttempt,
  rec: { conversationId: string; workspaceId?: string; replays: number },
  channelWorkspaceId: string | null,
  error: ChannelSendError,
): Promise<void> {
  // A message that failed for good no longer holds its conversation's later messages: they
  // go on, and the failed one waits in the dead-letter view for a replay.
  const info = errorInfo(error);
  const attempts = a.attemptsMade + 1;
  const next = await d.messages.settle(
    a.messageId,
    rec.conversationId,
    { status: 'failed', error: info, attempts, replays: rec.replays },
    { attempts: String(attempts), error: JSON.stringify(info) },
    { workspaceId: rec.workspaceId ?? channelWorkspaceId, at: d.now().toISOString() },
  );
  if (next) await d.queue.promote(next);
}

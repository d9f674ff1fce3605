// For platforms that read replies from the webhook's own HTTP answer (WebhookSpec.repliesInAnswer):
// wait (bounded) for the worker to process the recorded event, then claim the replies it made so
// the queue does not send them again.
import type { WebhookReplyPorts } from '../domain/adapter-port.js';
import type { OutboundMessage } from '../domain/outbound-message.js';
import type { InboundResult } from './handle-inbound.js';
import type { OutboundQueue, OutboundStore } from './ports.js';

export interface ClaimRepliesDeps {
  /** resolves with the stored result as soon as the worker finished the event, or null at the timeout */
  waitForEvent(eventId: string, timeoutMs: number): Promise<string | null>;
  messages: Pick<OutboundStore, 'getOutbound' | 'claimForSync'>;
  outbound: OutboundQueue;
  now(): Date;
}

export function replyPorts(d: ClaimRepliesDeps): WebhookReplyPorts {
  return {
    async claimReplies(eventId, max, waitMs) {
      const raw = await d.waitForEvent(eventId, waitMs);
      if (!raw) return null;
      const result = JSON.parse(raw) as InboundResult;
      const claimed: OutboundMessage[] = [];
      const ids = result.outboundIds.slice(0, max);
      const records = await Promise.all(ids.map((id) => d.messages.getOutbound(id)));
      for (const [i, id] of ids.entries()) {
        const rec = records[i];
        // a record stored before events carried its workspace is left to the queue (sent normally)
        if (!rec?.workspaceId || !(await d.messages.claimForSync(id, rec.conversationId, d.now(), rec.workspaceId))) break;
        claimed.push(rec.content);
      }
      const next = result.outboundIds[claimed.length];
      await Promise.all([
        // delivered in this answer: their held jobs would only find them delivered
        ...ids.slice(0, claimed.length).map((id) => d.outbound.discard(id)),
        // the next queued reply may go now instead of waiting out its hold
        ...(next ? [d.outbound.promote(next)] : []),
      ]);
      return claimed;
    },
  };
}

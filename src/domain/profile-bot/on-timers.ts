// PB-21 auto-close and PB-23 first response: the agent side's messages and the idle timer.
import type { Conversation } from '../conversation.js';
import type { BotAction, DecideInput } from './bot-types.js';

/** PB-23: FRT ends at the first agent message (bot texts and greetings do not count). */
export function onAgentMessage(input: DecideInput, c: Conversation): BotAction[] {
  const actions: BotAction[] = [];
  if (c.firstResponseAt === null) actions.push({ type: 'mark_first_response' });
  const minutes = input.settings.autoClose.customerIdleMinutes;
  if (minutes !== null)
    actions.push({ type: 'schedule_auto_close', at: new Date(input.now.getTime() + minutes * 60_000) });
  return actions;
}

/**
 * PB-21 (29-17): close only when the last message is from the agent/bot side and the customer
 * has been silent for `customerIdleMinutes` since it — in waiting as well as assigned. Anything
 * else means the timer is stale (the customer spoke, or a later message moved the deadline),
 * and the answer is to do nothing: never close on a customer who spoke last.
 */
export function onIdleTimeout(input: DecideInput, c: Conversation): BotAction[] {
  const minutes = input.settings.autoClose.customerIdleMinutes;
  if (minutes === null || c.lastMessageAt === null) return [];
  if (c.lastMessageFrom === null || c.lastMessageFrom === 'customer') return [];
  const deadline = Date.parse(c.lastMessageAt) + minutes * 60_000;
  if (Number.isNaN(deadline) || input.now.getTime() < deadline) return [];
  return [{ type: 'close', reason: 'customer_idle' }];
}

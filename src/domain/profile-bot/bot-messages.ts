// Small builders shared by the decision handlers: who says what, greeting eligibility, PB-21 timer.
import type { Conversation } from '../conversation.js';
import type { Sender } from '../outbound-message.js';
import type { Settings } from '../settings.js';
import type { AssignVia, BotAction } from './bot-types.js';

export function say(from: Sender, text: string): BotAction {
  return { type: 'send', message: { kind: 'text', from, text } };
}

/** A configured auto message, or null when it is unset or blank (blank would be an empty bubble). */
export function configured(text: string | null): string | null {
  return text !== null && text.trim() !== '' ? text : null;
}

/**
 * The workspace greeting (상담 인사말) goes out once, when a conversation first gets an agent:
 * - never on a transfer (the conversation had an agent before);
 * - on a manager's assignment always (PB-10, 29-16), even for a conversation held for the profile;
 * - on an automatic one (at connect or from the backlog) unless the conversation was held for
 *   the profile (PB-7, PB-9: the fixed MANUAL_GREETING stood in for it). A conversation that
 *   waited only because no agent was free gets the greeting when it is finally assigned.
 * `conversation` is null at connect time (a conversation that does not exist yet).
 */
export function greetingOnAssign(
  conversation: Conversation | null,
  settings: Settings,
  via: AssignVia,
): BotAction[] {
  const greeting = configured(settings.autoMessages.greeting);
  if (greeting === null) return [];
  if (conversation !== null) {
    if (conversation.assignedAt !== null) return [];
    if (via !== 'manager' && conversation.suppressGreeting) return [];
  }
  return [say('system', greeting)];
}

/**
 * PB-21: whenever this decision makes the bot/system side speak last in a conversation that stays
 * open, the conversation closes after `customerIdleMinutes` of customer silence.
 */
export function withAutoClose(actions: BotAction[], settings: Settings, now: Date): BotAction[] {
  const minutes = settings.autoClose.customerIdleMinutes;
  if (minutes === null) return actions;
  const spoke = actions.some((a) => a.type === 'send');
  const closes = actions.some((a) => a.type === 'close');
  if (!spoke || closes) return actions;
  return [...actions, { type: 'schedule_auto_close', at: new Date(now.getTime() + minutes * 60_000) }];
}

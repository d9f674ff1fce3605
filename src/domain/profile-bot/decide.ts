// The profile bot's single entry point: (event, world, clock) → actions. Pure: no I/O, no clock
// of its own, and "profile missing" is an outcome, never an exception. It throws only on caller
// bugs (settings of another version than the conversation's, no form link for a card).
import { assertNever } from '../errors.js';
import type { BotAction, DecideInput } from './bot-types.js';
import { onConnectRequested } from './on-connect.js';
import {
  onBacklogAssigned,
  onCustomerMessage,
  onManagerAssigned,
  onProfileSaved,
} from './on-conversation.js';
import { onAgentMessage, onIdleTimeout } from './on-timers.js';

export function decide(input: DecideInput): BotAction[] {
  const c = input.conversation !== null && input.conversation.status !== 'closed' ? input.conversation : null;
  if (c !== null && c.settingsVersion !== input.settings.version) {
    // PB-4: a conversation keeps the settings it started with; the caller loads that version.
    throw new Error(
      `decide: conversation ${c.id} uses settings version ${c.settingsVersion}, got ${input.settings.version}`,
    );
  }
  const event = input.event;
  switch (event.type) {
    case 'connect_requested':
      return c === null ? onConnectRequested(input) : onCustomerMessage(input, c);
    case 'customer_message':
      // PB-1: outside a conversation the bot stays silent; only a connection request starts one.
      return c === null ? [] : onCustomerMessage(input, c);
    case 'profile_saved':
      return onProfileSaved(input, c);
    case 'manager_assigned':
      return c === null ? [] : onManagerAssigned(input, c, event.agentId);
    case 'backlog_assigned':
      return c === null ? [] : onBacklogAssigned(input, c, event.agentId);
    case 'agent_message':
      return c === null ? [] : onAgentMessage(input, c);
    case 'idle_timeout':
      return c === null ? [] : onIdleTimeout(input, c);
    default:
      return assertNever(event);
  }
}

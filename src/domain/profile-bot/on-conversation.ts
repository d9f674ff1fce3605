// Events inside an open conversation: customer messages (PB-8, PB-13), the saved profile
// (PB-9, PB-10, PB-14, PB-19) and assignments (PB-10, backlog).
import type { Conversation } from '../conversation.js';
import type { AssignVia, BotAction, DecideInput } from './bot-types.js';
import { isOpen } from '../business-hours.js';
import { canAutoAssign } from '../routing/can-auto-assign.js';
import { pickAgent } from '../routing/pick-agent.js';
import { configured, greetingOnAssign, say, withAutoClose } from './bot-messages.js';
import { PROFILE_REQUIRED, PROFILE_SAVED } from './texts.js';

/**
 * PB-8 / PB-13: while a conversation waits for its profile, every customer message is answered
 * with PROFILE_REQUIRED — in hold, in manual distribution, off-hours even with
 * `onMissingProfile = assign` (29-8-2), and in the auto-distribution queue. Once an agent has the
 * conversation, messages are the agent's to answer (PB-5: chatting without the form is allowed).
 * A repeated connection request in an open conversation is handled as a message.
 */
export function onCustomerMessage(input: DecideInput, c: Conversation): BotAction[] {
  const actions: BotAction[] = [];
  if (input.settings.autoClose.customerIdleMinutes !== null) actions.push({ type: 'cancel_auto_close' });
  if (c.status === 'waiting' && c.awaitingProfile) actions.push(say('bot', PROFILE_REQUIRED));
  return withAutoClose(actions, input.settings, input.now);
}

export function assignmentActions(
  c: Conversation,
  input: DecideInput,
  agentId: string,
  via: AssignVia,
): BotAction[] {
  return [{ type: 'assign', agentId, via }, ...greetingOnAssign(c, input.settings, via)];
}

/**
 * PB-19 then routing. In a waiting conversation:
 * - off-hours → the workspace off-hours message (PB-14); nobody is assigned now;
 * - in hours, when routing may assign it (auto distribution and auto backlog, PB-9) → the
 *   least-busy agent at once; no greeting when it had been held (PB-7), the greeting when it only
 *   waited for a free agent; with nobody free it stays in the queue for assignWaiting();
 * - backlog manual (PB-10) or manual distribution (PB-11) → stays waiting for a manager.
 * An assigned conversation only gets PROFILE_SAVED. A closed (or missing) one still gets
 * PROFILE_SAVED, since the customer did save, but nothing else.
 */
export function onProfileSaved(input: DecideInput, c: Conversation | null): BotAction[] {
  const { settings, now } = input;
  if (c === null || c.status === 'closed') return [say('bot', PROFILE_SAVED)];
  const actions: BotAction[] = [{ type: 'profile_received' }, say('bot', PROFILE_SAVED)];
  if (c.status === 'waiting') {
    const after: Conversation = { ...c, awaitingProfile: false };
    if (!isOpen(settings.businessHours, now)) {
      const offHours = configured(settings.autoMessages.offHours);
      if (offHours !== null) actions.push(say('system', offHours));
    } else if (canAutoAssign(after, settings, now)) {
      const agent = pickAgent(input.agents, now);
      if (agent !== null) actions.push(...assignmentActions(after, input, agent.id, 'backlog'));
    }
  }
  return withAutoClose(actions, settings, now);
}

/** PB-10: a manager's assignment (or transfer). Re-assigning to the same agent changes nothing. */
export function onManagerAssigned(input: DecideInput, c: Conversation, agentId: string): BotAction[] {
  if (c.status === 'assigned' && c.agentId === agentId) return [];
  return withAutoClose(assignmentActions(c, input, agentId, 'manager'), input.settings, input.now);
}

/** Applies one assignment planned by assignWaiting(), re-checking the rule against fresh state. */
export function onBacklogAssigned(input: DecideInput, c: Conversation, agentId: string): BotAction[] {
  if (!canAutoAssign(c, input.settings, input.now)) return [];
  return withAutoClose(assignmentActions(c, input, agentId, 'backlog'), input.settings, input.now);
}

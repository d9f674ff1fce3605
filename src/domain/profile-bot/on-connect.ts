// PB-1 … PB-7, PB-11 … PB-13 and the bot-disabled flow: a connection request that opens a new
// conversation.
import type { BotAction, DecideInput } from './bot-types.js';
import { isOpen } from '../business-hours.js';
import { pickAgent } from '../routing/pick-agent.js';
import { buildProfileCard } from './card.js';
import { configured, greetingOnAssign, say, withAutoClose } from './bot-messages.js';
import { profileBotApplies } from './needs-profile.js';
import { MANUAL_GREETING } from './texts.js';

/**
 * Order of the actions: open → routing state (assign | hold) → await_profile → messages in the
 * order the customer sees them → mark_bot_sent → timer.
 *
 * What the customer sees first:
 * - assigned at once → the workspace greeting (if set), then the card (PB-5, 29-7);
 * - waiting with the card → MANUAL_GREETING, then the card. 29-12 gives the reason: a waiting
 *   room has no agent, so the fixed greeting of manual distribution stands in for the workspace
 *   greeting. That covers hold (PB-7), manual distribution (PB-11), accepted off-hours requests
 *   (PB-13) and auto distribution with nobody free;
 * - waiting without the card, in business hours → MANUAL_GREETING (manual distribution's fixed
 *   greeting, or the queue of auto distribution);
 * - waiting without the card, off-hours (accepted) → the off-hours message (if set); with the
 *   card, that message waits until the profile is saved (PB-14), as 29-9 describes;
 * - off-hours and not accepted (PB-12) → the off-hours message (if set), then closed. The manual
 *   (29-8-2) only says the request ends at once without the bot; the off-hours message is the
 *   workspace's own answer for exactly this moment, so an integrator expects it.
 */
export function onConnectRequested(input: DecideInput): BotAction[] {
  const { settings, customer, now } = input;
  const actions: BotAction[] = [{ type: 'open_conversation', settingsVersion: settings.version }];
  const open = isOpen(settings.businessHours, now);
  const offHours = configured(settings.autoMessages.offHours);

  if (!open && !settings.businessHours.acceptOffHours) {
    if (offHours !== null) actions.push(say('system', offHours));
    actions.push({ type: 'close', reason: 'off_hours' });
    return actions;
  }

  const bot = profileBotApplies(settings, customer);
  const held =
    bot && (settings.profileBot.onMissingProfile === 'hold' || settings.distribution.mode === 'manual');
  const agent = open && settings.distribution.mode === 'auto' && !held ? pickAgent(input.agents, now) : null;

  if (agent !== null) actions.push({ type: 'assign', agentId: agent.id, via: 'distribution' });
  if (held) actions.push({ type: 'hold' });
  if (bot) actions.push({ type: 'await_profile' });

  if (agent !== null) actions.push(...greetingOnAssign(null, settings, 'distribution'));
  else if (bot || open) actions.push(say('system', MANUAL_GREETING));
  else if (offHours !== null) actions.push(say('system', offHours));

  if (bot) {
    if (input.formUrl === undefined) {
      throw new Error('decide: formUrl is required when the profile card is sent (see profileBotApplies)');
    }
    actions.push({
      type: 'send',
      message: buildProfileCard(settings.profileBot, input.formUrl, input.guideImage),
    });
    actions.push({ type: 'mark_bot_sent' });
  }
  return withAutoClose(actions, settings, now);
}

// Whether routing may hand a waiting conversation to an agent without a manager (PB-6 … PB-11).
import type { Conversation } from '../conversation.js';
import type { Settings } from '../settings.js';
import { isOpen } from '../business-hours.js';

/** Held for the profile: hold mode (or manual distribution) sent the card and nothing is saved yet. */
export function isHeldForProfile(c: Conversation): boolean {
  return c.awaitingProfile && c.suppressGreeting;
}

/**
 * The rule, with `settings` = the conversation's own settings version (PB-4):
 * - only `waiting` conversations;
 * - only with `distribution.mode = auto`: manual distribution means a manager assigns every
 *   conversation (PB-11, 29-10), whatever the backlog setting says;
 * - only with `distribution.backlog = auto`: conversations that piled up in waiting (no agent
 *   was free, the profile came later, the night's queue) are distributed automatically only
 *   then; with `manual` a manager assigns them (PB-10, 29-15);
 * - never while held for a missing profile (PB-6); once the profile is saved it becomes
 *   assignable (PB-9). A conversation waiting under `onMissingProfile = assign` is not held:
 *   it is assigned without the profile, as PB-5 would have done had an agent been free;
 * - only inside business hours: outside them the customer was told nobody can answer now
 *   (PB-14), so the queue waits for the opening; a manager may still assign by hand.
 */
export function canAutoAssign(c: Conversation, settings: Settings, now: Date): boolean {
  return (
    c.status === 'waiting' &&
    settings.distribution.mode === 'auto' &&
    settings.distribution.backlog === 'auto' &&
    !isHeldForProfile(c) &&
    isOpen(settings.businessHours, now)
  );
}

// The decision's input and output. decide() is pure: the application loads the world, calls it,
// then applies the returned actions in order (see README.md for what each action means).
import type { Agent, Conversation, Customer } from '../conversation.js';
import type { OutboundImage, OutboundMessage } from '../outbound-message.js';
import type { VersionedSettings } from '../settings.js';

export type BotEvent =
  /** PB-1: the customer asked for an agent (Kakao trigger utterance/block, TalkTalk 상담 요청, web chat button) */
  | { type: 'connect_requested' }
  /** the customer wrote (text or image) in an open conversation */
  | { type: 'customer_message' }
  /** PB-19: the form for this conversation was saved to the customer's profile */
  | { type: 'profile_saved' }
  /** PB-10: a manager assigned (or transferred) the conversation */
  | { type: 'manager_assigned'; agentId: string }
  /** routing's assignWaiting() picked this agent for this waiting conversation */
  | { type: 'backlog_assigned'; agentId: string }
  /** an agent sent a message into the conversation (PB-21 timer, PB-23 first response) */
  | { type: 'agent_message' }
  /** PB-21: the auto-close timer fired */
  | { type: 'idle_timeout' };

export type AssignVia = 'distribution' | 'backlog' | 'manager';

export type BotAction =
  /** create the conversation: status `waiting`, no agent, pinned to this settings version (PB-4) */
  | { type: 'open_conversation'; settingsVersion: number }
  /** status `assigned`, agentId set, assignedAt = now, agent's activeCount + 1 (previous agent − 1) */
  | { type: 'assign'; agentId: string; via: AssignVia }
  /** PB-6/PB-7: held for the profile: stays waiting and never gets the workspace greeting automatically */
  | { type: 'hold' }
  /** the card was sent; the profile is awaited (customer messages in waiting get PROFILE_REQUIRED) */
  | { type: 'await_profile' }
  /** the profile arrived: awaitingProfile = false, profileSavedAt = now */
  | { type: 'profile_received' }
  /** queue this message to the customer's channel; it becomes the conversation's last message */
  | { type: 'send'; message: OutboundMessage }
  /** PB-1: botSentAt = now (Kakao charges the consultation from this moment) */
  | { type: 'mark_bot_sent' }
  /** PB-23: firstResponseAt = now (first agent message) */
  | { type: 'mark_first_response' }
  /** status `closed`, closedAt = now, the agent's slot is freed */
  | { type: 'close'; reason: 'off_hours' | 'customer_idle' }
  /** PB-21: (re)place this conversation's single auto-close timer */
  | { type: 'schedule_auto_close'; at: Date }
  /** PB-21: the customer spoke; drop the timer */
  | { type: 'cancel_auto_close' };

export type BotActionType = BotAction['type'];

export interface DecideInput {
  event: BotEvent;
  /**
   * The customer's open conversation on this channel, or null. A closed one counts as none:
   * connect_requested then opens a new conversation.
   */
  conversation: Conversation | null;
  /** PB-2/PB-3: read its *current* profile; a deleted field is simply absent */
  customer: Customer;
  /**
   * PB-4: the settings version of `conversation` (conversation.settingsVersion); for a new
   * conversation, the workspace's current version, which open_conversation then pins.
   */
  settings: VersionedSettings;
  /** the workspace's agents with their current load (auto distribution) */
  agents: readonly Agent[];
  now: Date;
  /** the form link for this conversation; required whenever the card is sent */
  formUrl?: string;
  /** the resolved guide image (settings.profileBot.guideImageId), if any */
  guideImage?: OutboundImage;
}

// The conversation-state half of applying a decision, as a pure reducer: the application runs
// it, persists the result, and performs the side effects itself (queue each `send`, (re)place or
// drop the auto-close timer, adjust agents' activeCount on assign/close).
import type { Conversation, MessageAuthor } from '../conversation.js';
import type { BotAction } from './bot-types.js';

/** What a new conversation is made of besides the decision (the application allocates the id). */
export interface ConversationSeed {
  id: string;
  workspaceId: string;
  channelId: string;
  channelType: Conversation['channelType'];
  customerId: string;
}

export interface ApplyContext {
  now: Date;
  /** needed only when the actions contain open_conversation */
  seed?: ConversationSeed;
}

/** Record a message the application stored itself (customer or agent), for PB-21. */
export function noteMessage(c: Conversation, from: MessageAuthor, at: Date): Conversation {
  return { ...c, lastMessageAt: at.toISOString(), lastMessageFrom: from };
}

function openConversation(seed: ConversationSeed, settingsVersion: number, at: string): Conversation {
  return {
    ...seed,
    status: 'waiting',
    agentId: null,
    settingsVersion,
    createdAt: at,
    botSentAt: null,
    awaitingProfile: false,
    profileSavedAt: null,
    suppressGreeting: false,
    assignedAt: null,
    firstResponseAt: null,
    closedAt: null,
    closeReason: null,
    lastMessageAt: null,
    lastMessageFrom: null,
  };
}

export function applyActions(
  current: Conversation | null,
  actions: readonly BotAction[],
  ctx: ApplyContext,
): Conversation | null {
  const at = ctx.now.toISOString();
  let c = current;
  for (const a of actions) {
    if (a.type === 'open_conversation') {
      if (!ctx.seed) throw new Error('applyActions: open_conversation needs a seed');
      c = openConversation(ctx.seed, a.settingsVersion, at);
      continue;
    }
    if (c === null) throw new Error(`applyActions: ${a.type} without a conversation`);
    switch (a.type) {
      case 'assign':
        c = { ...c, status: 'assigned', agentId: a.agentId, assignedAt: at };
        break;
      case 'hold':
        c = { ...c, suppressGreeting: true };
        break;
      case 'await_profile':
        c = { ...c, awaitingProfile: true };
        break;
      case 'profile_received':
        c = { ...c, awaitingProfile: false, profileSavedAt: at };
        break;
      case 'send':
        c = noteMessage(c, a.message.from, ctx.now);
        break;
      case 'mark_bot_sent':
        // PB-1: the first sending is when Kakao starts charging; later cards do not move it.
        c = { ...c, botSentAt: c.botSentAt ?? at };
        break;
      case 'mark_first_response':
        c = { ...c, firstResponseAt: c.firstResponseAt ?? at };
        break;
      case 'close':
        c = { ...c, status: 'closed', closedAt: at, closeReason: a.reason };
        break;
      case 'schedule_auto_close':
      case 'cancel_auto_close':
        break;
      default: {
        const never: never = a;
        throw new Error(`applyActions: unexpected action ${JSON.stringify(never)}`);
      }
    }
  }
  return c;
}

export * from './texts.js';
export type { BotEvent, BotAction, BotActionType, AssignVia, DecideInput } from './bot-types.js';
export { decide } from './decide.js';
export { buildProfileCard, type ProfileCard } from './card.js';
export { hasAnyConfiguredField, profileBotApplies } from './needs-profile.js';
export { greetingOnAssign } from './bot-messages.js';
export { applyActions, noteMessage, type ApplyContext, type ConversationSeed } from './apply-actions.js';

export { pickAgent, compareSlots, hasCapacity, bestSlot, type AgentSlot } from './pick-agent.js';
export { assignWaiting, type Assignment } from './assign-waiting.js';
export { canAutoAssign, isHeldForProfile } from './can-auto-assign.js';

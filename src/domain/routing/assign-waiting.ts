// Backlog distribution: when an agent comes online or frees a slot, hand waiting conversations
// out, oldest first, as long as someone has capacity.
import type { Agent, Conversation } from '../conversation.js';
import { bestSlot, type AgentSlot } from './pick-agent.js';

export interface Assignment {
  conversationId: string;
  agentId: string;
}

/**
 * Plans the assignments; it changes nothing. `canAutoAssign` is usually
 * `(c) => canAutoAssign(c, settingsVersionOf(c), now)`; conversations it refuses are skipped and
 * keep their place. Each planned assignment counts against the agent's capacity for the rest of
 * the batch, so one agent never receives more than `maxConcurrent`. The application applies each
 * assignment through decide({type:'backlog_assigned'}) so the greeting rule is applied too.
 */
export function assignWaiting(
  waiting: readonly Conversation[],
  agents: readonly Agent[],
  canAutoAssign: (c: Conversation) => boolean,
): Assignment[] {
  const slots: AgentSlot[] = agents.map((agent) => ({
    agent,
    activeCount: agent.activeCount,
    batchSeq: null,
  }));
  // Callers pass oldest first; sorting again keeps the promise even when they do not.
  const queue = [...waiting].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const out: Assignment[] = [];
  for (const c of queue) {
    if (!canAutoAssign(c)) continue;
    const slot = bestSlot(slots);
    if (slot === null) break;
    slot.activeCount += 1;
    slot.batchSeq = out.length;
    out.push({ conversationId: c.id, agentId: slot.agent.id });
  }
  return out;
}

// Auto distribution: which agent gets the next conversation.
import type { Agent } from '../conversation.js';

/** An agent as the picker sees it; `batchSeq` marks agents given work earlier in the same batch. */
export interface AgentSlot {
  agent: Agent;
  activeCount: number;
  batchSeq: number | null;
}

export function hasCapacity(slot: AgentSlot): boolean {
  return slot.agent.online && slot.activeCount < slot.agent.maxConcurrent;
}

function idleSince(slot: AgentSlot): number {
  if (slot.agent.lastAssignedAt === null) return Number.NEGATIVE_INFINITY;
  const t = Date.parse(slot.agent.lastAssignedAt);
  // An unreadable timestamp must not make an agent look idle forever; treat it as just assigned.
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/**
 * Fewest active conversations first; then the one idle longest (oldest `lastAssignedAt`, null =
 * never assigned = oldest); agents already served in this batch go after everyone else, in the
 * order they were served; finally the id, so the same input always picks the same agent.
 */
export function compareSlots(a: AgentSlot, b: AgentSlot): number {
  if (a.activeCount !== b.activeCount) return a.activeCount - b.activeCount;
  if ((a.batchSeq === null) !== (b.batchSeq === null)) return a.batchSeq === null ? -1 : 1;
  if (a.batchSeq !== null && b.batchSeq !== null && a.batchSeq !== b.batchSeq) return a.batchSeq - b.batchSeq;
  const ia = idleSince(a);
  const ib = idleSince(b);
  if (ia !== ib) return ia < ib ? -1 : 1;
  return a.agent.id < b.agent.id ? -1 : a.agent.id > b.agent.id ? 1 : 0;
}

export function bestSlot(slots: readonly AgentSlot[]): AgentSlot | null {
  let best: AgentSlot | null = null;
  for (const s of slots) {
    if (hasCapacity(s) && (best === null || compareSlots(s, best) < 0)) best = s;
  }
  return best;
}

/**
 * The agent that should get a conversation now, or null when no online agent has a free slot.
 * `now` is accepted so call sites read the same as the other clocked domain functions; the
 * choice itself depends only on the agents' state.
 */
export function pickAgent(agents: readonly Agent[], _now?: Date): Agent | null {
  const best = bestSlot(agents.map((agent) => ({ agent, activeCount: agent.activeCount, batchSeq: null })));
  return best?.agent ?? null;
}

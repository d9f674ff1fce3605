// Closing by an agent and handing out the waiting backlog when capacity frees up (an agent comes
// online or a conversation closes). Each assignment goes through the engine, so the greeting
// rules of the profile bot apply to it.
import type { ChannelRecord } from '../domain/channel.js';
import type { CloseReason, Conversation } from '../domain/conversation.js';
import type { VersionedSettings } from '../domain/settings.js';
import { assignWaiting, canAutoAssign } from '../domain/routing/index.js';
import type { ConversationEngine } from './conversation-engine.js';
import type { AgentStore, ChannelStore, ConversationStore, Logger, SettingsStore, TimerQueue } from './ports.js';

export interface BacklogDeps {
  engine: ConversationEngine;
  conversations: ConversationStore;
  workspaces: SettingsStore;
  agents: AgentStore;
  channels: ChannelStore;
  timers: TimerQueue;
  withCustomerLock<T>(customerId: string, fn: () => Promise<T>): Promise<T>;
  withWorkspaceLock<T>(workspaceId: string, fn: () => Promise<T>): Promise<T>;
  log: Logger;
  now(): Date;
}

export function createBacklog(d: BacklogDeps) {
  async function rebalance(workspaceId: string, reason: string): Promise<number> {
    return d.withWorkspaceLock(workspaceId, async () => {
      const now = d.now();
      const waiting = await d.conversations.listAll(workspaceId, 'waiting');
      if (waiting.length === 0) return 0;
      const versions = new Map<number, VersionedSettings | null>();
      for (const c of waiting) {
        if (!versions.has(c.settingsVersion)) versions.set(c.settingsVersion, await d.workspaces.getSettings(workspaceId, c.settingsVersion));
      }
      const allowed = (c: Conversation): boolean => {
        const s = versions.get(c.settingsVersion);
        return s ? canAutoAssign(c, s, now) : false;
      };
      const plan = assignWaiting(waiting, await d.agents.list(workspaceId), allowed);
      let assigned = 0;
      for (const p of plan) {
        const c = waiting.find((w) => w.id === p.conversationId);
        const channel = c ? await d.channels.get(c.channelId, { cached: true }) : null;
        if (!c || !channel) continue;
        const r = await d.engine.dispatch({
          channel,
          customerId: c.customerId,
          conversationId: c.id,
          event: { type: 'backlog_assigned', agentId: p.agentId },
          eventKey: `backlog:${c.id}:${p.agentId}:${now.getTime()}`,
        });
        if (r.conversation?.status === 'assigned') assigned++;
      }
      if (assigned > 0) d.log.info({ workspaceId, assigned, reason }, 'backlog assigned');
      return assigned;
    });
  }

  async function close(c: Conversation, channel: ChannelRecord, reason: CloseReason): Promise<Conversation> {
    const closed = await d.withCustomerLock(c.customerId, async () => {
      const fresh = await d.conversations.get(c.id);
      if (!fresh || fresh.status === 'closed') return fresh ?? c;
      const next: Conversation = { ...fresh, status: 'closed', closedAt: d.now().toISOString(), closeReason: reason };
      await d.conversations.save(fresh, next, { key: `close:${c.id}`, by: 'manual', at: next.closedAt ?? d.now().toISOString() });
      await d.timers.cancelAutoClose(c.id);
      return next;
    });
    await rebalance(channel.workspaceId, 'conversation closed');
    return closed;
  }

  return { rebalance, close };
}

export type Backlog = ReturnType<typeof createBacklog>;

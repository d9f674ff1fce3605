// Platforms with their own sessions (상담톡's session_id): what the platform tells about a session
// (/reference) is kept on the conversation of that session, even when it arrives before the
// session's first message opened the conversation.
import type { Conversation } from '../domain/conversation.js';

export interface PlatformSessionStore {
  /** sets conversation.platformSession (one field of the conversation's hash) */
  setSession(conversationId: string, session: NonNullable<Conversation['platformSession']>): Promise<void>;
  /** context that arrived before its conversation, kept a while per channel and session */
  savePending(channelId: string, sessionId: string, context: Record<string, unknown>): Promise<void>;
  takePending(channelId: string, sessionId: string): Promise<Record<string, unknown> | null>;
}

/** After a message of session `sessionId` was applied to `c`: tie them, with any early context. */
export async function linkSession(store: PlatformSessionStore, c: Conversation, channelId: string, sessionId: string): Promise<void> {
  if (c.status === 'closed' || c.platformSession?.id === sessionId) return;
  const context = (await store.takePending(channelId, sessionId)) ?? {};
  await store.setSession(c.id, { id: sessionId, context });
}

export async function keepSessionContext(
  store: PlatformSessionStore,
  open: Conversation | null,
  channelId: string,
  sessionId: string,
  context: Record<string, unknown>,
): Promise<void> {
  if (open && open.platformSession?.id === sessionId) {
    await store.setSession(open.id, { id: sessionId, context: { ...open.platformSession.context, ...context } });
    return;
  }
  await store.savePending(channelId, sessionId, context);
}

/** Whether the end of session `sessionId` (if named) ends `c`. */
export function sessionEnded(c: Conversation, sessionId: string | undefined): boolean {
  return sessionId === undefined || c.platformSession === undefined || c.platformSession.id === sessionId;
}

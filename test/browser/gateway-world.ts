// The real gateway for the browser suites, on a port chosen up front so PUBLIC_BASE_URL (the
// origin of the form links in cards) is the same origin the browser opens the pages on.
import { freePort } from '../../src/infra/redis-server-process.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitFor } from '../helpers/wait.js';
import { createAgent, createChannel, createWorkspace } from '../helpers/world.js';
import { settings } from '../integration/profile-bot/scenario-kit.js';

export { TEXT, settings } from '../integration/profile-bot/scenario-kit.js';

export async function startBrowserGateway(env: Record<string, string> = {}, now?: () => Date): Promise<TestGateway> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  return startTestGateway({ PORT: String(port), PUBLIC_BASE_URL: base, SEND_BACKOFF_MS: '30', ...env }, now);
}

export interface WebchatWorld {
  ws: string;
  agent: string;
  channelId: string;
  /** the web chat page for this channel */
  pageUrl: string;
}

/**
 * A workspace whose profile bot holds customers without a profile (the card arrives with
 * MANUAL_GREETING), one online agent and a web chat channel. `profileBot` overrides fields of
 * the scenario kit's profile bot settings.
 */
export async function webchatWorld(t: TestGateway, profileBot: Record<string, unknown> = {}): Promise<WebchatWorld> {
  const s = settings({ onMissingProfile: 'hold' });
  const ws = await createWorkspace(t, { ...s, profileBot: { ...(s['profileBot'] as Record<string, unknown>), ...profileBot } });
  const agent = await createAgent(t, ws);
  const ch = await createChannel(t, ws, { type: 'webchat', name: '상담 채팅' });
  return { ws, agent, channelId: ch.id, pageUrl: `${t.url}/webchat/${ch.id}` };
}

/** the workspace's one conversation once it has the given status */
export async function conversationWith(t: TestGateway, ws: string, status: 'assigned' | 'waiting'): Promise<{ id: string }> {
  return waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}`)).json.items[0], `a ${status} conversation`);
}

/** an agent message through the admin API, as the agent's console would send it */
export async function agentSays(t: TestGateway, ws: string, conversationId: string, agentId: string, text: string): Promise<void> {
  const r = await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conversationId}/messages`, { agentId, text });
  if (r.status !== 202) throw new Error(`agent message refused: ${r.status} ${r.text}`);
}

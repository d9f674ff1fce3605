// The real gateway for the browser suites, on a port chosen up front so PUBLIC_BASE_URL (the
// origin of the form links in cards) is the same origin the browser opens the pages on.
import { randomUUID } from 'node:crypto';
import { freePort } from '../../src/infra/redis-server-process.js';
import { openSse } from '../helpers/sse.js';
import { startCuttableLink, type CuttableLink } from './cuttable-link.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitFor } from '../helpers/wait.js';
import { createAgent, createChannel, createWorkspace } from '../helpers/world.js';
import { settings } from '../integration/profile-bot/scenario-kit.js';

export { TEXT, settings } from '../integration/profile-bot/scenario-kit.js';

export async function startBrowserGateway(
  env: Record<string, string> = {},
  now?: () => Date,
): Promise<TestGateway> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  return startTestGateway({ PORT: String(port), PUBLIC_BASE_URL: base, SEND_BACKOFF_MS: '30', ...env }, now);
}

/**
 * The gateway behind a cuttable link: the browser (and the form links in cards, through
 * PUBLIC_BASE_URL) use `link.url`; the test's admin calls go to the gateway directly.
 */
export async function startLinkedGateway(
  env: Record<string, string> = {},
): Promise<{ t: TestGateway; link: CuttableLink }> {
  const link = await startCuttableLink();
  try {
    const t = await startTestGateway({ PUBLIC_BASE_URL: link.url, SEND_BACKOFF_MS: '30', ...env });
    link.pointAt(t.gw.port);
    return { t, link };
  } catch (err) {
    await link.close();
    throw err;
  }
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
 * the scenario kit's profile bot settings; `origin` is where the browser opens the page.
 */
export async function webchatWorld(
  t: TestGateway,
  profileBot: Record<string, unknown> = {},
  origin = t.url,
): Promise<WebchatWorld> {
  const s = settings({ onMissingProfile: 'hold' });
  const ws = await createWorkspace(t, {
    ...s,
    profileBot: { ...(s['profileBot'] as Record<string, unknown>), ...profileBot },
  });
  const agent = await createAgent(t, ws);
  const ch = await createChannel(t, ws, { type: 'webchat', name: '상담 채팅' });
  return { ws, agent, channelId: ch.id, pageUrl: `${origin}/webchat/${ch.id}` };
}

/** the workspace's one conversation once it has the given status */
export async function conversationWith(
  t: TestGateway,
  ws: string,
  status: 'assigned' | 'waiting',
): Promise<{ id: string }> {
  return waitFor(
    async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}`)).json.items[0],
    `a ${status} conversation`,
  );
}

/** an agent message through the admin API, as the agent's console would send it */
export async function agentSays(
  t: TestGateway,
  ws: string,
  conversationId: string,
  agentId: string,
  text: string,
): Promise<void> {
  const r = await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conversationId}/messages`, {
    agentId,
    text,
  });
  if (r.status !== 202) throw new Error(`agent message refused: ${r.status} ${r.text}`);
}

/**
 * A fresh visitor on the world's web chat channel asks for an agent; returns the form link of
 * the card the bot answers with (a real, signed, unused link).
 */
export async function freshCardUrl(t: TestGateway, w: WebchatWorld): Promise<string> {
  const hook = `/webhooks/webchat/${w.channelId}`;
  const token = (await t.request('POST', hook, { body: { type: 'hello' } })).json.visitorToken as string;
  const stream = await openSse(`${t.url}${hook}/stream?token=${encodeURIComponent(token)}`);
  try {
    const asked = await t.request('POST', hook, {
      body: { type: 'connect_request', eventId: randomUUID() },
      token,
    });
    if (asked.status !== 202) throw new Error(`connect_request refused: ${asked.status} ${asked.text}`);
    return await waitFor(async () => {
      for (const e of stream.events) {
        const data = JSON.parse(e.data) as { kind?: string; card?: { buttons?: { url?: string }[] } };
        const url = data.kind === 'card' ? data.card?.buttons?.[0]?.url : undefined;
        if (url) return url;
      }
      return null;
    }, 'the profile card on the stream');
  } finally {
    stream.close();
  }
}

/** the stored profile of the customer the link was made for */
export async function profileOf(t: TestGateway, ws: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const status of ['assigned', 'waiting']) {
    for (const c of (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}`)).json
      .items as { customerId: string }[]) {
      out.push(
        (await t.admin('GET', `/v1/workspaces/${ws}/customers/${c.customerId}`)).json.profile as Record<
          string,
          unknown
        >,
      );
    }
  }
  return out;
}

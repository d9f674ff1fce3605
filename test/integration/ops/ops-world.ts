// A Naver conversation whose agent messages the TalkTalk double refuses, to fill the dead letters.
import assert from 'node:assert/strict';
import nock from 'nock';
import { fixture } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { NAVER_BASE, createAgent, createChannel, createWorkspace, naverChannel } from '../../helpers/world.js';

export const FAST_SENDS = { SEND_BACKOFF_MS: '20', SEND_ATTEMPTS: '2' };
export const NAVER_KEY = 'naver-auth-key-1234567890';

export interface NaverConversation {
  ws: string;
  agent: string;
  channelId: string;
  conversationId: string;
  user: string;
  /** the channel's webhook path, with its key */
  hook: string;
  /** queues an agent message; resolves with its id */
  say(text: string): Promise<string>;
}

export async function naverConversation(t: TestGateway, user = 'al-2eGuGr5WQOnco1_V-FQ', ws?: string): Promise<NaverConversation> {
  const workspace = ws ?? (await createWorkspace(t));
  const agent = await createAgent(t, workspace);
  const ch = await createChannel(t, workspace, naverChannel());
  const hook = `/webhooks/naver/${ch.id}?key=${ch.webhookKey}`;
  assert.equal((await t.request('POST', hook, { body: { ...fixture('naver/inbound/send-inquiry.json'), user } })).status, 200);
  const conv = await waitFor(async () => {
    const items = (await t.admin('GET', `/v1/workspaces/${workspace}/conversations?status=assigned`)).json.items as { id: string; channelId: string }[];
    return items.find((c) => c.channelId === ch.id);
  }, 'assignment');
  return {
    ws: workspace,
    agent,
    channelId: ch.id,
    conversationId: conv.id,
    user,
    hook,
    async say(text) {
      const r = await t.admin('POST', `/v1/workspaces/${workspace}/conversations/${conv.id}/messages`, { agentId: agent, text });
      assert.equal(r.status, 202, r.text);
      return r.json.messageId as string;
    },
  };
}

export function sendBody(user: string, text: string): { event: string; user: string; textContent: { text: string } } {
  return { event: 'send', user, textContent: { text } };
}

/** the double answers this exact send once with `reply` */
export function naverReplies(user: string, text: string, reply: Record<string, unknown>): nock.Scope {
  return nock(NAVER_BASE).matchHeader('authorization', NAVER_KEY).post('/chatbot/v1/event', sendBody(user, text)).once().reply(200, reply);
}

export const REFUSED = { success: false, resultCode: '01', resultMessage: 'invalid authorization' };
export const ACCEPTED = { success: true, resultCode: '00' };

export async function messageStatus(t: TestGateway, c: NaverConversation, id: string): Promise<{ status: string; attempts?: number; error?: { code: string } }> {
  const conv = (await t.admin('GET', `/v1/workspaces/${c.ws}/conversations/${c.conversationId}`)).json;
  const m = (conv.messages as { id: string; status: string }[]).find((x) => x.id === id);
  assert.ok(m, `message ${id} in the conversation`);
  return m;
}

/** sends one agent message that TalkTalk refuses for good, and waits until it is a dead letter */
export async function failOne(t: TestGateway, c: NaverConversation, text: string): Promise<string> {
  const scope = naverReplies(c.user, text, REFUSED);
  const id = await c.say(text);
  await waitFor(async () => (await messageStatus(t, c, id)).status === 'failed', `message ${id} failed`);
  await waitFor(async () => (await t.gw.services.queues.outbound.getJobState(id)) === 'failed', `job ${id} in the failed set`);
  scope.done();
  return id;
}

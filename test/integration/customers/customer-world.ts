// A customer exists once their channel has talked to the gateway: these helpers make a Naver
// user ask for an agent and return what the gateway created, and record what it sent back.
import nock from 'nock';
import { fixture } from '../../helpers/fixtures.js';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { NAVER_BASE, type ChannelInfo } from '../../helpers/world.js';

export interface NaverSend {
  event: string;
  user: string;
  textContent?: { text: string };
  compositeContent?: { compositeList: { title?: string; description?: string; buttonList?: { type: string; data: { title: string } }[] }[] };
}

/** Every call to the Naver send API is answered with success and kept, in order. */
export function recordNaverSends(): NaverSend[] {
  const sent: NaverSend[] = [];
  nock(NAVER_BASE)
    .persist()
    .post('/chatbot/v1/event', (body: NaverSend) => {
      sent.push(body);
      return true;
    })
    .reply(200, { success: true, resultCode: '00' });
  return sent;
}

export interface ConnectedConversation {
  id: string;
  customerId: string;
  channelId: string;
  status: string;
  createdAt: string;
}

async function openConversations(t: TestGateway, ws: string): Promise<ConnectedConversation[]> {
  const [waiting, assigned] = await Promise.all([
    t.admin('GET', `/v1/workspaces/${ws}/conversations?status=waiting`),
    t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`),
  ]);
  return [...(waiting.json.items as ConnectedConversation[]), ...(assigned.json.items as ConnectedConversation[])];
}

/**
 * Posts Naver's connect request ("상담 요청", inputType inquiry) for `user` and waits for the
 * new open conversation on that channel.
 */
export async function connectNaver(t: TestGateway, ws: string, ch: ChannelInfo, user = 'al-2eGuGr5WQOnco1_V-FQ'): Promise<ConnectedConversation> {
  const before = new Set((await openConversations(t, ws)).map((c) => c.id));
  const body = { ...fixture('naver/inbound/send-inquiry.json'), user };
  const r = await t.request('POST', `/webhooks/naver/${ch.id}?key=${ch.webhookKey}`, { body });
  if (r.status !== 200) throw new Error(`webhook answered ${r.status}: ${r.text}`);
  return waitFor(
    async () => (await openConversations(t, ws)).find((c) => !before.has(c.id) && c.channelId === ch.id),
    'the new conversation',
  );
}

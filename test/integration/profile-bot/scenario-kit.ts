// Drives manual scenarios (29-x) through real webhooks: a TalkTalk double that records every
// send in order, and helpers to read what the customer saw.
import assert from 'node:assert/strict';
import nock from 'nock';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { NAVER_BASE, createAgent, createChannel, createWorkspace, naverChannel } from '../../helpers/world.js';

// The fixed texts, typed out here on purpose: a changed byte in the code must fail these tests.
export const TEXT = {
  PROFILE_REQUIRED: '프로필이 확인되지 않았습니다. 프로필을 먼저 입력 후 메시지를 남겨주세요.',
  MANUAL_GREETING: '먼저 접수된 순서대로 상담원이 응답을 준비하고 있습니다. 잠시만 기다려 주세요. 채팅 내용은 관계법령에 의거하여 자동으로 저장됩니다.',
  PROFILE_SAVED: '프로필이 저장되었습니다.',
  BUTTON: '고객 프로필 입력',
  GREETING: '안녕하세요, 무엇을 도와드릴까요?',
  OFF_HOURS: '지금은 상담 시간이 아닙니다.',
  GUIDE: '상담 전 프로필을 입력해 주세요.',
};

export type Seen = { text: string } | { card: string; url: string };

export function settings(over: {
  onMissingProfile?: 'assign' | 'hold';
  mode?: 'auto' | 'manual';
  backlog?: 'auto' | 'manual';
  open?: boolean;
  acceptOffHours?: boolean;
  idle?: number | null;
}): Record<string, unknown> {
  const all = [{ start: '00:00', end: '24:00' }];
  return {
    profileBot: {
      enabled: true,
      guideMessage: TEXT.GUIDE,
      guideImageId: null,
      fields: ['name', 'phone'],
      onMissingProfile: over.onMissingProfile ?? 'assign',
      privacyConsent: { enabled: true, url: 'https://example.com/privacy' },
    },
    distribution: { mode: over.mode ?? 'auto', backlog: over.backlog ?? 'auto' },
    businessHours: {
      enabled: true,
      timeZone: 'Asia/Seoul',
      acceptOffHours: over.acceptOffHours ?? false,
      weekly: over.open === false ? {} : { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all },
      holidays: [],
    },
    autoMessages: { greeting: TEXT.GREETING, offHours: TEXT.OFF_HOURS },
    autoClose: { customerIdleMinutes: over.idle ?? null },
  };
}

export interface NaverWorld {
  t: TestGateway;
  ws: string;
  agent: string;
  seen: Seen[];
  /** the channel secret that must never reach the logs */
  secret: string;
  /** POST a TalkTalk event for the customer */
  say(text: string, inputType?: string): Promise<void>;
  connect(): Promise<void>;
  conversation(): Promise<any>;
  /** waits until the customer has seen n messages */
  until(n: number): Promise<Seen[]>;
  submit(url: string, body: Record<string, unknown>): Promise<{ status: number; json: any }>;
}

export async function naverWorld(s: Record<string, unknown>, env: Record<string, string> = {}, now?: () => Date): Promise<NaverWorld> {
  const t = await startTestGateway({ SEND_BACKOFF_MS: '30', ...env }, now);
  const ws = await createWorkspace(t, s);
  const agent = await createAgent(t, ws);
  const ch = await createChannel(t, ws, naverChannel());
  const seen: Seen[] = [];
  nock(NAVER_BASE)
    .persist()
    .post('/chatbot/v1/event')
    .reply(async (req: Request) => {
      const body = (await req.json());
      if (body.textContent) seen.push({ text: body.textContent.text });
      else if (body.compositeContent) {
        const item = body.compositeContent.compositeList[0];
        seen.push({ card: item.buttonList[0].data.title, url: item.buttonList[0].data.url });
      }
      return [200, { success: true, resultCode: '00' }];
    });
  const hook = `/webhooks/naver/${ch.id}?key=${ch.webhookKey}`;
  const post = async (body: unknown): Promise<void> => {
    assert.equal((await t.request('POST', hook, { body })).status, 200);
  };
  const user = 'scenario-user-1';
  const w: NaverWorld = {
    t,
    ws,
    agent,
    seen,
    secret: 'naver-auth-key-1234567890',
    say: (text, inputType = 'typing') => post({ event: 'send', user, textContent: { text, inputType } }),
    connect: () => post({ event: 'send', user, textContent: { text: '상담 요청', inputType: 'inquiry' } }),
    async conversation() {
      return waitFor(async () => {
        for (const status of ['assigned', 'waiting', 'closed']) {
          const items = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}`)).json.items;
          if (items.length) return (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${items.at(-1).id}`)).json;
        }
        return null;
      }, 'a conversation');
    },
    until: (n) => waitFor(async () => (seen.length >= n ? [...seen] : null), `${n} messages seen (saw ${JSON.stringify(seen)})`),
    async submit(url, body) {
      const path = new URL(url).pathname;
      const r = await t.request('POST', path, { body });
      return { status: r.status, json: r.json };
    },
  };
  return w;
}

export function cardOf(seen: Seen[]): { card: string; url: string } {
  const c = seen.find((s): s is { card: string; url: string } => 'card' in s);
  assert.ok(c, 'a card was sent');
  return c;
}

export async function stop(w: NaverWorld): Promise<void> {
  nock.cleanAll();
  await w.t.stop();
}

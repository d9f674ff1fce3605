import assert from 'node:assert/strict';
import nock from 'nock';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace, naverChannel } from '../../helpers/world.js';
import { connectNaver, recordNaverSends, type NaverSend } from './customer-world.js';

const GUIDE = '상담 전 프로필을 입력해 주세요.';
const GREETING = '안녕하세요, 무엇을 도와드릴까요?';

const settings = {
  profileBot: {
    enabled: true,
    guideMessage: GUIDE,
    guideImageId: null,
    fields: ['name', 'phone'],
    onMissingProfile: 'assign',
    privacyConsent: { enabled: false, url: null },
  },
  distribution: { mode: 'auto', backlog: 'auto' },
  businessHours: { enabled: false, timeZone: 'Asia/Seoul', acceptOffHours: false, weekly: {}, holidays: [] },
  autoMessages: { greeting: GREETING, offHours: null },
  autoClose: { customerIdleMinutes: null },
};

const isCard = (s: NaverSend): boolean => s.compositeContent !== undefined;
const isGreeting = (s: NaverSend): boolean => s.textContent?.text === GREETING;

describe('PB-3: deleting the profile makes the bot ask again (end to end, Naver)', () => {
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('sends no card while a configured field is on file, and the card again once the fields are deleted', async () => {
    t = await startTestGateway({ SEND_BACKOFF_MS: '50' });
    const sent = recordNaverSends();
    const ws = await createWorkspace(t, settings);
    await createAgent(t, ws);
    const ch = await createChannel(t, ws, naverChannel());

    // 1. a new customer asks for an agent: nothing on file, so the card comes after the greeting
    const first = await connectNaver(t, ws, ch);
    const firstCard = await waitFor(async () => sent.find(isCard), 'the first card');
    assert.equal(firstCard.compositeContent?.compositeList[0]?.description, GUIDE);
    const customer = `/v1/workspaces/${ws}/customers/${first.customerId}`;

    // 2. an agent fills the profile in, the conversation ends
    const patch = await t.admin('PATCH', `${customer}/profile`, { name: '김고객', phone: '01012345678' });
    assert.equal(patch.status, 200, patch.text);
    assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/conversations/${first.id}/close`)).status, 200);

    // 3. the same customer asks again: greeting only, no card (PB-2)
    const mark = sent.length;
    const second = await connectNaver(t, ws, ch);
    assert.equal(second.customerId, first.customerId);
    await waitFor(async () => sent.slice(mark).find(isGreeting), 'the second greeting');
    const stored = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${second.id}`)).json;
    assert.deepEqual(stored.messages.filter((m: { kind: string }) => m.kind === 'card'), [], 'no card stored for the second conversation');
    assert.equal(stored.botSentAt, null);
    assert.equal(sent.slice(mark).filter(isCard).length, 0, 'no card sent to Naver');
    assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/conversations/${second.id}/close`)).status, 200);

    // 4. both fields deleted → the next connection request sends the card again (PB-3)
    assert.equal((await t.admin('DELETE', `${customer}/profile/name`)).status, 204);
    assert.equal((await t.admin('DELETE', `${customer}/profile/phone`)).status, 204);
    assert.deepEqual((await t.admin('GET', customer)).json.profile, {});
    const mark2 = sent.length;
    const third = await connectNaver(t, ws, ch);
    assert.equal(third.customerId, first.customerId);
    const card = await waitFor(async () => sent.slice(mark2).find(isCard), 'the card after deletion');
    assert.equal(card.user, 'al-2eGuGr5WQOnco1_V-FQ');
    const composite = card.compositeContent?.compositeList[0];
    assert.equal(composite?.description, GUIDE);
    assert.equal(composite?.buttonList?.length, 1);
    assert.equal(composite?.buttonList?.[0]?.data.title, '고객 프로필 입력');
    assert.ok((await t.admin('GET', `/v1/workspaces/${ws}/conversations/${third.id}`)).json.botSentAt);
  });

  it('keeps not asking while one configured field is still on file (PB-2: any field)', async () => {
    t = await startTestGateway({ SEND_BACKOFF_MS: '50' });
    const sent = recordNaverSends();
    const ws = await createWorkspace(t, settings);
    await createAgent(t, ws);
    const ch = await createChannel(t, ws, naverChannel());
    const first = await connectNaver(t, ws, ch);
    await waitFor(async () => sent.find(isCard), 'the first card');
    const customer = `/v1/workspaces/${ws}/customers/${first.customerId}`;
    await t.admin('PATCH', `${customer}/profile`, { name: '김고객', phone: '01012345678' });
    await t.admin('POST', `/v1/workspaces/${ws}/conversations/${first.id}/close`);
    assert.equal((await t.admin('DELETE', `${customer}/profile/phone`)).status, 204);

    const mark = sent.length;
    const second = await connectNaver(t, ws, ch);
    await waitFor(async () => sent.slice(mark).find(isGreeting), 'the greeting');
    const stored = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${second.id}`)).json;
    assert.equal(stored.messages.filter((m: { kind: string }) => m.kind === 'card').length, 0);
    assert.equal(sent.slice(mark).filter(isCard).length, 0);
  });
});

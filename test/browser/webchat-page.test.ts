// The web chat v2 page in chromium against the real gateway: a phone-sized visitor asks for an
// agent, gets the greeting and the profile card, fills the form the card opens, and sees
// PROFILE_SAVED arrive over SSE; then the stream drops while an agent writes, and a reload.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestGateway } from '../helpers/test-gateway.js';
import { waitFor } from '../helpers/wait.js';
import {
  MOBILE,
  launchOrSkip,
  screenshots,
  unexpected,
  watchProblems,
  type Problems,
} from './browser-kit.js';
import type { CuttableLink } from './cuttable-link.js';
import {
  TEXT,
  agentSays,
  conversationWith,
  startLinkedGateway,
  webchatWorld,
  type WebchatWorld,
} from './gateway-world.js';

/** every `data-testid="msg"` item whose bubble says exactly `text` */
const messages = (page: Page, text: string) =>
  page.locator('[data-testid="msg"]').filter({ has: page.locator('.bubble', { hasText: text }) });

/** waits for the message, then proves it is there exactly once */
async function seenOnce(page: Page, text: string): Promise<void> {
  await messages(page, text).first().waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await messages(page, text).count(), 1, `"${text}" shown exactly once`);
}

/** the stream is open when the status line is empty (the page writes '' on the EventSource's open) */
async function streamOpen(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="webchat-status"]')?.textContent === '',
    undefined,
    { timeout: 10_000 },
  );
}

describe('web chat v2 page in chromium (real gateway)', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  let t: TestGateway | undefined;
  let link: CuttableLink | undefined;
  let context: BrowserContext;
  let problems: Problems;

  before(async function () {
    browser = await launchOrSkip(this);
    ({ t, link } = await startLinkedGateway());
  });
  beforeEach(async () => {
    context = await browser!.newContext({ viewport: MOBILE, locale: 'ko-KR' });
    problems = await watchProblems(context);
  });
  afterEach(async () => {
    link?.restore();
    await context?.close();
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
    await link?.close();
  });

  /** a new workspace and visitor: the chat page open, its stream connected */
  async function openChat(): Promise<{ w: WebchatWorld; chat: Page; token: string }> {
    const w = await webchatWorld(t!, {}, link!.url);
    const chat = await context.newPage();
    await chat.goto(w.pageUrl);
    assert.equal(await chat.title(), '상담 채팅');
    await streamOpen(chat);
    const token = await chat.evaluate((key) => localStorage.getItem(key), `talkgate.webchat.${w.channelId}`);
    assert.ok(token, 'the visitor token is kept in localStorage');
    return { w, chat, token };
  }

  /** 상담원 연결 → the card; the profile is submitted straight to the card's link → assigned */
  async function connectWithProfile(w: WebchatWorld, chat: Page): Promise<{ id: string }> {
    await chat.getByTestId('webchat-connect').click();
    const href = (await chat.getByTestId('card-button').getAttribute('href')) ?? '';
    const saved = await t!.request('POST', new URL(href).pathname, {
      body: { name: '김웹', phone: '01044445555' },
    });
    assert.equal(saved.status, 200, saved.text);
    await seenOnce(chat, TEXT.PROFILE_SAVED);
    return conversationWith(t!, w.ws, 'assigned');
  }

  it('connect → greeting and card → the form it opens → PROFILE_SAVED over the stream', async () => {
    const gw = t!;
    const { w, chat } = await openChat();
    await chat.getByTestId('webchat-connect').click();
    assert.equal(await chat.getByTestId('webchat-connect').innerText(), '상담원 연결');
    const request = chat.locator('[data-testid="msg"][data-from="customer"]');
    await chat.waitForSelector('[data-testid="msg"][data-from="customer"][data-status="sent"]');
    assert.equal(await request.locator('.bubble').innerText(), '상담원 연결을 요청했습니다.');

    await seenOnce(chat, TEXT.MANUAL_GREETING);
    const card = chat.locator('[data-testid="msg"][data-kind="card"]');
    await card.waitFor();
    assert.equal(await card.count(), 1);
    assert.match(await card.innerText(), new RegExp(TEXT.GUIDE.replace('.', '\\.')));
    const button = card.getByTestId('card-button');
    assert.equal(await button.innerText(), TEXT.BUTTON);
    const href = (await button.getAttribute('href')) ?? '';
    assert.ok(
      href.startsWith(`${link!.url}/forms/profile/`),
      `the form link is on the page's origin: ${href}`,
    );
    await screenshots(chat, 'webchat-card');

    // rel=noopener + target=_blank: a new tab in the same context
    const [form] = await Promise.all([context.waitForEvent('page'), button.click()]);
    await form.waitForLoadState('domcontentloaded');
    assert.equal(form.url(), href);
    await form.getByLabel('이름').fill('이웹');
    await form.getByLabel('휴대폰 번호').fill('01022223333');
    await form.getByRole('button', { name: '확인' }).click();
    await form.getByTestId('form-success').waitFor({ state: 'visible' });
    assert.match(await form.getByTestId('form-success').innerText(), /^프로필이 저장되었습니다\./);
    await form.close();

    await seenOnce(chat, TEXT.PROFILE_SAVED);
    const saved = messages(chat, TEXT.PROFILE_SAVED);
    assert.equal(await saved.getAttribute('data-kind'), 'text');
    const conv = await conversationWith(gw, w.ws, 'assigned');
    const detail = (await gw.admin('GET', `/v1/workspaces/${w.ws}/conversations/${conv.id}`)).json;
    const customer = (await gw.admin('GET', `/v1/workspaces/${w.ws}/customers/${detail.customerId}`)).json;
    assert.deepEqual(customer.profile, { name: '이웹', phone: '010-2222-3333' });
    await screenshots(chat, 'webchat-saved');
    assert.deepEqual(unexpected(problems), []);
  });

  it('the card button says the profile is in once it was saved, live and after a reload', async () => {
    const { chat } = await openChat();
    await chat.getByTestId('webchat-connect').click();
    const button = chat.locator('[data-testid="msg"][data-kind="card"]').getByTestId('card-button');
    await button.waitFor();
    const [form] = await Promise.all([context.waitForEvent('page'), button.click()]);
    await form.waitForLoadState('domcontentloaded');
    await form.getByLabel('이름').fill('박완료');
    await form.getByLabel('휴대폰 번호').fill('01066667777');
    await form.getByRole('button', { name: '확인' }).click();
    await form.getByTestId('form-success').waitFor({ state: 'visible' });
    await form.close();

    const assertDone = async (when: string): Promise<void> => {
      const done = chat.locator('[data-testid="msg"][data-kind="card"] [data-testid="card-button"]');
      await chat.waitForSelector('[data-testid="card-button"][data-state="done"]', { timeout: 10_000 });
      assert.equal(await done.count(), 1, `one card button ${when}`);
      assert.equal(await done.innerText(), '입력 완료', `done label ${when}`);
      assert.equal(await done.isDisabled(), true, `disabled ${when}`);
      assert.equal(await done.getAttribute('href'), null, `no link left to open ${when}`);
      // a click does nothing: no new tab with the 409 page
      const opened: Page[] = [];
      context.on('page', (p) => opened.push(p));
      await done.click({ force: true });
      await chat.waitForTimeout(300);
      assert.equal(opened.length, 0, `nothing opens ${when}`);
    };
    await seenOnce(chat, TEXT.PROFILE_SAVED);
    await assertDone('on the page');
    await screenshots(chat, 'webchat-card-done');

    await chat.reload();
    await streamOpen(chat);
    await seenOnce(chat, TEXT.PROFILE_SAVED);
    await assertDone('after a reload');
    assert.deepEqual(unexpected(problems, { http: [/^failed \S+\/stream\?token=\S+ net::ERR_ABORTED$/] }), []);
  });

  it('gets a message sent while the stream was down exactly once, after the connection returns', async () => {
    const gw = t!;
    const { w, chat } = await openChat();
    const conv = await connectWithProfile(w, chat);
    await agentSays(gw, w.ws, conv.id, w.agent, '연결 전 메시지');
    await seenOnce(chat, '연결 전 메시지');

    // The network goes away: the open stream is reset and every reconnect is refused.
    const before = link!.accepted;
    const resumes: Promise<string>[] = [];
    chat.on('request', (r) => {
      if (!r.url().includes('/stream?')) return;
      resumes.push(
        r
          .allHeaders()
          .then((h) => h['last-event-id'] ?? new URL(r.url()).searchParams.get('lastEventId') ?? '')
          .catch(() => ''),
      );
    });
    link!.cut();
    await chat
      .getByTestId('webchat-status')
      .filter({ hasText: '연결이 끊겼습니다' })
      .waitFor({ timeout: 10_000 });
    await agentSays(gw, w.ws, conv.id, w.agent, '끊긴 동안 보낸 메시지');
    const refused = link!.refused;
    await waitFor(async () => link!.refused > refused, 'the page trying to reconnect', 10_000);
    assert.equal(
      await messages(chat, '끊긴 동안 보낸 메시지').count(),
      0,
      'nothing arrives while the link is down',
    );
    link!.restore();

    await seenOnce(chat, '끊긴 동안 보낸 메시지');
    await streamOpen(chat);
    assert.ok(link!.accepted > before, 'the page came back on a new connection');
    const resumedFrom = await resumes.at(-1);
    assert.match(
      resumedFrom ?? '',
      /^\d+-\d+$/,
      'the stream that came back resumed from the last event it had',
    );
    await agentSays(gw, w.ws, conv.id, w.agent, '다시 연결된 뒤 메시지');
    await seenOnce(chat, '다시 연결된 뒤 메시지');
    for (const text of [
      TEXT.MANUAL_GREETING,
      TEXT.PROFILE_SAVED,
      '연결 전 메시지',
      '끊긴 동안 보낸 메시지',
    ]) {
      assert.equal(await messages(chat, text).count(), 1, `"${text}" once after the reconnect`);
    }
    assert.equal(await chat.locator('[data-testid="msg"][data-kind="card"]').count(), 1);
    // the stream's own failures while the link was down are expected, nothing else
    assert.deepEqual(unexpected(problems, { http: [/^failed \S+\/stream\?token=/] }), []);
  });

  it('continues the same conversation after a reload (the visitor token is in localStorage)', async () => {
    const gw = t!;
    const { w, chat, token } = await openChat();
    const conv = await connectWithProfile(w, chat);
    await agentSays(gw, w.ws, conv.id, w.agent, '새로고침 전 메시지');
    await seenOnce(chat, '새로고침 전 메시지');
    await chat.getByTestId('webchat-input').fill('제가 보낸 질문');
    await chat.getByTestId('webchat-send').click();
    await seenOnce(chat, '제가 보낸 질문');
    // the echo on the stream has the optimistic item's id: still once
    await chat.waitForTimeout(500);
    await seenOnce(chat, '제가 보낸 질문');

    await chat.reload();
    await streamOpen(chat);
    assert.equal(
      await chat.evaluate((k) => localStorage.getItem(k), `talkgate.webchat.${w.channelId}`),
      token,
      'same visitor',
    );
    await agentSays(gw, w.ws, conv.id, w.agent, '새로고침 후 메시지');
    await seenOnce(chat, '새로고침 후 메시지');
    const all = (await gw.admin('GET', `/v1/workspaces/${w.ws}/conversations?status=assigned`)).json.items;
    assert.deepEqual(
      all.map((c: { id: string }) => c.id),
      [conv.id],
      'still the one conversation',
    );
    // the reloaded page reads the visitor's stream from its start: everything once, nothing twice
    for (const text of [TEXT.MANUAL_GREETING, TEXT.PROFILE_SAVED, '새로고침 전 메시지', '제가 보낸 질문']) {
      assert.equal(await messages(chat, text).count(), 1, `"${text}" once after the reload`);
    }
    assert.equal(await chat.locator('[data-testid="msg"][data-kind="card"]').count(), 1);
    assert.equal(await messages(chat, '제가 보낸 질문').getAttribute('data-from'), 'customer', 'own message kept as the visitor’s');
    await screenshots(chat, 'webchat-reloaded');
    // the reload closes the open stream
    assert.deepEqual(
      unexpected(problems, { http: [/^failed \S+\/stream\?token=\S+ net::ERR_ABORTED$/] }),
      [],
    );
  });
});

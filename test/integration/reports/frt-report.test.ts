import assert from 'node:assert/strict';
import nock from 'nock';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace, naverChannel, type ChannelInfo } from '../../helpers/world.js';
import { connectNaver, recordNaverSends } from '../customers/customer-world.js';

const T0 = Date.parse('2026-03-02T01:00:00.000Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
const iso = (seconds: number): string => at(seconds).toISOString();

describe('FRT report (PB-23)', () => {
  let t: TestGateway;
  let clock: Date;
  let ws: string;
  let agent: string;
  let chA: ChannelInfo;
  let chB: ChannelInfo;

  const reply = async (conversationId: string): Promise<void> => {
    const r = await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conversationId}/messages`, { agentId: agent, text: '안녕하세요, 상담원입니다.' });
    assert.equal(r.status, 202, r.text);
    await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conversationId}`)).json.firstResponseAt, 'first response recorded');
  };
  const report = (query = ''): ReturnType<TestGateway['admin']> => t.admin('GET', `/v1/workspaces/${ws}/reports/frt${query}`);

  /**
   * conv1: channel A, created T0, answered at T0+90 s (FRT 90), then closed.
   * conv2: channel B, created T0+10 s, answered at T0+40 s (FRT 30), still assigned.
   * conv3: channel A, created T0+100 s while the agent is offline: waiting, unanswered.
   */
  beforeEach(async () => {
    clock = at(-3600);
    t = await startTestGateway({ SEND_BACKOFF_MS: '50' }, () => clock);
    recordNaverSends();
    ws = await createWorkspace(t);
    agent = await createAgent(t, ws);
    chA = await createChannel(t, ws, naverChannel({ name: 'A' }));
    chB = await createChannel(t, ws, naverChannel({ name: 'B' }));

    clock = at(0);
    const conv1 = await connectNaver(t, ws, chA, 'user-one');
    clock = at(10);
    const conv2 = await connectNaver(t, ws, chB, 'user-two');
    assert.equal(conv1.createdAt, iso(0));
    assert.equal(conv2.createdAt, iso(10));
    clock = at(40);
    await reply(conv2.id);
    clock = at(90);
    await reply(conv1.id);
    assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv1.id}/close`)).status, 200);
    assert.equal((await t.admin('PUT', `/v1/workspaces/${ws}/agents/${agent}/status`, { online: false })).status, 200);
    clock = at(100);
    const conv3 = await connectNaver(t, ws, chA, 'user-three');
    assert.equal(conv3.status, 'waiting');
    clock = at(200);
  });
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('reports exact FRT seconds over every status, per channel, with the unanswered count (default range: last 7 days)', async () => {
    const r = await report();
    assert.equal(r.status, 200, r.text);
    const [a, b] = [chA.id, chB.id].sort() as [string, string];
    const stats = (id: string) =>
      id === chA.id
        ? { channelId: chA.id, count: 1, medianSeconds: 90, p90Seconds: 90, unanswered: 1 }
        : { channelId: chB.id, count: 1, medianSeconds: 30, p90Seconds: 30, unanswered: 0 };
    assert.deepEqual(r.json, {
      count: 2,
      // nearest rank: the median of two samples is the lower one
      medianSeconds: 30,
      p90Seconds: 90,
      unanswered: 1,
      byChannel: [stats(a), stats(b)],
      from: new Date(at(200).getTime() - 7 * 24 * 3600 * 1000).toISOString(),
      to: iso(200),
    });
  });

  it('filters by channel', async () => {
    const r = await report(`?channelId=${chA.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.count, 1);
    assert.equal(r.json.medianSeconds, 90);
    assert.equal(r.json.p90Seconds, 90);
    assert.equal(r.json.unanswered, 1);
    assert.deepEqual(r.json.byChannel, [{ channelId: chA.id, count: 1, medianSeconds: 90, p90Seconds: 90, unanswered: 1 }]);

    const none = await report('?channelId=ch_unknown');
    assert.equal(none.status, 200);
    assert.deepEqual([none.json.count, none.json.medianSeconds, none.json.p90Seconds, none.json.unanswered, none.json.byChannel], [0, null, null, 0, []]);
  });

  it('counts conversations created in [from, to): from inclusive, to exclusive', async () => {
    // conv2 was created at T0+10 s exactly, conv3 at T0+100 s exactly
    const r = await report(`?from=${iso(10)}&to=${iso(100)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.from, iso(10));
    assert.equal(r.json.to, iso(100));
    assert.deepEqual([r.json.count, r.json.medianSeconds, r.json.unanswered], [1, 30, 0]);
    assert.deepEqual(r.json.byChannel.map((c: { channelId: string }) => c.channelId), [chB.id]);

    const withThird = await report(`?from=${iso(10)}&to=${iso(101)}`);
    assert.deepEqual([withThird.json.count, withThird.json.unanswered], [1, 1]);

    // a date alone means midnight UTC; a zone offset is honoured
    const day = await report('?from=2026-03-02&to=2026-03-02T10:00:00%2B09:00');
    assert.equal(day.status, 200, day.text);
    assert.equal(day.json.to, '2026-03-02T01:00:00.000Z');
    assert.equal(day.json.count, 0, 'conv1 at 01:00:00Z is excluded by the exclusive `to`');
  });

  it('refuses an empty or reversed range and malformed times with 400', async () => {
    for (const q of [`?from=${iso(10)}&to=${iso(10)}`, `?from=${iso(100)}&to=${iso(10)}`]) {
      const r = await report(q);
      assert.equal(r.status, 400, q);
      assert.equal(r.json.error.code, 'invalid_range');
      assert.deepEqual(r.json.error.details.map((d: { path: string }) => d.path), ['/to']);
    }
    for (const q of ['?from=yesterday', '?to=2026-13-45', '?from=2026-03-02T25:00:00Z', '?since=2026-03-01']) {
      const r = await report(q);
      assert.equal(r.status, 400, `${q}: ${r.text}`);
      assert.ok(r.json.error.details.length >= 1);
    }
  });

  it('answers 401 without the token and 404 for an unknown workspace', async () => {
    assert.equal((await t.request('GET', `/v1/workspaces/${ws}/reports/frt`)).status, 401);
    const r = await t.admin('GET', '/v1/workspaces/ws_unknown/reports/frt');
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'workspace_not_found');
  });
});

describe('FRT report: time held for the profile counts (PB-23, 29-18)', () => {
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('measures from creation, not from assignment', async () => {
    let clock = at(0);
    t = await startTestGateway({ SEND_BACKOFF_MS: '50' }, () => clock);
    recordNaverSends();
    const ws = await createWorkspace(t, {
      profileBot: { enabled: true, guideMessage: '상담 전 프로필을 입력해 주세요.', guideImageId: null, fields: ['name', 'phone'], onMissingProfile: 'hold', privacyConsent: { enabled: false, url: null } },
      distribution: { mode: 'auto', backlog: 'auto' },
      businessHours: { enabled: false, timeZone: 'Asia/Seoul', acceptOffHours: false, weekly: {}, holidays: [] },
      autoMessages: { greeting: null, offHours: null },
      autoClose: { customerIdleMinutes: null },
    });
    const agent = await createAgent(t, ws);
    const ch = await createChannel(t, ws, naverChannel());
    const conv = await connectNaver(t, ws, ch);
    assert.equal(conv.status, 'waiting', 'held for the profile');
    clock = at(300);
    assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/assign`, { agentId: agent })).status, 200);
    clock = at(310);
    assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent, text: '확인했습니다.' })).status, 202);
    await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv.id}`)).json.firstResponseAt, 'first response');
    const r = await t.admin('GET', `/v1/workspaces/${ws}/reports/frt?from=${iso(0)}&to=${iso(1)}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.count, r.json.medianSeconds, r.json.p90Seconds], [1, 310, 310]);
  });
});

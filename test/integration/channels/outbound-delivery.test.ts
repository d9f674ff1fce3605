// Outbound: retries, Retry-After, permanent failures kept, and order per conversation.
import assert from 'node:assert/strict';
import nock from 'nock';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { KAKAO_BASE, createAgent, createChannel, createWorkspace, kakaoChannel } from '../../helpers/world.js';

const BOT = 'bot-1';
const PATH = `/v2/bots/${BOT}/talk`;

interface Sent {
  user: string;
  text: string;
  at: number;
}

function skillRequest(user: string, utterance: string) {
  return {
    userRequest: { utterance, user: { id: `bk-${user}`, type: 'botUserKey', properties: { plusfriendUserKey: user } }, block: { id: 'b', name: 'b' } },
    bot: { id: BOT, name: 'bot' },
    action: { id: 'a', name: 'a', params: {}, detailParams: {} },
  };
}

describe('Outbound delivery', function () {
  this.timeout(30_000);
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  async function setup(env: Record<string, string> = {}) {
    t = await startTestGateway({ SEND_BACKOFF_MS: '30', SEND_ATTEMPTS: '5', KAKAO_SYNC_WAIT_MS: '200', ...env });
    const ws = await createWorkspace(t);
    const agent = await createAgent(t, ws, 'agent', true, 10);
    const ch = await createChannel(t, ws, kakaoChannel());
    const open = async (user: string): Promise<string> => {
      await t.request('POST', `/webhooks/kakao/${ch.id}?key=${ch.webhookKey}`, { body: skillRequest(user, '상담원 연결') });
      const items = await waitFor(async () => {
        const list = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items as { id: string; customerId: string }[];
        return list.length ? list : null;
      }, 'assigned');
      const customers = await Promise.all(items.map(async (c) => ({ c, cust: (await t.admin('GET', `/v1/workspaces/${ws}/customers/${c.customerId}`)).json })));
      const mine = customers.find((x) => x.cust?.identifier === user) ?? customers[customers.length - 1]!;
      return mine.c.id;
    };
    const say = async (conv: string, text: string): Promise<string> => {
      const r = await t.admin('POST', `/v1/workspaces/${ws}/conversations/${conv}/messages`, { agentId: agent, text });
      assert.equal(r.status, 202);
      return r.json.messageId as string;
    };
    const statusOf = async (conv: string, id: string) =>
      ((await t.admin('GET', `/v1/workspaces/${ws}/conversations/${conv}`)).json.messages as { id: string; status: string; attempts?: number; error?: { code: string } }[]).find((m) => m.id === id);
    return { ws, agent, ch, open, say, statusOf };
  }

  it('retries 5xx and then delivers once', async () => {
    const { open, say, statusOf } = await setup();
    const conv = await open('user-a');
    const scope = nock(KAKAO_BASE).post(PATH).reply(503, 'busy').post(PATH).reply(502).post(PATH).reply(200, { taskId: 'ok' });
    const id = await say(conv, '재시도 후 도착');
    const m = await waitFor(async () => {
      const s = await statusOf(conv, id);
      return s?.status === 'sent' ? s : null;
    }, 'sent after retries');
    assert.equal(m.attempts, 3);
    scope.done();
  });

  it('waits as long as 429 Retry-After asks', async () => {
    const { open, say, statusOf } = await setup();
    const conv = await open('user-a');
    let first = 0;
    let second = 0;
    nock(KAKAO_BASE)
      .post(PATH)
      .reply(() => {
        first = Date.now();
        return [429, 'slow down', { 'Retry-After': '1' }];
      })
      .post(PATH)
      .reply(() => {
        second = Date.now();
        return [200, { taskId: 'ok' }];
      });
    const id = await say(conv, '천천히');
    await waitFor(async () => (await statusOf(conv, id))?.status === 'sent', 'sent after Retry-After', 10_000);
    assert.ok(second - first >= 950, `waited ${second - first} ms`);
  });

  it('keeps a permanent failure as failed at once, with its error', async () => {
    const { open, say, statusOf } = await setup();
    const conv = await open('user-a');
    const scope = nock(KAKAO_BASE).post(PATH).reply(401, { code: -401, msg: 'invalid key' });
    const id = await say(conv, '실패');
    const m = await waitFor(async () => {
      const s = await statusOf(conv, id);
      return s?.status === 'failed' ? s : null;
    }, 'failed');
    assert.equal(m.attempts, 1);
    assert.equal(m.error?.code, 'http_401');
    scope.done();
    const failed = await t.gw.services.queues.outbound.getFailed();
    assert.deepEqual(failed.map((j) => j.id), [id]);
  });

  it('keeps the order of 20 messages with failures injected, and a failing conversation does not hold another', async () => {
    const { open, say, statusOf } = await setup();
    const a = await open('user-a');
    const b = await open('user-b');
    const received: Sent[] = [];
    const attempts = new Map<string, number>();
    nock(KAKAO_BASE)
      .persist()
      .post(PATH)
      // nock 15 hands a reply function the fetch-style Request
      .reply(async (req: Request) => {
        const b2 = (await req.json()) as { event: { data: { text: string } }; user: { id: string }[] };
        const text = b2.event.data.text;
        const n = (attempts.get(text) ?? 0) + 1;
        attempts.set(text, n);
        // every third message of A fails twice before it goes through
        const idx = Number(/^A(\d+)$/.exec(text)?.[1] ?? -1);
        if (idx >= 0 && idx % 3 === 0 && n <= 2) return [500, 'boom'];
        received.push({ user: b2.user[0]!.id, text, at: Date.now() });
        return [200, { taskId: text }];
      });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await say(a, `A${i}`));
    const bId = await say(b, 'B0');
    await waitFor(async () => (await statusOf(b, bId))?.status === 'sent', 'B delivered');
    await waitFor(async () => received.filter((r) => r.user === 'user-a').length === 20, 'all of A delivered', 20_000);
    const aTexts = received.filter((r) => r.user === 'user-a').map((r) => r.text);
    assert.deepEqual(aTexts, Array.from({ length: 20 }, (_, i) => `A${i}`));
    assert.equal(new Set(aTexts).size, 20, 'none twice');
    const bAt = received.find((r) => r.user === 'user-b')!.at;
    const lastA = received.filter((r) => r.user === 'user-a').at(-1)!.at;
    assert.ok(bAt < lastA, 'B was not held behind A');
  });
});

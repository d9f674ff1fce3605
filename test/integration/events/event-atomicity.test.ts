// An event exists if and only if its change was stored. By construction every store writes its
// events in the same Lua script or MULTI as the change (event-log.redis.ts); this test checks it
// under a crash: a gateway child process is killed with SIGKILL during a burst of customer texts
// and agent replies, started again, and once it has caught up every stored conversation, message
// and delivery has exactly one event and no event names a change that was not stored.
import assert from 'node:assert/strict';
import { freePort } from '../../../src/infra/redis-server-process.js';
import { suiteRedis, type SuiteRedis } from '../../helpers/redis-harness.js';
import { startPlatformDouble, type PlatformDouble } from '../../helpers/platform-double.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { client, conversationsByUser, naverSend, startChildGateway, type ChildGateway, type Client, type ConversationView } from '../faults/fault-kit.js';
import { assertLogInvariants, type Item } from './event-kit.js';

const CUSTOMERS = 12;
const TEXTS = 8;
const KILL_AFTER = 40;

async function pull(c: Client, ws: string): Promise<Item[]> {
  const out: Item[] = [];
  let after = '';
  for (;;) {
    const r = await c.admin('GET', `/v1/workspaces/${ws}/events?limit=1000${after}`);
    assert.equal(r.status, 200, r.text);
    out.push(...(r.json.items as Item[]));
    if (!r.json.next) return out;
    after = `&after=${r.json.next}`;
  }
}

describe('Events: kill -9 leaves no change without its event and no event without its change', function () {
  this.timeout(120_000);
  let redis: SuiteRedis;
  let double: PlatformDouble;
  let gw: ChildGateway | null = null;
  after(async () => {
    await gw?.stop();
    await double?.close();
    await redis?.stop();
  });

  it('compares every stored change with the event log after a crash mid-burst', async () => {
    redis = await suiteRedis('evkill');
    double = await startPlatformDouble();
    double.setLatency(10);
    const port = await freePort();
    const env = { ...redis.env, PORT: String(port), REDIS_PREFIX: 'evkill', SEND_BACKOFF_MS: '50', SEND_TIMEOUT_MS: '2000' };
    gw = await startChildGateway(env);
    const c = client(`http://127.0.0.1:${port}`);
    const ws = (await c.admin('POST', '/v1/workspaces', { name: 'acme' })).json.id as string;
    const agent = (await c.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '김상담', maxConcurrent: 100 })).json.id as string;
    await c.admin('PUT', `/v1/workspaces/${ws}/agents/${agent}/status`, { online: true });
    const ch = await c.admin('POST', `/v1/workspaces/${ws}/channels`, { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'naver-auth-key-1234567890' }, apiBaseUrl: double.url });
    const hook = `/webhooks/naver/${ch.json.id}?key=${ch.json.webhookKey}`;
    const users = Array.from({ length: CUSTOMERS }, (_, i) => `ev-kill-${i}`);

    for (const user of users) assert.equal((await c.request('POST', hook, { body: naverSend(user, '상담 요청', 'inquiry') })).status, 200);
    const opened = await waitFor(async () => {
      const m = await conversationsByUser(c, ws);
      return m.size === CUSTOMERS ? m : null;
    }, 'a conversation per customer', 20_000);

    let up = true;
    let acked = 0;
    const whenUp = (): Promise<boolean> => waitFor(async () => up, 'the gateway back', 60_000);
    const burst = Promise.all(
      users.map(async (user, i) => {
        await sleep(i * 5);
        for (let k = 0; k < TEXTS; k++) {
          const r = await c.request('POST', hook, { body: naverSend(user, `${user} ${k}`) });
          if (r.status === 200) acked++;
          else await whenUp();
          if (k % 2 === 0) continue;
          const s = await c.admin('POST', `/v1/workspaces/${ws}/conversations/${opened.get(user)!.id}/messages`, { agentId: agent, text: `${user} 답변 ${k}` });
          if (s.status !== 202) await whenUp();
        }
      }),
    );
    await waitFor(async () => acked >= KILL_AFTER || null, `${KILL_AFTER} acknowledged webhooks`, 30_000);
    up = false;
    await gw.kill9();
    gw = await startChildGateway(env);
    up = true;
    await burst;

    // caught up: no outbound message still waiting for its job, and the log no longer moves
    let items: Item[] = [];
    let convs = new Map<string, ConversationView>();
    await waitFor(
      async () => {
        const before = await pull(c, ws);
        convs = await conversationsByUser(c, ws);
        items = await pull(c, ws);
        const queued = [...convs.values()].flatMap((v) => v.messages).filter((m) => m.status === 'queued').length;
        return (before.length === items.length && queued === 0) || null;
      },
      'the gateway to catch up',
      60_000,
    ).catch(async () => {
      // a request cut off by the kill may leave a stored message no job will ever send; it
      // must still have its message.created (checked below) and no delivery
      convs = await conversationsByUser(c, ws);
      items = await pull(c, ws);
    });

    assertLogInvariants(items);
    const count = (type: string, pick: (d: Record<string, any>) => string): Map<string, number> => {
      const m = new Map<string, number>();
      for (const i of items.filter((x) => x.event.type === type)) m.set(pick(i.event.data), (m.get(pick(i.event.data)) ?? 0) + 1);
      return m;
    };
    const created = count('message.created', (d) => d['messageId']);
    const delivered = count('message.delivered', (d) => d['messageId']);
    const convCreated = count('conversation.created', (d) => d['conversation'].id);
    const messages = [...convs.values()].flatMap((v) => v.messages).filter((m) => m.kind !== 'event');
    for (const m of messages) {
      assert.equal(created.get(m.id), 1, `stored message ${m.id} has one message.created`);
      assert.equal(delivered.get(m.id) ?? 0, m.direction === 'out' && m.status === 'sent' ? 1 : 0, `${m.id} (${m.status}) deliveries`);
    }
    const stored = new Set(messages.map((m) => m.id));
    for (const id of [...created.keys(), ...delivered.keys()]) assert.ok(stored.has(id), `event about ${id}: the message is stored`);
    for (const v of convs.values()) {
      assert.equal(convCreated.get(v.id), 1, `conversation ${v.id} has one conversation.created`);
      const last = items.filter((i) => i.event.conversationId === v.id && i.event.type === 'conversation.status_changed').at(-1);
      assert.equal(last?.event.data['to'], v.status, `${v.id}: the last status event says the stored status`);
    }
    assert.equal(convCreated.size, convs.size, 'no conversation.created without its conversation');
    assert.ok(messages.length > KILL_AFTER, 'the burst went on after the kill');
    console.log(`    event log after kill -9: ${items.length} events for ${convs.size} conversations and ${messages.length} messages; each change once`);
  });
});

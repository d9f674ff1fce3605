// Proof under a crash for webhooks: the gateway runs as a child process against a private
// redis-server; events stream into the log of 20 conversations while a local receiver answers
// (a little slowly, so deliveries are in flight); the process is killed with SIGKILL mid-burst
// and started again. The receiver then holds every event id, in sequence order per
// conversation; a repeat is only ever the same webhook-id sent again right after itself. The
// second case does the same with the gateway's own events: TalkTalk customers write while an
// agent is online, and the receiver ends up holding exactly the event log.
import assert from 'node:assert/strict';
import { createKeys } from '../../../src/infra/keys.js';
import { freePort } from '../../../src/infra/redis-server-process.js';
import type { RedisClient } from '../../../src/infra/redis-client.js';
import { connectRedis, suiteRedis, type SuiteRedis } from '../../helpers/redis-harness.js';
import { eventLog, type TestEvent } from '../../helpers/event-log.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { startPlatformDouble, type PlatformDouble } from '../../helpers/platform-double.js';
import { client, naverSend, startChildGateway, type ChildGateway } from './fault-kit.js';

const CONVERSATIONS = 20;
const EVENTS_PER_CONVERSATION = 15;
const KILL_AFTER_DELIVERED = 90;

describe('faults: kill -9 of the gateway during a webhook burst', function () {
  this.timeout(120_000);
  let redis: SuiteRedis;
  let receiver: WebhookReceiver;
  let gw: ChildGateway | null = null;
  let r: RedisClient | null = null;
  after(async () => {
    await gw?.stop();
    r?.disconnect();
    await receiver?.close();
    await redis?.stop();
  });

  it('delivers each event id once per conversation in sequence order across the crash', async () => {
    redis = await suiteRedis('whkill');
    receiver = await startWebhookReceiver();
    receiver.answer(() => ({ status: 200, delayMs: 5 }));
    const port = await freePort();
    const env = { ...redis.env, PORT: String(port), REDIS_PREFIX: 'whkill', WEBHOOK_RETRY_SCHEDULE: '0.2,0.5,1,1,2,2,2' };
    gw = await startChildGateway(env);
    const c = client(`http://127.0.0.1:${port}`);
    const ws = (await c.admin('POST', '/v1/workspaces', { name: 'acme' })).json.id as string;
    const ep = await c.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: receiver.url, eventTypes: ['*'] });
    assert.equal(ep.status, 201, ep.text);
    receiver.setSecrets([ep.json.secret as string]);
    r = connectRedis(redis.url);
    const log = eventLog(r, createKeys('whkill'), ws);

    const written: TestEvent[] = [];
    const writer = (async () => {
      for (let k = 1; k <= EVENTS_PER_CONVERSATION; k++) {
        for (let i = 0; i < CONVERSATIONS; i++) written.push(await log.append(`conv_${String(i).padStart(2, '0')}`, `text ${k}`));
        await sleep(40);
      }
    })();
    await waitFor(async () => receiver.delivered().length >= KILL_AFTER_DELIVERED, 'deliveries before the kill', 30_000);
    await gw.kill9();
    const atKill = receiver.delivered().length;
    await sleep(300);
    gw = await startChildGateway(env);
    await writer;
    const total = CONVERSATIONS * EVENTS_PER_CONVERSATION;
    await waitFor(async () => new Set(receiver.delivered().map((d) => d.id)).size === total, 'every event delivered', 60_000);
    await sleep(500);

    assert.ok(atKill < total, 'the kill happened mid-burst');
    assert.deepEqual(receiver.unverified, [], 'every delivery verifies with standardwebhooks');
    const byId = new Map(written.map((e) => [e.id, e]));
    const perConversation = new Map<string, string[]>();
    for (const d of receiver.delivered()) {
      assert.deepEqual(JSON.parse(d.raw), byId.get(d.id), 'the body is the event, the webhook-id its id');
      perConversation.set(d.event.conversationId!, [...(perConversation.get(d.event.conversationId!) ?? []), d.id]);
    }
    let repeats = 0;
    for (const [conv, ids] of perConversation) {
      const collapsed = ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
      repeats += ids.length - collapsed.length;
      const expected = written.filter((e) => e.conversationId === conv).map((e) => e.id);
      assert.deepEqual(collapsed, expected, `${conv}: each event once, in sequence order`);
    }
    assert.ok(repeats <= 40, `${repeats} repeats (only deliveries in flight at the kill may repeat)`);
  });
});

interface Pulled {
  cursor: string;
  event: { id: string; conversationId: string | null };
}

describe('faults: kill -9 while TalkTalk traffic makes events for a webhook', function () {
  this.timeout(150_000);
  let redis: SuiteRedis;
  let receiver: WebhookReceiver;
  let double: PlatformDouble;
  let gw: ChildGateway | null = null;
  after(async () => {
    await gw?.stop();
    await receiver?.close();
    await double?.close();
    await redis?.stop();
  });

  it('the receiver holds every event of the log once, in the log\'s order per conversation', async () => {
    redis = await suiteRedis('whkill2');
    receiver = await startWebhookReceiver();
    receiver.answer(() => ({ status: 200, delayMs: 5 }));
    double = await startPlatformDouble();
    const port = await freePort();
    const env = { ...redis.env, PORT: String(port), REDIS_PREFIX: 'whkill2', SEND_BACKOFF_MS: '50', WEBHOOK_RETRY_SCHEDULE: '0.2,0.5,1,1,2,2,2' };
    gw = await startChildGateway(env);
    const c = client(`http://127.0.0.1:${port}`);
    const ws = (await c.admin('POST', '/v1/workspaces', { name: 'acme' })).json.id as string;
    const agent = (await c.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '김상담', maxConcurrent: 100 })).json.id as string;
    assert.equal((await c.admin('PUT', `/v1/workspaces/${ws}/agents/${agent}/status`, { online: true })).status, 200);
    const ep = await c.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: receiver.url, eventTypes: ['*'] });
    assert.equal(ep.status, 201, ep.text);
    receiver.setSecrets([ep.json.secret as string]);
    const ch = await c.admin('POST', `/v1/workspaces/${ws}/channels`, { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'naver-auth-key-1234567890' }, apiBaseUrl: double.url });
    const hook = `/webhooks/naver/${ch.json.id}?key=${ch.json.webhookKey}`;

    let up = true;
    const users = Array.from({ length: 10 }, (_, i) => `wh-kill-user-${i}`);
    const traffic = Promise.all(
      users.map(async (user, i) => {
        await sleep(i * 11);
        for (let k = 0; k <= 8; k++) {
          const body = k === 0 ? naverSend(user, '상담 요청', 'inquiry') : naverSend(user, `${user} 메시지 ${k}`);
          while ((await c.request('POST', hook, { body })).status !== 200) await waitFor(async () => up, 'the gateway back', 60_000);
        }
      }),
    );
    await waitFor(async () => receiver.delivered().length >= 40, 'deliveries before the kill', 30_000);
    up = false;
    await gw.kill9();
    gw = await startChildGateway(env);
    up = true;
    await traffic;

    const pull = async (): Promise<Pulled[]> => {
      const out: Pulled[] = [];
      let after = '';
      for (;;) {
        const r = await c.admin('GET', `/v1/workspaces/${ws}/events?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        out.push(...(r.json.items as Pulled[]));
        if (!r.json.next) return out;
        after = r.json.next as string;
      }
    };
    let log: Pulled[] = [];
    await waitFor(async () => {
      log = await pull();
      return new Set(receiver.delivered().map((d) => d.id)).size === log.length && log.length > 0;
    }, 'the receiver caught up with the log', 60_000);
    assert.deepEqual(receiver.unverified, []);
    assert.deepEqual([...new Set(receiver.delivered().map((d) => d.id))].sort(), log.map((i) => i.event.id).sort(), 'exactly the log');
    const got = new Map<string, string[]>();
    for (const d of receiver.delivered()) got.set(d.event.conversationId ?? '_', [...(got.get(d.event.conversationId ?? '_') ?? []), d.id]);
    for (const [conv, ids] of got) {
      const collapsed = ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
      assert.deepEqual(collapsed, log.filter((i) => (i.event.conversationId ?? '_') === conv).map((i) => i.event.id), `${conv}: once each, in order`);
    }
  });
});

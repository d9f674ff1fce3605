// Nothing the gateway writes lives forever without a reason (issue 12 "Bounded memory"): every
// key family declares its bound next to the key (KEY_BOUNDS in src/infra/keys.ts). A scenario
// touches most families; then every key under the prefix must have a TTL or belong to a family
// declared `kept`. A closed conversation's keys expire CONVERSATION_RETENTION_DAYS after the
// close, and a reopened one's expiry is cleared.
import assert from 'node:assert/strict';
import type { Conversation } from '../../../src/domain/conversation.js';
import { RedisEventLog } from '../../../src/infra/events/event-log.redis.js';
import { KEY_BOUNDS, OTHER_KEY_BOUNDS, createKeys, type KeyBound, type Keys } from '../../../src/infra/keys.js';
import type { RedisClient } from '../../../src/infra/redis-client.js';
import { RedisConversationStore } from '../../../src/infra/stores/conversation-store.redis.js';
import { connectRedis, dropPrefix, randomPrefix, scanKeys, testRedis } from '../../helpers/redis-harness.js';
import nock from 'nock';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace } from '../../helpers/world.js';
import { imageFixture, uploaded } from '../images/image-kit.js';
import { FAST_SENDS } from '../ops/ops-world.js';
import { COUNSEL_SENDER_KEY, RELAY_BASE, counselChannel, relayDouble, relayHeaders } from '../profile-bot/counsel-scenario-kit.js';
import { cardOf, naverWorld, settings, stop, type NaverWorld } from '../profile-bot/scenario-kit.js';

const RETENTION_DAYS = 2;
const RETENTION_S = RETENTION_DAYS * 86_400;

interface Family {
  glob: string;
  regex: RegExp;
  bound: KeyBound;
  /** literal characters: the most specific matching family decides */
  weight: number;
}

function familyOf(prefix: string, glob: string, bound: KeyBound): Family {
  const body = glob
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.+' : part === '*' ? '[^:]+' : part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&')))
    .join('');
  return { glob, regex: new RegExp(`^${body}$`), bound, weight: glob.replace(/\*/g, '').length };
}

/** every declared family as a glob over full keys: a Keys function called with `*` for each id */
function declaredFamilies(keys: Keys): Family[] {
  const out: Family[] = [];
  for (const [name, bound] of Object.entries(KEY_BOUNDS)) {
    const fn = keys[name as keyof typeof KEY_BOUNDS] as (...ids: string[]) => string;
    out.push(familyOf('', fn(...Array.from({ length: fn.length }, () => '*')), bound));
  }
  for (const o of OTHER_KEY_BOUNDS) out.push(familyOf('', `${keys.prefix}:${o.glob}`, o.bound));
  return out;
}

/** every key under the prefix, ours and BullMQ's, on every master of a cluster */
async function scanAll(url: string, prefix: string): Promise<string[]> {
  return [...(await scanKeys(url, `${prefix}:*`)), ...(await scanKeys(url, `${prefix}-*`))];
}

describe('Key bounds: every key has a TTL or a declared reason to stay', function () {
  this.timeout(30_000);

  it('declares a bound with a reason for every Keys family', () => {
    const keys = createKeys('p');
    const families = Object.keys(keys).filter((k) => k !== 'prefix').sort();
    assert.deepEqual(Object.keys(KEY_BOUNDS).sort(), families);
    for (const [name, b] of [...Object.entries(KEY_BOUNDS), ...OTHER_KEY_BOUNDS.map((o) => [o.glob, o.bound] as const)]) {
      const reason = 'ttl' in b ? b.ttl : b.kept;
      assert.ok(reason.length > 10, `${name} says why`);
    }
  });

  describe('after a scenario', () => {
    let w: NaverWorld;
    let r: RedisClient;
    afterEach(async () => {
      r.disconnect();
      await stop(w);
    });

    it('finds no key without a TTL outside the kept families; a closed conversation expires with the retention', async () => {
      w = await naverWorld(settings({ onMissingProfile: 'hold' }), { CONVERSATION_RETENTION_DAYS: String(RETENTION_DAYS) });
      r = connectRedis(w.t.redisUrl);
      const keys = w.t.gw.keys;
      // a webhook endpoint nobody answers: its chains and attempt records fill
      assert.equal((await w.t.admin('POST', `/v1/workspaces/${w.ws}/webhooks`, { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] })).status, 201);
      // card, form, assignment, agent text and image, close; then a new conversation
      await w.connect();
      const card = cardOf(await w.until(2));
      assert.equal((await w.submit(card.url, { name: '홍길동', phone: '01012345678' })).status, 200);
      const c = await waitFor(async () => {
        const conv = await w.conversation();
        return conv.status === 'assigned' ? conv : null;
      }, 'assigned after the form');
      const image = await uploaded(w.t, w.ws, 'exact-500x250.jpg');
      const base = `/v1/workspaces/${w.ws}/conversations/${c.id}`;
      assert.equal((await w.t.admin('POST', `${base}/messages`, { agentId: w.agent, text: '무엇을 도와드릴까요?' })).status, 202);
      assert.equal((await w.t.admin('POST', `${base}/messages`, { agentId: w.agent, imageId: image.id })).status, 202);
      await w.say('감사합니다');
      await waitFor(async () => {
        const m = (await w.t.admin('GET', base)).json.messages as { direction: string; status: string }[];
        return m.filter((x) => x.direction === 'in').length === 2 && m.every((x) => x.direction === 'in' || x.status === 'sent') ? true : null;
      }, 'every message stored and sent');
      assert.equal((await w.t.admin('POST', `${base}/close`)).status, 200);
      await w.say('한 가지 더 물어볼게요');
      await w.connect();
      await waitFor(async () => ((await w.conversation()).id !== c.id ? true : null), 'a new conversation');

      const all = await scanAll(w.t.redisUrl, w.t.prefix);
      const families = declaredFamilies(keys);
      // one TTL each, not a pipeline: on a cluster the keys live on different nodes
      const ttls = await Promise.all(all.map((k) => r.ttl(k)));
      const offenders: string[] = [];
      all.forEach((k, i) => {
        if ((ttls[i] ?? -1) !== -1) return;
        const match = families.filter((f) => f.regex.test(k)).sort((a, b) => b.weight - a.weight)[0];
        if (!match) offenders.push(`${k}: no declared family`);
        else if ('ttl' in match.bound) offenders.push(`${k}: ${match.glob} declares a TTL but has none`);
      });
      assert.deepEqual(offenders, []);

      // everything of the closed conversation expires with the retention
      const seq = keys.outboundSeq(c.id);
      const outbound = (await r.xrange(keys.conversationMessages(c.id), '-', '+')).flatMap(([, f]) => (f[0] === 'o' ? [keys.message(f[1]!)] : []));
      assert.ok(outbound.length >= 4, 'the replies and agent messages are in the stream');
      const owned = [keys.conversation(c.id), keys.conversationMessages(c.id), seq, `${seq}-map`, keys.outboundSettled(c.id), keys.eventSeq(c.id), ...outbound];
      for (const k of owned) {
        const ttl = await r.ttl(k);
        assert.ok(ttl > RETENTION_S - 60 && ttl <= RETENTION_S, `${k} expires with the retention (ttl ${ttl})`);
      }
      // the messages read back through the API as they were written
      const messages = (await w.t.admin('GET', base)).json.messages as { direction: string; kind: string; from: string; text?: string; imageUrl?: string; status: string; createdAt: string }[];
      assert.deepEqual(
        messages.filter((m) => m.direction === 'in').map((m) => [m.kind, m.from, m.text, m.status]),
        [
          ['event', 'customer', 'connect_request', 'received'],
          ['text', 'customer', '감사합니다', 'received'],
        ],
      );
      for (const m of messages) assert.match(m.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual([...messages].sort((a, b) => a.createdAt.localeCompare(b.createdAt)), messages, 'in the order they were stored');
      assert.ok(messages.some((m) => m.direction === 'out' && m.imageUrl));
      // the message said between the close and the new request is kept outside any conversation, for the retention
      const outside = keys.conversationMessages(`outside-${c.customerId as string}`);
      assert.equal((await r.xrange(outside, '-', '+')).length, 1);
      assert.ok((await r.ttl(outside)) > RETENTION_S - 60, 'messages outside a conversation expire too');
      // the new conversation is open: nothing of it expires
      const open = await w.conversation();
      assert.equal(await r.ttl(keys.conversation(open.id)), -1);
      assert.equal(await r.ttl(keys.conversationMessages(open.id)), -1);
    });
  });

  describe('a photo the customer sent', () => {
    let t: TestGateway;
    afterEach(async () => {
      nock.cleanAll();
      await t.stop();
    });

    it('expires with its closed conversation and goes with an erasure of the customer (상담톡 copies photos)', async () => {
      t = await startTestGateway({ ...FAST_SENDS, CONVERSATION_RETENTION_DAYS: String(RETENTION_DAYS) });
      const ws = await createWorkspace(t);
      const agent = await createAgent(t, ws);
      const ch = await createChannel(t, ws, counselChannel());
      relayDouble([], []);
      nock(RELAY_BASE).persist().post('/kakaoWebhook/v3/bzc/chat/endWithBot').reply(200, { code: 0, session_id: 's' });
      nock('https://relay-media.test').get('/p/1.png').reply(200, await imageFixture('exact-500x500.png'), { 'content-type': 'image/png' });
      const body = { user_key: 'uk_bounds', sender_key: COUNSEL_SENDER_KEY, session_id: 's-b', time: Date.now(), serial_number: 21, type: 'photo', contents: [{ url: 'https://relay-media.test/p/1.png' }] };
      assert.equal((await t.request('POST', `/webhooks/kakao-counsel/${ch.id}/message`, { body, headers: relayHeaders() })).status, 200);
      const conv = await waitFor(async () => {
        for (const status of ['assigned', 'waiting']) {
          const items = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}`)).json.items as { id: string }[];
          if (items[0]) return items[0];
        }
        return null;
      }, 'a conversation');
      const base = `/v1/workspaces/${ws}/conversations/${conv.id}`;
      const url = await waitFor(async () => {
        const m = ((await t.admin('GET', base)).json.messages as { direction: string; imageUrl?: string }[]).find((x) => x.direction === 'in' && x.imageUrl);
        return m?.imageUrl ?? null;
      }, 'the photo stored');
      const id = /\/images\/(img_[A-Za-z0-9_-]+)/.exec(url)?.[1] ?? '';
      assert.ok(id, `an image URL of ours: ${url}`);
      const k = t.gw.keys;
      const imageKeys = [k.image(id), k.imageBytes(id, 'original'), k.imageBytes(id, 'kakao')];
      const r = connectRedis(t.redisUrl);
      try {
        for (const key of imageKeys) assert.equal(await r.ttl(key), -1, `${key} stays while the conversation is open`);
        assert.equal((await t.admin('POST', `${base}/close`)).status, 200);
        for (const key of imageKeys) assert.ok((await r.ttl(key)) > RETENTION_S - 60, `${key} expires with the conversation`);
        const customerId = (await t.admin('GET', base)).json.customerId as string;
        const erased = await t.request('DELETE', `/v1/workspaces/${ws}/customers/${customerId}`, { token: ADMIN_TOKEN, headers: { 'x-agent-id': agent } });
        assert.equal(erased.status, 204, erased.text);
        const left = await Promise.all(imageKeys.map((key) => r.exists(key)));
        assert.deepEqual(left, [0, 0, 0], 'the photo is erased with its customer');
      } finally {
        r.disconnect();
      }
    });
  });

  it('a reopened conversation keeps its keys again; the closed index forgets expired conversations', async () => {
    const { url } = await testRedis();
    const prefix = randomPrefix();
    const r = connectRedis(url);
    try {
      const keys = createKeys(prefix);
      const log = new RedisEventLog(r, keys, { retentionMs: 86_400_000, enabled: true, now: () => new Date() });
      const store = new RedisConversationStore(r, keys, log, RETENTION_S);
      const at = new Date().toISOString();
      const open: Conversation = {
        id: 'conv_reopen',
        workspaceId: 'ws_k',
        channelId: 'ch_k',
        channelType: 'naver',
        customerId: 'cus_k',
        status: 'waiting',
        agentId: null,
        settingsVersion: 1,
        createdAt: at,
        botSentAt: null,
        awaitingProfile: false,
        profileSavedAt: null,
        suppressGreeting: false,
        assignedAt: null,
        firstResponseAt: null,
        closedAt: null,
        closeReason: null,
        lastMessageAt: null,
        lastMessageFrom: null,
      };
      const closed: Conversation = { ...open, status: 'closed', closedAt: at, closeReason: 'agent' };
      await store.save(null, open, { key: 'k1', by: 'auto', at });
      await store.save(open, closed, { key: 'k2', by: 'manual', at });
      assert.ok((await r.ttl(keys.conversation(open.id))) > RETENTION_S - 60);
      assert.ok((await r.ttl(keys.eventSeq(open.id))) > RETENTION_S - 60);
      await store.save(closed, open, { key: 'k3', by: 'manual', at });
      assert.equal(await r.ttl(keys.conversation(open.id)), -1);
      assert.equal(await r.ttl(keys.eventSeq(open.id)), -1);

      // an expired conversation still in the closed index leaves it on the next close
      await r.zadd(keys.conversationsByStatus('ws_k', 'closed'), 0, 'conv_gone');
      await store.save(open, closed, { key: 'k4', by: 'manual', at });
      assert.deepEqual(await r.zrange(keys.conversationsByStatus('ws_k', 'closed'), '0', '-1'), [open.id]);
    } finally {
      r.disconnect();
      await dropPrefix(url, prefix);
    }
  });
});

// Redis Cluster runs a Lua script or a MULTI only when every key it touches sits in one slot
// (issue 12: "a key's hash tag is its unit of atomicity"). This test proves it for what the
// gateway really sends: a scenario through every channel and the main use cases runs against the
// single test Redis while a MONITOR connection records every command; each atomic batch — a
// MULTI…EXEC of one connection, an EVAL/EVALSHA/FCALL with the commands its script ran, a
// multi-key command (DEL a b, MGET, …) — has its keys resolved by Redis itself (COMMAND GETKEYS)
// and their slots computed (slotOf, src/infra/partitions.ts). Every batch whose keys span more
// than one slot is reported with its key families; the test fails on any.
//
// It needs the MONITOR of one Redis, so it runs on a single Redis (the cluster run would answer
// CROSSSLOT itself, but only for the batches a test happens to reach, and one at a time).
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import nock from 'nock';
import { KEY_BOUNDS, OTHER_KEY_BOUNDS, type Keys } from '../../../src/infra/keys.js';
import { slotOf } from '../../../src/infra/partitions.js';
import { openSse } from '../../helpers/sse.js';
import { describeSingleRedis, testRedis } from '../../helpers/redis-harness.js';
import { ADMIN_TOKEN } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { fixture } from '../../helpers/fixtures.js';
import { KAKAO_BASE, createChannel, kakaoChannel } from '../../helpers/world.js';
import { counselChannel, relayDouble, relayHeaders, relayMessage } from '../../integration/profile-bot/counsel-scenario-kit.js';
import { cardOf, naverWorld, settings, stop, type NaverWorld } from '../../integration/profile-bot/scenario-kit.js';

/** one command as MONITOR printed it */
interface Line {
  source: string;
  args: string[];
}

/** what Redis Cluster requires to be one slot */
interface Batch {
  kind: 'multi' | 'script' | 'command';
  /** the script's name (its first comment line or BullMQ's name), or the commands of a MULTI */
  label: string;
  commands: string[][];
}

/**
 * MONITOR quotes every argument (sdscatrepr: \\n, \\\\, \\xHH for bytes outside ASCII) and ioredis
 * undoes only \\": undo the rest, so a script's text hashes to its SHA1 again
 */
function unrepr(arg: string): string {
  const ESC: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, '\\': 92, '"': 34 };
  const bytes: number[] = [];
  for (let i = 0; i < arg.length; i++) {
    const ch = arg[i]!;
    const next = arg[i + 1];
    if (ch === '\\' && next === 'x' && /^[0-9a-f]{2}$/i.test(arg.slice(i + 2, i + 4))) {
      bytes.push(parseInt(arg.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (ch === '\\' && next !== undefined && ESC[next] !== undefined) {
      bytes.push(ESC[next]);
      i += 1;
    } else bytes.push(...Buffer.from(ch));
  }
  return Buffer.from(bytes).toString('utf8');
}

const SCRIPT_CALLS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);

/** groups the monitored stream into atomic batches (Redis 7: a script's commands follow it, `lua` as source) */
function batchesOf(lines: Line[], names: Map<string, string>): Batch[] {
  const out: Batch[] = [];
  const multis = new Map<string, Batch>();
  let script: Batch | null = null;
  for (const { source, args } of lines) {
    const name = (args[0] ?? '').toLowerCase();
    if (source === 'lua') {
      script?.commands.push(args);
      continue;
    }
    script = null;
    const multi = multis.get(source);
    if (name === 'multi') {
      multis.set(source, { kind: 'multi', label: '', commands: [] });
      continue;
    }
    if (name === 'exec' || name === 'discard') {
      if (multi && name === 'exec') out.push(multi);
      multis.delete(source);
      continue;
    }
    if (name === 'script' && (args[1] ?? '').toLowerCase() === 'load') {
      const lua = args[2] ?? '';
      names.set(sha1(lua), names.get(sha1(lua)) ?? nameOfLua(lua));
      continue;
    }
    if (SCRIPT_CALLS.has(name)) {
      if (multi) {
        // a script inside a MULTI: it and the commands it runs are part of the transaction
        multi.commands.push(args);
        script = multi;
      } else {
        script = { kind: 'script', label: scriptLabel(args, names), commands: [args] };
        out.push(script);
      }
      continue;
    }
    if (multi) multi.commands.push(args);
    else if (args.length > 2) out.push({ kind: 'command', label: name, commands: [args] });
  }
  for (const b of out) if (b.kind === 'multi') b.label = `MULTI ${[...new Set(b.commands.map((c) => (c[0] ?? '').toUpperCase()))].join(' ')}`;
  return out;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** a readable name for a script: BullMQ's command name, else the first comment or line of its text */
function nameOfLua(lua: string): string {
  // the first line of text: a `-- comment`, the first line of a `--[[ … ]]` block, or code
  const first = lua
    .split('\n')
    .map((l) => l.replace(/^\s*(--\[\[|--|\]\])?\s*/, '').trim())
    .find((l) => l.length > 0);
  return (first ?? '').slice(0, 70);
}

function scriptLabel(args: string[], names: Map<string, string>): string {
  const name = (args[0] ?? '').toLowerCase();
  const body = args[1] ?? '';
  if (name.startsWith('fcall')) return `FCALL ${body}`;
  const sha = name.startsWith('evalsha') ? body.toLowerCase() : sha1(body);
  if (!name.startsWith('evalsha')) names.set(sha, names.get(sha) ?? nameOfLua(body));
  return `script ${names.get(sha) ?? sha.slice(0, 12)}`;
}

/** BullMQ's scripts by SHA1, so its batches are reported by name */
async function bullmqScriptNames(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const dir = path.resolve(import.meta.dirname, '../../../node_modules/bullmq/dist/esm/scripts');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'index.js')) {
    const mod = (await import(path.join(dir, file))) as Record<string, { name?: string; content?: string }>;
    for (const v of Object.values(mod)) if (v?.name && v.content) names.set(sha1(v.content), `bullmq ${v.name}`);
  }
  return names;
}

/** family names: a Keys function (with hash tags and ids made wildcards) or BullMQ's `<prefix>-<queue>:…` */
function familyNamer(keys: Keys): (key: string) => string {
  const untag = (s: string): string => s.replace(/\{[^}]*\}/g, '{}');
  const families: { name: string; regex: RegExp; weight: number }[] = [];
  const add = (name: string, glob: string): void => {
    const g = untag(glob);
    const body = g
      .split(/(\*\*|\*)/)
      .map((part) => (part === '**' ? '.+' : part === '*' ? '[^:]+' : part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&')))
      .join('');
    families.push({ name, regex: new RegExp(`^${body}$`), weight: g.replace(/\*/g, '').length });
  };
  for (const name of Object.keys(KEY_BOUNDS)) {
    const fn = keys[name as keyof typeof KEY_BOUNDS] as (...ids: string[]) => string;
    add(name, fn(...Array.from({ length: fn.length }, () => '*')));
  }
  for (const o of OTHER_KEY_BOUNDS) add(o.glob, `${keys.prefix}:${o.glob}`);
  return (key) => {
    const k = untag(key);
    const hit = families.filter((f) => f.regex.test(k)).sort((a, b) => b.weight - a.weight)[0];
    if (hit && !hit.name.includes('**')) return hit.name;
    // BullMQ's keys (`<prefix>:bq:<queue>:…`): a queue is one slot only when its prefix has a hash tag
    const rest = k.slice(keys.prefix.length + 1).split(':');
    if (hit) return `BullMQ queue ${rest.slice(0, 2).join(':')}`;
    return rest.map((seg) => (/\d/.test(seg) && seg.length > 3 ? '*' : seg)).join(':');
  };
}

// Pending by default until the single-slot keyspace of issue 12 lands: at the last run the scenario
// found 28 cross-slot batches (the conversation engine's MULTI, the event append, webhook chains,
// the inbox scripts, BullMQ queues without a hash tag). TEST_CROSS_SLOT=1 runs it and lists them.
const suite = process.env.TEST_CROSS_SLOT === '1' ? describeSingleRedis : (_reason: string, title: string, fn: (this: Mocha.Suite) => void) => describe.skip(`${title} (TEST_CROSS_SLOT=1; pending until the keyspace is single-slot)`, fn);
suite('it records the one Redis with MONITOR', 'Redis Cluster: every script, MULTI and multi-key command stays in one slot', function () {
  this.timeout(120_000);
  let w: NaverWorld | null = null;
  let receiver: WebhookReceiver | null = null;
  let monitor: Redis | null = null;
  after(async () => {
    monitor?.disconnect();
    await receiver?.close();
    if (w) await stop(w);
    nock.cleanAll();
  });

  it('finds no cross-slot batch in a scenario through every channel and the main use cases', async () => {
    // recording starts before the gateway does, so the scripts it loads at start are named too
    const lines: Line[] = [];
    const probe = new Redis((await testRedis()).url);
    await probe.ping();
    monitor = await probe.monitor();
    probe.disconnect();
    monitor.on('monitor', (_time: string, args: string[], source: string) => lines.push({ source, args: args.map(unrepr) }));
    w = await naverWorld(settings({ onMissingProfile: 'hold' }), { CONVERSATION_RETENTION_DAYS: '2', WEBHOOK_RETRY_SCHEDULE: '0.2,0.5' });
    const { t, ws } = w;

    // a webhook endpoint that answers, one that does not (retries, give-up)
    receiver = await startWebhookReceiver();
    receiver.answer(() => ({ status: 200 }));
    const ep = await t.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: receiver.url, eventTypes: ['*'] });
    assert.equal(ep.status, 201, ep.text);
    receiver.setSecrets([ep.json.secret as string]);
    assert.equal((await t.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] })).status, 201);

    // TalkTalk: request, profile card, form, assignment, agent messages, customer text, close
    await w.connect();
    const card = cardOf(await w.until(2));
    assert.equal((await w.submit(card.url, { name: '홍길동', phone: '01012345678' })).status, 200);
    const c = await waitFor(async () => {
      const conv = await w!.conversation();
      return conv.status === 'assigned' ? conv : null;
    }, 'assigned after the form');
    const conv = `/v1/workspaces/${ws}/conversations/${c.id}`;
    assert.equal((await t.admin('POST', `${conv}/messages`, { agentId: w.agent, text: '무엇을 도와드릴까요?' })).status, 202);
    await w.say('감사합니다');
    await waitFor(async () => {
      const m = (await t.admin('GET', conv)).json.messages as { direction: string; status: string }[];
      return m.filter((x) => x.direction === 'in').length >= 2 && m.every((x) => x.direction === 'in' || x.status === 'sent') ? true : null;
    }, 'stored and sent');
    assert.equal((await t.admin('POST', `${conv}/close`)).status, 200);

    // web chat: a visitor, its stream, a message, an agent reply on the stream
    const wc = await createChannel(t, ws, { type: 'webchat', name: '웹채팅' });
    const hello = await t.request('POST', `/webhooks/webchat/${wc.id}`, { body: { type: 'hello' } });
    assert.equal(hello.status, 201, hello.text);
    const token = hello.json.visitorToken as string;
    const stream = await openSse(`${t.url}/webhooks/webchat/${wc.id}/stream?token=${token}`);
    assert.equal((await t.request('POST', `/webhooks/webchat/${wc.id}`, { body: { type: 'connect_request', eventId: randomUUID() }, token })).status, 202);
    assert.equal((await t.request('POST', `/webhooks/webchat/${wc.id}`, { body: { type: 'message', eventId: randomUUID(), text: '안녕하세요' }, token })).status, 202);
    // the workspace's profile bot holds the visitor (its card arrives on the stream), the agent answers
    const wcConv = await waitFor(async () => {
      for (const status of ['assigned', 'waiting']) {
        const items = (await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}`)).json.items as { id: string }[];
        const found = items.find((i) => i.id !== c.id);
        if (found) return found;
      }
      return null;
    }, 'the web chat conversation');
    await t.admin('POST', `/v1/workspaces/${ws}/conversations/${wcConv.id}/messages`, { agentId: w.agent, text: '반갑습니다' });
    await waitFor(async () => stream.events.length > 0, 'the visitor’s stream receiving');
    stream.close();

    // Kakao (the skill webhook waits for its synchronous answer) and 상담톡 (dealer relay)
    const kakaoBody = fixture('kakao/inbound/connect-utterance.json');
    nock(KAKAO_BASE).persist().post(/.*/).reply(200, { taskId: 'task-1', status: 'SUCCESS' });
    const kakao = await createChannel(t, ws, kakaoChannel({ credentials: { botId: kakaoBody.bot.id, restApiKey: 'kakao-rest-api-key-1234567890', eventName: 'talkgate_message' } }));
    const skill = await t.request('POST', `/webhooks/kakao/${kakao.id}`, { body: kakaoBody, headers: { 'x-talkgate-key': kakao.webhookKey } });
    assert.equal(skill.status, 200, skill.text);
    relayDouble([]);
    const counsel = await createChannel(t, ws, counselChannel());
    const relayed = await t.request('POST', `/webhooks/kakao-counsel/${counsel.id}/message`, { raw: relayMessage('uk_cross_slot', '상담 원해요'), headers: relayHeaders() });
    assert.equal(relayed.status, 200, relayed.text);

    // erasure of the TalkTalk customer, then the deliveries settle
    const erased = await t.request('DELETE', `/v1/workspaces/${ws}/customers/${c.customerId as string}`, { token: ADMIN_TOKEN, headers: { 'x-agent-id': w.agent } });
    assert.equal(erased.status, 204, erased.text);
    await waitFor(async () => receiver!.delivered().some((d) => d.event.type === 'customer.erased'), 'customer.erased delivered');
    await new Promise((r) => setTimeout(r, 1500));
    monitor.disconnect();
    monitor = null;

    // resolve every batch's keys with Redis's own key specs, then their slots
    const names = await bullmqScriptNames();
    const batches = batchesOf(lines, names);
    const r = new Redis(t.redisUrl);
    const family = familyNamer(t.gw.keys);
    const offenders = new Map<string, { count: number; families: Set<string>; slots: number }>();
    let checked = 0;
    try {
      // every command's keys as Redis sees them, in chunks (the commands of one chunk share round trips)
      const all = batches.flatMap((b) => b.commands);
      const keysOf = new Map<string[], string[]>();
      for (let i = 0; i < all.length; i += 1000) {
        const chunk = all.slice(i, i + 1000);
        const got = await Promise.all(chunk.map((cmd) => (r.call('COMMAND', 'GETKEYS', ...cmd) as Promise<string[]>).catch(() => [] as string[])));
        chunk.forEach((cmd, j) => keysOf.set(cmd, got[j] ?? []));
      }
      for (const b of batches) {
        const keys = [...new Set(b.commands.flatMap((cmd) => keysOf.get(cmd) ?? []))];
        if (!keys.some((k) => k.startsWith(t.prefix))) continue;
        checked++;
        const slots = new Set(keys.map(slotOf));
        if (slots.size <= 1) continue;
        const label = b.kind === 'command' ? b.label.toUpperCase() : b.label;
        const entry = offenders.get(label) ?? { count: 0, families: new Set<string>(), slots: 0 };
        entry.count++;
        for (const k of keys) entry.families.add(family(k));
        entry.slots = Math.max(entry.slots, slots.size);
        offenders.set(label, entry);
      }
    } finally {
      r.disconnect();
    }
    assert.ok(checked > 50, `the scenario ran batches on the gateway's keys (${checked})`);
    const report = [...offenders].map(([label, o]) => `${label} ×${o.count}: ${o.slots} slots, keys of ${[...o.families].sort().join(', ')}`).sort();
    assert.deepEqual(report, [], `cross-slot batches (${report.length}):\n  ${report.join('\n  ')}`);
  });
});

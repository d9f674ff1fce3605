// The on-call CLI as a person runs it (`node --import tsx src/cli/main.ts`, and bin/talkgate.mjs)
// against a running gateway.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { buildIfStale } from '../../../scripts/build-if-stale.mjs';
import { RedisInboundDeadLetters } from '../../../src/infra/inbound/inbound-dead-letters.redis.js';
import type { RecordedEvent } from '../../../src/infra/inbound/inbox.redis.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { ACCEPTED, FAST_SENDS, failOne, messageStatus, naverConversation, naverReplies } from './ops-world.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>, entry: string[] = ['--import', 'tsx', 'src/cli/main.ts'], cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('talkgate CLI against a running gateway', function () {
  this.timeout(60_000);
  let t: TestGateway;
  let env: Record<string, string>;
  before(function () {
    // bin/talkgate.mjs runs the compiled CLI: a fresh clone builds once, here, not inside a test
    this.timeout(180_000);
    buildIfStale(ROOT, 'dist/src/cli/main.js');
  });
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('lists a dead letter, dry-runs and replays it, and the message is delivered', async () => {
    t = await startTestGateway(FAST_SENDS);
    env = { TALKGATE_URL: t.url, TALKGATE_TOKEN: ADMIN_TOKEN };
    const c = await naverConversation(t);
    const id = await failOne(t, c, '배송 안내드립니다.');

    const queues = await cli(['queues'], env);
    assert.equal(queues.code, 0, queues.stderr);
    assert.match(queues.stdout, /^outbound\s+0\s+0\s+0\s+1\s+0\s+no$/m);

    const list = await cli(['dead-letters', 'list', '--channel', c.channelId], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`${id}\\s+${c.channelId} \\(naver\\)\\s+${c.conversationId}\\s+01\\s+1\\s+배송 안내드립니다\\.`));
    assert.match(list.stdout, /^1 dead letter$/m);

    const json = await cli(['dead-letters', 'list', '--code', '01', '--json'], env);
    assert.deepEqual(JSON.parse(json.stdout).items.map((i: { id: string }) => i.id), [id]);

    const dry = await cli(['dead-letters', 'replay', '--channel', c.channelId, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: would replay 1, skipped 0/);
    assert.equal((await messageStatus(t, c, id)).status, 'failed');

    const scope = naverReplies(c.user, '배송 안내드립니다.', ACCEPTED);
    const replay = await cli(['dead-letters', 'replay', '--id', id, '--json'], env);
    assert.equal(replay.code, 0, replay.stderr);
    assert.deepEqual(JSON.parse(replay.stdout), { replayed: 1, skipped: 0, ids: [id], skippedItems: [], dryRun: false });
    await waitFor(async () => (await messageStatus(t, c, id)).status === 'sent', 'delivered');
    scope.done();

    // the same id again: nothing left to replay, and the script can tell (exit 1)
    const again = await cli(['dead-letters', 'replay', '--id', id], env);
    assert.equal(again.code, 1);
    assert.match(again.stdout, new RegExp(`${id}\\s+skipped: not_dead_letter`));
  });

  it('bin/talkgate.mjs runs the same CLI; a refused token and an unreachable gateway exit 3', async () => {
    t = await startTestGateway();
    const bin = await cli(['queues', '--json'], { TALKGATE_URL: t.url, ADMIN_TOKEN }, ['bin/talkgate.mjs']);
    assert.equal(bin.code, 0, bin.stderr);
    assert.deepEqual(JSON.parse(bin.stdout).queues.map((q: { name: string }) => q.name), ['inbound', 'outbound', 'timers', 'webhooks']);

    const refused = await cli(['queues'], { TALKGATE_URL: t.url, TALKGATE_TOKEN: 'wrong' });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /refused the token/);

    const down = await cli(['queues'], { TALKGATE_URL: 'http://127.0.0.1:9', TALKGATE_TOKEN: ADMIN_TOKEN });
    assert.equal(down.code, 3);
    assert.match(down.stderr, /cannot reach the gateway at http:\/\/127\.0\.0\.1:9/);

    const usage = await cli(['dead-letters', 'replay', '--since', 'soon'], { TALKGATE_URL: t.url });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--since must be an ISO time/);
  });

  it('inbound-dead-letters: lists a set-aside event without its text, dry-runs and replays it into the conversation', async () => {
    t = await startTestGateway();
    env = { TALKGATE_URL: t.url, TALKGATE_TOKEN: ADMIN_TOKEN };
    const c = await naverConversation(t);
    const rec: RecordedEvent = {
      eventId: 'evt_cli_1', workspaceId: c.ws, channelType: 'naver', receivedAt: new Date().toISOString(),
      event: { kind: 'message.text', channelId: c.channelId, channelUserId: c.user, occurredAt: new Date().toISOString(), text: '환불 문의합니다', raw: {} },
    };
    await new RedisInboundDeadLetters(t.gw.redis, t.gw.keys).setAside(JSON.stringify(rec), rec, 5, { code: 'engine_down', message: 'engine down' }, new Date());

    const list = await cli(['inbound-dead-letters', 'list', '--channel', c.channelId], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`evt_cli_1\\s+${c.channelId} \\(naver\\)\\s+cus_\\S+\\s+message\\.text\\s+engine_down\\s+5\\s+engine down`));
    assert.match(list.stdout, /^1 inbound dead letter$/m);
    assert.ok(!list.stdout.includes('환불'), 'no customer text');
    const json = await cli(['inbound-dead-letters', 'list', '--code', 'engine_down', '--json'], env);
    assert.deepEqual(JSON.parse(json.stdout).items.map((i: { id: string }) => i.id), ['evt_cli_1']);

    const dry = await cli(['inbound-dead-letters', 'replay', '--all', '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /evt_cli_1\s+would replay\ndry run: would replay 1, skipped 0/);

    const replay = await cli(['inbound-dead-letters', 'replay', '--id', 'evt_cli_1', '--json'], env);
    assert.equal(replay.code, 0, replay.stderr);
    assert.deepEqual(JSON.parse(replay.stdout), { replayed: 1, skipped: 0, ids: ['evt_cli_1'], skippedItems: [], dryRun: false });
    await waitFor(async () => {
      const conv = (await t.admin('GET', `/v1/workspaces/${c.ws}/conversations/${c.conversationId}`)).json;
      return (conv.messages as { text?: string }[]).some((m) => m.text === '환불 문의합니다');
    }, 'the replayed event in the conversation');

    const again = await cli(['inbound-dead-letters', 'replay', '--id', 'evt_cli_1'], env);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /evt_cli_1\s+skipped: not_dead_letter/);
    const usage = await cli(['inbound-dead-letters', 'replay', '--all', '--channel', c.channelId], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /not several/);
  });
});

describe('talkgate CLI compiled (bin/talkgate.mjs)', function () {
  this.timeout(180_000);
  let dir: string;
  let t: TestGateway;
  before(() => {
    // what the image holds: dist/, bin/ and the build check, without sources, tsx or node_modules
    buildIfStale(ROOT, 'dist/src/cli/main.js');
    dir = mkdtempSync(path.join(tmpdir(), 'talkgate-cli-'));
    cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
    cpSync(path.join(ROOT, 'scripts/build-if-stale.mjs'), path.join(dir, 'scripts/build-if-stale.mjs'));
    cpSync(path.join(ROOT, 'dist/src/cli'), path.join(dir, 'dist/src/cli'), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}');
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.stop();
  });

  it('runs from dist/ alone, without TypeScript sources or tsx', async () => {
    t = await startTestGateway();
    const r = await cli(['queues', '--json'], { TALKGATE_URL: t.url, ADMIN_TOKEN }, [path.join(dir, 'bin/talkgate.mjs')], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).queues.map((q: { name: string }) => q.name), ['inbound', 'outbound', 'timers', 'webhooks']);
    assert.equal(r.stderr, '');
    const help = await cli(['--help'], {}, [path.join(dir, 'bin/talkgate.mjs')], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /inbound-dead-letters replay/);
  });
});


// `talkgate webhooks list-failed|resend` against a running gateway: lists the failed deliveries,
// a dry run queues nothing, a resend delivers them again with their ids.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../../src/cli/main.js';
import { ADMIN_TOKEN, type TestGateway } from '../../helpers/test-gateway.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { newEndpoint, newWorkspace, webhookGateway, type Endpoint } from './webhook-world.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, env, { out: (s) => void (out += s), err: (s) => void (err += s), fetch: globalThis.fetch, tty: false });
  return { code, out, err };
}

describe('talkgate webhooks list-failed|resend', function () {
  this.timeout(40_000);
  let t: TestGateway;
  let e: Endpoint;
  after(async () => {
    await e?.receiver.close();
    await t?.stop();
  });

  it('lists failed deliveries, dry-runs and resends them; they arrive with their ids', async () => {
    t = await webhookGateway();
    const env = { TALKGATE_URL: t.url, TALKGATE_TOKEN: ADMIN_TOKEN };
    const { ws, log } = await newWorkspace(t);
    e = await newEndpoint(t, ws);
    e.receiver.answer(() => ({ status: 500, body: 'down' }));
    const a = await log.append('conv_a', 'one');
    const b = await log.append('conv_b', 'two');
    await waitFor(async () => (await t.admin('GET', `/v1/workspaces/${ws}/webhooks/${e.id}/attempts?status=failed`)).json.items.length === 2, 'two failed', 10_000);

    const list = await cli(['webhooks', 'list-failed', '--workspace', ws], env);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(`${e.id}\\s+${a.id}\\s+message\\.created\\s+4\\s+500\\s+HTTP 500`));
    assert.match(list.out, /^2 failed deliveries$/m);
    const json = await cli(['webhooks', 'list-failed', '--workspace', ws, '--endpoint', e.id, '--json'], env);
    assert.deepEqual(JSON.parse(json.out).items.map((i: { eventId: string }) => i.eventId).sort(), [a.id, b.id].sort());

    const dry = await cli(['webhooks', 'resend', '--workspace', ws, '--since', a.timestamp, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^dry run: would queue 2 events again$/m);
    await sleep(500);
    assert.equal(e.receiver.requests.length, 8, 'a dry run sends nothing');

    e.receiver.answer(() => ({ status: 200 }));
    const one = await cli(['webhooks', 'resend', '--workspace', ws, '--endpoint', e.id, '--id', b.id, '--json'], env);
    assert.deepEqual(JSON.parse(one.out), { dryRun: false, queued: 1, endpoints: [{ endpointId: e.id, queued: 1 }] });
    await waitFor(async () => e.receiver.delivered().some((r) => r.id === b.id), 'b delivered');
    const rest = await cli(['webhooks', 'resend', '--workspace', ws, '--since', a.timestamp], env);
    assert.match(rest.out, /^queued 1 event again$/m);
    await waitFor(async () => e.receiver.delivered().some((r) => r.id === a.id), 'a delivered');
    assert.deepEqual(e.receiver.unverified, []);
  });

  it('usage errors exit 2; the real entry point runs the command', async () => {
    t ??= await webhookGateway();
    const env = { TALKGATE_URL: t.url, TALKGATE_TOKEN: ADMIN_TOKEN };
    const noWs = await cli(['webhooks', 'list-failed'], env);
    assert.equal(noWs.code, 2);
    assert.match(noWs.err, /needs --workspace/);
    const both = await cli(['webhooks', 'resend', '--workspace', 'ws_x', '--id', 'evt_1', '--since', '2026-12-01T00:00:00Z'], env);
    assert.equal(both.code, 2);
    const unknown = await cli(['webhooks', 'list-failed', '--workspace', 'ws_nope'], env);
    assert.equal(unknown.code, 2, 'a 404 is the caller’s mistake');
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'webhooks', 'list-failed', '--workspace', 'ws_nope', '--json'], {
        cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.once('close', (code) => resolve({ code, out }));
    });
    assert.equal(run.code, 2);
    assert.match(run.out, /Workspace ws_nope was not found/);
  });
});

// talkgate inbound-dead-letters against a scripted fetch: what it asks the gateway, how it exits.
import assert from 'node:assert/strict';
import { CliError, EXIT, parseCli, runCli, type CliIo } from '../../../src/cli/main.js';

function io(answer: (body: any, url: string) => unknown) {
  const calls: { method: string; url: string; body: any }[] = [];
  let out = '';
  const cli: CliIo = {
    out: (s) => void (out += s),
    err: () => undefined,
    tty: false,
    fetch: (async (url: string, init: RequestInit) => {
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      calls.push({ method: init.method ?? 'GET', url, body });
      return new Response(JSON.stringify(answer(body, url)), { status: 200 });
    }) as typeof fetch,
  };
  return { cli, calls, out: () => out };
}

const ENV = { TALKGATE_URL: 'http://gw.test', TALKGATE_TOKEN: 'tok' };
const none = { replayed: 0, skipped: 0, ids: [], skippedItems: [], dryRun: false };

describe('talkgate inbound-dead-letters', () => {
  it('parses list and replay, and refuses unclear replays with the usage text', () => {
    assert.deepEqual(parseCli(['inbound-dead-letters', 'list', '--customer', 'cus_1', '--since', '2026-05-01']), {
      kind: 'inbound-list', json: false, limit: 50, filter: { customerId: 'cus_1', since: '2026-05-01T00:00:00.000Z' },
    });
    assert.deepEqual(parseCli(['inbound-dead-letters', 'replay', '--all', '--dry-run', '--json']), {
      kind: 'inbound-replay', json: true, dryRun: true, ids: [], all: true, filter: {},
    });
    for (const [argv, message] of [
      [['inbound-dead-letters', 'replay'], /say what to replay/],
      [['inbound-dead-letters', 'replay', '--id', 'evt_1', '--all'], /not several/],
      [['inbound-dead-letters', 'list', '--conversation', 'c'], /does not take --conversation/],
      [['dead-letters', 'list', '--customer', 'c'], /does not take --customer/],
    ] as const) {
      assert.throws(() => parseCli([...argv]), (e: unknown) => e instanceof CliError && e.exitCode === EXIT.usage && message.test(e.message) && e.message.includes('inbound-dead-letters list'));
    }
  });

  it('lists with the filter, and replays all, by filter or by ids in batches of 50', async () => {
    const list = io(() => ({ items: [] }));
    assert.equal(await runCli(['inbound-dead-letters', 'list', '--channel', 'ch_1', '--limit', '5'], ENV, list.cli), EXIT.ok);
    assert.equal(list.calls[0]!.url, 'http://gw.test/v1/ops/inbound-dead-letters?channelId=ch_1&limit=5');
    assert.equal(list.out(), '0 inbound dead letters\n');

    const all = io(() => none);
    assert.equal(await runCli(['inbound-dead-letters', 'replay', '--all'], ENV, all.cli), EXIT.ok);
    assert.deepEqual(all.calls.map((c) => [c.method, c.url, c.body]), [['POST', 'http://gw.test/v1/ops/inbound-dead-letters/replay', { all: true, dryRun: false }]]);

    const byFilter = io(() => ({ ...none, skipped: 1, skippedItems: [{ id: 'evt_9', reason: 'claimed_elsewhere' }] }));
    assert.equal(await runCli(['inbound-dead-letters', 'replay', '--code', 'engine_down'], ENV, byFilter.cli), EXIT.partial);
    assert.deepEqual(byFilter.calls[0]!.body, { code: 'engine_down', dryRun: false });
    assert.equal(byFilter.out(), 'EVENT  RESULT\nevt_9  skipped: claimed_elsewhere\nreplayed 0, skipped 1\n');

    const ids = Array.from({ length: 60 }, (_, i) => ['--id', `evt_${i}`]).flat();
    const byIds = io((body: { ids: string[] }) => ({ ...none, replayed: body.ids.length, ids: body.ids }));
    assert.equal(await runCli(['inbound-dead-letters', 'replay', ...ids, '--json'], ENV, byIds.cli), EXIT.ok);
    assert.deepEqual(byIds.calls.map((c) => c.body.ids.length), [50, 10]);
    assert.equal(JSON.parse(byIds.out()).replayed, 60);
  });
});

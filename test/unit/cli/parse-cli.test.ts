import assert from 'node:assert/strict';
import { CliError, EXIT, parseCli } from '../../../src/cli/main.js';

function usageError(argv: string[], message: RegExp): void {
  assert.throws(
    () => parseCli(argv),
    (e: unknown) => e instanceof CliError && e.exitCode === EXIT.usage && message.test(e.message) && e.message.includes('usage: talkgate'),
  );
}

describe('talkgate argument parsing', () => {
  it('reads the three commands', () => {
    assert.deepEqual(parseCli(['queues']), { kind: 'queues', json: false });
    assert.deepEqual(parseCli(['queues', '--json']), { kind: 'queues', json: true });
    assert.deepEqual(parseCli(['dead-letters', 'list']), { kind: 'list', json: false, filter: {}, limit: 50 });
    assert.deepEqual(
      parseCli(['dead-letters', 'list', '--channel', 'ch_1', '--conversation', 'conv_1', '--code', 'http_401', '--since', '2026-05-01T09:00:00+09:00', '--limit', '200', '--json']),
      { kind: 'list', json: true, limit: 200, filter: { channelId: 'ch_1', conversationId: 'conv_1', code: 'http_401', since: '2026-05-01T00:00:00.000Z' } },
    );
    assert.deepEqual(parseCli(['dead-letters', 'replay', '--id', 'msg_a', '--id', 'msg_b']), {
      kind: 'replay', json: false, dryRun: false, ids: ['msg_a', 'msg_b'], filter: {},
    });
    assert.deepEqual(parseCli(['dead-letters', 'replay', '--channel', 'ch_1', '--since', '2026-05-01', '--dry-run']), {
      kind: 'replay', json: false, dryRun: true, ids: [], filter: { channelId: 'ch_1', since: '2026-05-01T00:00:00.000Z' },
    });
  });

  it('shows help for no command, help and --help', () => {
    for (const argv of [[], ['help'], ['--help'], ['dead-letters', 'list', '-h']]) assert.deepEqual(parseCli(argv), { kind: 'help' });
  });

  it('refuses what it cannot do, with the usage text', () => {
    usageError(['requeue'], /unknown command: requeue/);
    usageError(['dead-letters'], /unknown command: dead-letters/);
    usageError(['dead-letters', 'list', '--limit', '0'], /--limit must be a whole number/);
    usageError(['dead-letters', 'list', '--limit', 'ten'], /--limit/);
    usageError(['dead-letters', 'list', '--since', 'yesterday'], /--since must be an ISO time/);
    usageError(['dead-letters', 'list', '--id', 'x'], /does not take --id/);
    usageError(['dead-letters', 'list', '--force'], /Unknown option '--force'/);
    usageError(['dead-letters', 'replay'], /say what to replay/);
    usageError(['dead-letters', 'replay', '--since', '2026-05-01'], /say what to replay/);
    usageError(['dead-letters', 'replay', '--id', 'a', '--channel', 'ch'], /not both/);
    usageError(['queues', '--channel', 'x'], /queues does not take --channel/);
    usageError(['dead-letters', 'replay', '--id'], /argument missing/);
  });
});

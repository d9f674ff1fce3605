// runCli against a scripted fetch: what it asks the gateway, what it prints, how it exits.
import assert from 'node:assert/strict';
import { EXIT, runCli, type CliIo } from '../../../src/cli/main.js';

interface Call {
  method: string;
  url: string;
  auth: string | null;
  body: any;
}

function io(answer: (c: Call) => Response | Promise<Response>, tty = false) {
  const calls: Call[] = [];
  let out = '';
  let err = '';
  const cli: CliIo = {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    tty,
    fetch: (async (url: string, init: RequestInit) => {
      const c = { method: init.method ?? 'GET', url, auth: new Headers(init.headers).get('authorization'), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
      calls.push(c);
      return answer(c);
    }) as typeof fetch,
  };
  return { cli, calls, out: () => out, err: () => err };
}

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const ENV = { TALKGATE_URL: 'http://gw.test:9000/', TALKGATE_TOKEN: 'tok' };

function deadLetter(id: string, conversationId: string, seq: number) {
  return {
    id, messageId: id, conversationId, channelId: 'ch_1', channelType: 'naver', seq, status: 'failed', target: { channelUserId: 'al-***FQ' },
    message: { kind: 'text', from: 'agent', text: `메시지 ${id}` }, attempts: 2, lastError: { code: '01', message: 'refused' }, failedAt: '2026-05-01T00:00:00.000Z',
  };
}

describe('talkgate commands', () => {
  it('queues: a table for people, the answer as is with --json', async () => {
    const queues = { queues: [{ name: 'outbound', paused: false, counts: { waiting: 1, active: 0, delayed: 2, prioritized: 0, failed: 3, completed: 40 } }] };
    const t = io(() => json(200, queues));
    assert.equal(await runCli(['queues'], ENV, t.cli), EXIT.ok);
    assert.equal(t.calls[0]!.url, 'http://gw.test:9000/v1/ops/queues');
    assert.equal(t.calls[0]!.auth, 'Bearer tok');
    assert.equal(t.out(), 'QUEUE     WAITING  ACTIVE  DELAYED  FAILED  COMPLETED  PAUSED\noutbound  1        0       2        3       40         no\n');
    const j = io(() => json(200, queues));
    assert.equal(await runCli(['queues', '--json'], { ADMIN_TOKEN: 'adm' }, j.cli), EXIT.ok);
    assert.equal(j.calls[0]!.url, 'http://localhost:8080/v1/ops/queues');
    assert.equal(j.calls[0]!.auth, 'Bearer adm');
    assert.deepEqual(JSON.parse(j.out()), queues);
  });

  it('dead-letters list pages with the filter until the limit', async () => {
    const t = io((c) => {
      const q = new URL(c.url).searchParams;
      if (!q.get('cursor')) return json(200, { items: [deadLetter('m1', 'c1', 1), deadLetter('m2', 'c1', 2)], next: 'p2' });
      return json(200, { items: [deadLetter('m3', 'c2', 1)], next: 'p3' });
    });
    assert.equal(await runCli(['dead-letters', 'list', '--channel', 'ch_1', '--code', '01', '--limit', '3'], ENV, t.cli), EXIT.ok);
    assert.deepEqual(t.calls.map((c) => new URL(c.url).search), ['?channelId=ch_1&code=01&limit=3', '?channelId=ch_1&code=01&limit=1&cursor=p2']);
    const lines = t.out().split('\n');
    assert.match(lines[0]!, /^FAILED AT \(UTC\)\s+MESSAGE\s+CHANNEL\s+CONVERSATION\s+CODE\s+ATTEMPTS\s+TEXT$/);
    assert.match(lines[1]!, /^2026-05-01 00:00:00\s+m1\s+ch_1 \(naver\)\s+c1\s+01\s+2\s+메시지 m1$/);
    assert.equal(lines[4], '3 dead letters shown; more match (raise --limit)');
  });

  it('dead-letters replay by filter lists, keeps conversations whole, batches and reports progress', async () => {
    const items = Array.from({ length: 60 }, (_, i) => deadLetter(`m${i}`, `c${i % 30}`, Math.floor(i / 30) + 1));
    const t = io((c) => {
      if (c.method === 'GET') return json(200, { items });
      const ids = c.body.ids as string[];
      const skipped = ids.includes('m7') ? [{ id: 'm7', reason: 'claimed_elsewhere' }] : [];
      const done = ids.filter((id) => id !== 'm7');
      return json(200, { replayed: done.length, skipped: skipped.length, ids: done, skippedItems: skipped, dryRun: false });
    });
    assert.equal(await runCli(['dead-letters', 'replay', '--channel', 'ch_1'], ENV, t.cli), EXIT.partial);
    const posts = t.calls.filter((c) => c.method === 'POST');
    assert.deepEqual(posts.map((p) => p.body.ids.length), [50, 10]);
    assert.deepEqual(posts[0]!.body.ids.slice(0, 2), ['m0', 'm30'], 'a conversation’s messages travel together, in order');
    assert.equal(posts[0]!.body.dryRun, false);
    assert.equal(t.err(), 'replayed 50/60 (49 replayed, 1 skipped)\nreplayed 60/60 (59 replayed, 1 skipped)\n');
    assert.match(t.out(), /m7\s+skipped: claimed_elsewhere/);
    assert.match(t.out(), /replayed 59, skipped 1\n$/);
  });

  it('dead-letters replay --id --dry-run --json', async () => {
    const t = io((c) => json(200, { replayed: 2, skipped: 0, ids: c.body.ids, skippedItems: [], dryRun: true }), true);
    assert.equal(await runCli(['dead-letters', 'replay', '--id', 'a', '--id', 'b', '--dry-run', '--json'], ENV, t.cli), EXIT.ok);
    assert.deepEqual(t.calls[0]!.body, { ids: ['a', 'b'], dryRun: true });
    assert.deepEqual(JSON.parse(t.out()), { replayed: 2, skipped: 0, ids: ['a', 'b'], skippedItems: [], dryRun: true });
    assert.equal(t.err(), '');
  });

  it('exit codes: 2 usage, 3 unreachable or refused token, 4 server error', async () => {
    const usage = io(() => json(200, {}));
    assert.equal(await runCli(['dead-letters', 'replay'], ENV, usage.cli), EXIT.usage);
    assert.equal(usage.calls.length, 0);
    assert.match(usage.err(), /^talkgate: say what to replay/);

    const down = io(() => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    });
    assert.equal(await runCli(['queues'], ENV, down.cli), EXIT.unreachable);
    assert.equal(down.err(), 'talkgate: cannot reach the gateway at http://gw.test:9000 (ECONNREFUSED); set TALKGATE_URL\n');

    const refused = io(() => json(401, { error: { code: 'invalid_token', message: 'The bearer token is not valid; check ADMIN_TOKEN.', details: [] } }));
    assert.equal(await runCli(['queues'], ENV, refused.cli), EXIT.unreachable);
    assert.match(refused.err(), /refused the token \(The bearer token is not valid[^)]*\): set TALKGATE_TOKEN to the admin token$/m);

    const bad = io(() => json(400, { error: { code: 'validation_failed', message: 'The query is invalid.', details: [{ path: '/since', message: 'must match format "date-time"' }] } }));
    assert.equal(await runCli(['dead-letters', 'list'], ENV, bad.cli), EXIT.usage);
    assert.match(bad.err(), /The query is invalid\. \(\/since must match format "date-time"\)/);

    const broken = io(() => new Response('<html>bad gateway</html>', { status: 502 }));
    assert.equal(await runCli(['queues'], ENV, broken.cli), EXIT.server);
    assert.equal(broken.err(), 'talkgate: the gateway failed: HTTP 502\n');
  });
});

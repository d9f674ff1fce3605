// An agent message stored but not yet queued when the process dies (kill -9 between the two
// steps, forced by TALKGATE_TEST_CRASH_AT) is the last of its conversation, so no later message
// pulls it along. The next process to run must still deliver it, within 15 s, exactly once.
import assert from 'node:assert/strict';
import { freePort } from '../../../src/infra/redis-server-process.js';
import { suiteRedis, type SuiteRedis } from '../../helpers/redis-harness.js';
import { startPlatformDouble, textsByUser, type PlatformDouble } from '../../helpers/platform-double.js';
import { sleep, waitFor } from '../../helpers/wait.js';
import { client, conversationsByUser, startChildGateway, type ChildGateway, naverWorld } from './fault-kit.js';

describe('faults: a process killed between storing an agent message and queueing it', function () {
  this.timeout(90_000);
  let redis: SuiteRedis;
  let double: PlatformDouble;
  let gw: ChildGateway | null = null;
  after(async () => {
    await gw?.stop();
    await double?.close();
    await redis?.stop();
  });

  it('delivers the stranded message once, within 15 s of the next process starting', async () => {
    redis = await suiteRedis('strand');
    double = await startPlatformDouble();
    const port = await freePort();
    const env = { ...redis.env, PORT: String(port), REDIS_PREFIX: 'strand', SEND_BACKOFF_MS: '50' };
    gw = await startChildGateway(env);
    const c = client(`http://127.0.0.1:${port}`);

    const { ws, agent } = await naverWorld(c, double.url, ['strand-user'], { maxConcurrent: 10 });
    // the conversation exists and whatever the bot said on connect has left
    const conv = await waitFor(async () => {
      const v = (await conversationsByUser(c, ws)).get('strand-user');
      return v && v.messages.every((m) => m.status !== 'queued') ? v : null;
    }, 'the conversation, with its greetings sent', 20_000);
    await gw.stop();

    // this process dies right after storing the agent message, before its send job exists
    gw = await startChildGateway({ ...env, TALKGATE_TEST_CRASH_AT: 'after-store-outbound' });
    const text = '안녕하세요, 상담사입니다.';
    const before = double.delivered.length;
    const r = await c.admin('POST', `/v1/workspaces/${ws}/conversations/${conv.id}/messages`, { agentId: agent, text });
    assert.equal(r.status, 0, `the request dies with the process (got ${r.status} ${r.text})`);
    await waitFor(async () => gw!.child.signalCode === 'SIGKILL' || null, 'the crashed process to be gone', 5_000);
    const stored = (await conversationsByUser(c, ws).catch(() => null)) ?? null;
    assert.equal(stored, null, 'nothing answers while no process runs');

    gw = await startChildGateway(env);
    const startedAt = Date.now();
    await waitFor(
      async () => (textsByUser(double.delivered).get('strand-user') ?? []).includes(text) || null,
      'the stranded agent message at the platform',
      15_000,
    ).catch(async (err: Error) => {
      const v = (await conversationsByUser(c, ws)).get('strand-user');
      throw new Error(`${err.message}; stored as ${JSON.stringify(v?.messages.filter((m) => m.direction === 'out').map((m) => [m.text, m.status]))}`);
    });
    const tookMs = Date.now() - startedAt;
    await sleep(2500); // room for a second delivery to show up
    const got = (textsByUser(double.delivered.slice(before)).get('strand-user') ?? []).filter((t) => t === text);
    assert.equal(got.length, 1, 'delivered exactly once');
    const after = (await conversationsByUser(c, ws)).get('strand-user')!;
    assert.deepEqual(after.messages.filter((m) => m.text === text).map((m) => m.status), ['sent']);
    console.log(`    stranded agent message delivered ${tookMs} ms after the next process listened`);
  });
});

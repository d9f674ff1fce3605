// api.md "Running": a SECRET_KEY that cannot open what the Redis already holds stops the gateway
// at start with one line naming SECRET_KEY; SECRET_KEY_PREVIOUS rotates the key (read with
// either, re-sealed with the current one); with REDIS_URL set no secret is generated per process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGateway, type Gateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/infra/logger.js';
import { freePort } from '../../../src/infra/redis-server-process.js';
import { createSecretBox } from '../../../src/infra/secret-box.js';
import { httpClient } from '../../helpers/http-client.js';
import { connectRedis, dropPrefix, isClusterUrl, randomPrefix, redisEnv, testRedis, type TestRedis } from '../../helpers/redis-harness.js';
import { gatewayRedisSettings } from '../../helpers/test-gateway.js';
import { client, naverSend, startChildGateway, type ChildGateway } from '../faults/fault-kit.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const KEY_A = 'key-a-0123456789abcdef0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef0123456789abcdef';

/** a start that is expected to stop: its exit code and everything it printed */
function startExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    }),
  );
}

describe('SECRET_KEY against what the Redis holds', function () {
  this.timeout(120_000);
  let redisUrl: string;
  let prefix: string;
  let gw: ChildGateway | null = null;
  let port: number;
  const start = async (env: Record<string, string>): Promise<ChildGateway> => {
    gw = await startChildGateway({ ...redisEnv(redisUrl), REDIS_PREFIX: prefix, PORT: String(port), ...env });
    return gw;
  };
  const stop = async (): Promise<void> => {
    await gw?.stop();
    gw = null;
  };
  const rawChannel = async (id: string): Promise<string | null> => {
    const r = connectRedis(redisUrl);
    try {
      return await r.get(`${prefix}:ch:${id}`);
    } finally {
      r.disconnect();
    }
  };

  beforeEach(async () => {
    redisUrl = (await testRedis()).url;
    prefix = randomPrefix();
    port = await freePort();
  });
  afterEach(async () => {
    await stop();
    await dropPrefix(redisUrl, prefix);
  });

  /** starts with key A, registers a TalkTalk channel, stops; what a later start must open */
  async function channelSealedWithA(): Promise<{ ws: string; id: string; webhook: string }> {
    await start({ SECRET_KEY: KEY_A });
    const c = client(`http://127.0.0.1:${port}`);
    const ws = (await c.admin('POST', '/v1/workspaces', { name: 'acme' })).json.id as string;
    const ch = await c.admin('POST', `/v1/workspaces/${ws}/channels`, {
      type: 'naver',
      name: '톡톡',
      credentials: { authorizationKey: 'naver-auth-key-1234567890' },
    });
    assert.equal(ch.status, 201, ch.text);
    await stop();
    return {
      ws,
      id: ch.json.id as string,
      webhook: `/webhooks/naver/${ch.json.id}?key=${ch.json.webhookKey}`,
    };
  }

  it('refuses to start with another key: exit 2, one line naming SECRET_KEY, nothing served', async () => {
    await channelSealedWithA();
    const r = await startExpectingExit({
      ...redisEnv(redisUrl),
      REDIS_PREFIX: prefix,
      PORT: String(port),
      ADMIN_TOKEN: 'admin-token-0123456789',
      SECRET_KEY: KEY_B,
    });
    assert.equal(r.code, 2, r.output);
    const lines = r.output.trim().split('\n');
    assert.equal(lines.length, 1, r.output);
    assert.match(lines[0] ?? '', /^talkgate: SECRET_KEY cannot open .* SECRET_KEY_PREVIOUS/);
    assert.ok(!r.output.includes('listening'));
  });

  it('refuses a key that cannot open a stored channel even without the key check (data from before it)', async () => {
    await channelSealedWithA();
    const r0 = connectRedis(redisUrl);
    await r0.del(`${prefix}:secret-key-check`);
    r0.disconnect();
    const r = await startExpectingExit({
      ...redisEnv(redisUrl),
      REDIS_PREFIX: prefix,
      PORT: String(port),
      ADMIN_TOKEN: 'admin-token-0123456789',
      SECRET_KEY: KEY_B,
    });
    assert.equal(r.code, 2, r.output);
    assert.match(r.output.trim(), /^talkgate: SECRET_KEY cannot open 1 channel secret\(s\) /);
  });

  it('checks webhook endpoint secrets too: refused with another key, re-sealed by a rotation', async () => {
    await start({ SECRET_KEY: KEY_A, ALLOW_PRIVATE_TARGETS: 'true' });
    const c = client(`http://127.0.0.1:${port}`);
    const ws = (await c.admin('POST', '/v1/workspaces', { name: 'acme' })).json.id as string;
    const ep = await c.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: 'https://127.0.0.1:9/hook', eventTypes: ['*'] });
    assert.equal(ep.status, 201, ep.text);
    await stop();
    const r0 = connectRedis(redisUrl);
    await r0.del(`${prefix}:secret-key-check`);
    r0.disconnect();
    const env = { ...redisEnv(redisUrl), REDIS_PREFIX: prefix, PORT: String(port), ADMIN_TOKEN: 'admin-token-0123456789' };
    const refused = await startExpectingExit({ ...env, SECRET_KEY: KEY_B });
    assert.equal(refused.code, 2, refused.output);
    assert.match(refused.output.trim(), /^talkgate: SECRET_KEY cannot open 1 webhook secret\(s\) /);

    await start({ SECRET_KEY: KEY_B, SECRET_KEY_PREVIOUS: KEY_A });
    const read = await client(`http://127.0.0.1:${port}`).admin('GET', `/v1/workspaces/${ws}/webhooks/${ep.json.id as string}`);
    assert.equal(read.status, 200, read.text);
    await stop();
    await start({ SECRET_KEY: KEY_B });
    await stop();
  });

  it('rotates with SECRET_KEY_PREVIOUS: reads and webhooks work, and afterwards the new key alone opens everything', async () => {
    const { ws, id, webhook } = await channelSealedWithA();
    const sealedWithA = await rawChannel(id);

    await start({ SECRET_KEY: KEY_B, SECRET_KEY_PREVIOUS: KEY_A });
    const c = client(`http://127.0.0.1:${port}`);
    const read = await c.admin('GET', `/v1/workspaces/${ws}/channels/${id}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.json.id, id);
    const hook = await c.request('POST', webhook, {
      body: naverSend('rotating-user', '상담 요청', 'inquiry'),
    });
    assert.equal(hook.status, 200, hook.text);
    const wrongKey = await c.request('POST', webhook.replace(/key=.*/, 'key=not-the-key'), {
      body: naverSend('rotating-user', 'x'),
    });
    assert.notEqual(wrongKey.status, 200, 'the webhook key is still checked');
    await stop();
    assert.notEqual(await rawChannel(id), sealedWithA, 're-sealed in Redis');

    await start({ SECRET_KEY: KEY_B });
    const again = await client(`http://127.0.0.1:${port}`).admin(
      'GET',
      `/v1/workspaces/${ws}/channels/${id}`,
    );
    assert.equal(again.status, 200, again.text);
    assert.equal(
      (
        await client(`http://127.0.0.1:${port}`).request('POST', webhook, {
          body: naverSend('rotating-user', '두 번째'),
        })
      ).status,
      200,
    );
    await stop();

    const old = await startExpectingExit({
      ...redisEnv(redisUrl),
      REDIS_PREFIX: prefix,
      PORT: String(port),
      ADMIN_TOKEN: 'admin-token-0123456789',
      SECRET_KEY: KEY_A,
    });
    assert.equal(old.code, 2, 'the retired key no longer opens the Redis');
  });

  for (const name of ['SECRET_KEY', 'ADMIN_TOKEN'] as const) {
    it(`with REDIS_URL set and ${name} unset: refuses to start (no per-process secret)`, async function () {
      // the message names REDIS_URL: this is the single-Redis configuration
      if (isClusterUrl(redisUrl)) this.skip();
      const env = {
        REDIS_URL: redisUrl,
        REDIS_PREFIX: prefix,
        PORT: String(port),
        ADMIN_TOKEN: 'admin-token-0123456789',
        SECRET_KEY: KEY_A,
        DATA_DIR: path.join(tmpdir(), `talkgate-${prefix}`),
      };
      const r = await startExpectingExit({ ...env, [name]: '' });
      assert.equal(r.code, 2, r.output);
      assert.equal(
        r.output.trim(),
        `talkgate: environment variable ${name} must be set when REDIS_URL is set (every process on one Redis shares it)`,
      );
    });
  }
});

describe('SECRET_KEY rotation with several processes starting at once', function () {
  this.timeout(60_000);
  const ADMIN = 'admin-token-0123456789abcdef';
  let redisUrl: string;
  let redis: TestRedis;
  let prefix: string;
  const started: Gateway[] = [];
  const start = (env: Record<string, string>): Promise<Gateway> =>
    startGateway({
      ...gatewayRedisSettings(redis, { PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: prefix, ADMIN_TOKEN: ADMIN, ...env }),
      adminToken: ADMIN,
      secretKey: env['SECRET_KEY'] ?? '',
      log: createLogger('silent'),
    }).then((gw) => {
      started.push(gw);
      return gw;
    });
  beforeEach(async () => {
    redis = await testRedis();
    redisUrl = redis.url;
    prefix = randomPrefix();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((gw) => gw.stop()));
    await dropPrefix(redisUrl, prefix);
  });

  it('re-seals webhook endpoint secrets too: after the rotation the new key alone reads and rotates them', async () => {
    const env = { ALLOW_PRIVATE_TARGETS: 'true' };
    const first = await start({ ...env, SECRET_KEY: KEY_A });
    const call = httpClient(first.url);
    const ws = (await call('POST', '/v1/workspaces', { body: { name: 'acme' }, token: ADMIN })).json.id as string;
    const ep = await call('POST', `/v1/workspaces/${ws}/webhooks`, { body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] }, token: ADMIN });
    assert.equal(ep.status, 201, ep.text);
    await first.stop();
    started.splice(0);

    await start({ ...env, SECRET_KEY: KEY_B, SECRET_KEY_PREVIOUS: KEY_A }).then((gw) => gw.stop());
    started.splice(0);
    const onlyB = await start({ ...env, SECRET_KEY: KEY_B });
    const read = await httpClient(onlyB.url)('GET', `/v1/workspaces/${ws}/webhooks/${ep.json.id}`, { token: ADMIN });
    assert.equal(read.status, 200, read.text);
    const rotated = await httpClient(onlyB.url)('POST', `/v1/workspaces/${ws}/webhooks/${ep.json.id}/rotate-secret`, { token: ADMIN });
    assert.equal(rotated.status, 200, rotated.text);
  });

  it('three processes starting together with the new and the previous key all read every channel, and all are sealed with the new key', async () => {
    const first = await start({ SECRET_KEY: KEY_A });
    const call = httpClient(first.url);
    const ws = (await call('POST', '/v1/workspaces', { body: { name: 'acme' }, token: ADMIN })).json
      .id as string;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const body = {
        type: 'naver',
        name: `톡톡 ${i}`,
        credentials: { authorizationKey: `naver-auth-key-${i}-1234567890` },
      };
      const ch = await call('POST', `/v1/workspaces/${ws}/channels`, { body, token: ADMIN });
      assert.equal(ch.status, 201, ch.text);
      ids.push(ch.json.id as string);
    }
    await first.stop();
    started.splice(0);

    const both = await Promise.all(
      [0, 1, 2].map(() => start({ SECRET_KEY: KEY_B, SECRET_KEY_PREVIOUS: KEY_A })),
    );
    for (const gw of both) {
      const list = await httpClient(gw.url)('GET', `/v1/workspaces/${ws}/channels`, { token: ADMIN });
      assert.equal(list.status, 200, list.text);
      assert.equal(list.json.items.length, ids.length);
    }
    const onlyB = createSecretBox(KEY_B);
    for (const id of ids) {
      const raw = await both[0]!.services.channels.rawDocument(id);
      const doc = JSON.parse(raw ?? '{}') as { sealed: string };
      assert.ok(onlyB.tryOpen(doc.sealed), `channel ${id} is sealed with the new key`);
    }
  });
});

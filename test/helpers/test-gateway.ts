// Starts a real gateway (real express app, real Redis from the harness) on a free port with
// its own key prefix, and gives tests a small HTTP client for it.
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/infra/logger.js';
import { httpClient, type RequestOpts, type TestResponse } from './http-client.js';
import { dropPrefix, randomPrefix, redisEnv, testRedis, type TestRedis } from './redis-harness.js';

export type { RequestOpts, TestResponse };

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789';

export interface TestGateway {
  gw: Gateway;
  url: string;
  prefix: string;
  /** the test Redis (`redis://` or `redis-cluster://`): open connections with connectRedis(redisUrl) */
  redisUrl: string;
  logs: string[];
  request(method: string, path: string, opts?: RequestOpts): Promise<TestResponse>;
  admin(method: string, path: string, body?: unknown): Promise<TestResponse>;
  stop(): Promise<void>;
}

/**
 * what startGateway needs to reach the test Redis: the config (on the cluster with
 * REDIS_CLUSTER_NODES, and the shared secrets a shared Redis demands) and `redisUrl` (the single
 * Redis, or on the cluster one seed node: the gateway takes the cluster from its config)
 */
export function gatewayRedisSettings(redis: TestRedis, env: Record<string, string>): { config: Config; redisUrl: string } {
  const seed = redis.cluster?.nodes[0];
  if (!seed) return { config: loadConfig(env), redisUrl: redis.url };
  return { config: loadConfig({ ...redisEnv(redis.url), ADMIN_TOKEN, SECRET_KEY, ...env }), redisUrl: `redis://${seed.host}:${seed.port}` };
}

export async function startTestGateway(env: Record<string, string> = {}, now?: () => Date, sharedPrefix?: string): Promise<TestGateway> {
  const redis = await testRedis();
  const prefix = sharedPrefix ?? randomPrefix();
  // the doubles listen on http://127.0.0.1 and nock hosts: lift the outbound URL rule (tests that check it pass 'false')
  const { config, redisUrl } = gatewayRedisSettings(redis, { PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: prefix, LOG_LEVEL: 'info', ALLOW_PRIVATE_TARGETS: 'true', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const gw = await startGateway({
    config,
    redisUrl,
    adminToken: ADMIN_TOKEN,
    secretKey: SECRET_KEY,
    log: createLogger('info', sink),
    ...(now ? { now } : {}),
  });
  const request = httpClient(gw.url);
  return {
    gw,
    url: gw.url,
    prefix,
    redisUrl: redis.url,
    logs,
    request,
    admin: (method, path, body) => request(method, path, { body, token: ADMIN_TOKEN }),
    async stop() {
      await gw.stop();
      await dropPrefix(redis.url, prefix);
    },
  };
}

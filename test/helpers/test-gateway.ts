// Starts a real gateway (real express app, real Redis from the harness) on a free port with
// its own key prefix, and gives tests a small HTTP client for it.
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/infra/logger.js';
import { httpClient, type RequestOpts, type TestResponse } from './http-client.js';
import { dropPrefix, randomPrefix, testRedis } from './redis-harness.js';

export type { RequestOpts, TestResponse };

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789';

export interface TestGateway {
  gw: Gateway;
  url: string;
  prefix: string;
  redisUrl: string;
  logs: string[];
  request(method: string, path: string, opts?: RequestOpts): Promise<TestResponse>;
  admin(method: string, path: string, body?: unknown): Promise<TestResponse>;
  stop(): Promise<void>;
}

export async function startTestGateway(env: Record<string, string> = {}, now?: () => Date, sharedPrefix?: string): Promise<TestGateway> {
  const redis = await testRedis();
  const prefix = sharedPrefix ?? randomPrefix();
  // the doubles listen on http://127.0.0.1 and nock hosts: lift the outbound URL rule (tests that check it pass 'false')
  const config: Config = loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: prefix, LOG_LEVEL: 'info', ALLOW_PRIVATE_TARGETS: 'true', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const gw = await startGateway({
    config,
    redisUrl: redis.url,
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

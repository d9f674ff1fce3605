// Starts a real gateway (real express app, real Redis from the harness) on a free port with
// its own key prefix, and gives tests a small HTTP client for it.
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/infra/logger.js';
import { dropPrefix, randomPrefix, testRedis } from './redis-harness.js';

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

export interface RequestOpts {
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
  token?: string | null;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function startTestGateway(env: Record<string, string> = {}, now?: () => Date, sharedPrefix?: string): Promise<TestGateway> {
  const redis = await testRedis();
  const prefix = sharedPrefix ?? randomPrefix();
  const config: Config = loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: prefix, LOG_LEVEL: 'info', ...env });
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
  const request = async (method: string, path: string, opts: RequestOpts = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    let body: string | Uint8Array | undefined;
    if (opts.raw !== undefined) body = typeof opts.raw === 'string' ? opts.raw : new Uint8Array(opts.raw);
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    const res = await fetch(`${gw.url}${path}`, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
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

// Composition of one gateway process: Redis → stores → queues/workers → HTTP. main.ts adds the
// process concerns (embedded Redis, signals); tests call startGateway directly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createHttpApp, type HttpApp } from './http/app.js';
import type { HttpDeps } from './http/deps.js';
import { classifyInfraError } from './infra/classify-error.js';
import { createKeys, type Keys } from './infra/keys.js';
import type { Logger } from './infra/logger.js';
import { createMetrics, type Metrics } from './infra/metrics.js';
import { createRedisFactory, type Redis, type RedisFactory } from './infra/redis-client.js';
import { createSecretBox } from './infra/secret-box.js';
import { RedisAgentStore } from './infra/stores/agent-store.redis.js';
import { RedisChannelStore } from './infra/stores/channel-store.redis.js';
import { RedisWorkspaceStore } from './infra/stores/workspace-store.redis.js';

export const VERSION = '0.1.0';

export interface GatewaySettings {
  config: Config;
  redisUrl: string;
  adminToken: string;
  secretKey: string;
  log: Logger;
  now?: () => Date;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly http: HttpApp;
  readonly redis: Redis;
  readonly keys: Keys;
  readonly metrics: Metrics;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** the command connection has no offline queue, so wait until it is really connected */
function waitReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis not reachable within ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function startGateway(s: GatewaySettings): Promise<Gateway> {
  const { config, log } = s;
  const now = s.now ?? (() => new Date());
  const factory: RedisFactory = createRedisFactory(s.redisUrl, log);
  const redis = factory.command('command');
  await waitReady(redis, 10_000);
  const keys = createKeys(config.redisPrefix);
  const metrics = createMetrics();
  const box = createSecretBox(s.secretKey);
  const workspaces = new RedisWorkspaceStore(redis, keys);
  const agents = new RedisAgentStore(redis, keys);
  const channels = new RedisChannelStore(redis, keys, box);

  const server = createServer();
  // the listening port is known only after listen(); base URLs are computed lazily from it
  let port = config.port;
  const publicBaseUrl = (): string => config.publicBaseUrl ?? `http://localhost:${port}`;

  const deps: HttpDeps = {
    version: VERSION,
    get publicBaseUrl() {
      return publicBaseUrl();
    },
    adminToken: s.adminToken,
    log,
    metrics,
    now,
    workspaces,
    agents,
    channels,
    classifyError: classifyInfraError,
    async ready() {
      let redisOk: boolean;
      try {
        redisOk = (await redis.ping()) === 'PONG';
      } catch {
        redisOk = false;
      }
      return { ok: redisOk, checks: { redis: redisOk } };
    },
  };
  const http = createHttpApp(deps);
  server.on('request', http.app);
  server.keepAliveTimeout = 65_000;
  port = await listen(server, config.port, config.host);
  const url = `http://127.0.0.1:${port}`;

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref());
      await Promise.race([closed, deadline]);
      server.closeAllConnections();
      await factory.closeAll();
    })();
    return stopping;
  };
  return { url, port, http, redis, keys, metrics, stop };
}

// Composition of one gateway process: Redis → services → HTTP and/or workers (ROLE). main.ts
// adds the process concerns (embedded Redis, signals); tests call startGateway directly.
import type { Worker } from 'bullmq';
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildServices, type Services } from './compose/services.js';
import type { Config } from './config.js';
import { createHttpApp, type HttpApp } from './http/app.js';
import type { HttpDeps } from './http/deps.js';
import { classifyInfraError } from './infra/classify-error.js';
import { createKeys, type Keys } from './infra/keys.js';
import type { Logger } from './infra/logger.js';
import { createMetrics, type Metrics } from './infra/metrics.js';
import { createInboundWorker } from './infra/queues/inbound-worker.js';
import { createOutboundWorker } from './infra/queues/outbound-worker.js';
import { createTimerWorker } from './infra/queues/timer-worker.js';
import { createRedisFactory, type Redis } from './infra/redis-client.js';
import { startWebhookDispatcher, type Dispatcher } from './infra/webhooks/webhook-dispatcher.js';
import { createWebhookWorker } from './infra/webhooks/webhook-worker.js';
import { createSecretBox } from './infra/secret-box.js';
import { checkSecretKey } from './infra/secret-key-check.js';
import { RedisWebhookStore } from './infra/stores/webhook-store.redis.js';
import { RedisChannelStore } from './infra/stores/channel-store.redis.js';

export const VERSION = '0.1.0';
const SWEEP_EVERY_MS = 2000;
/** after SHUTDOWN_TIMEOUT_MS, how long closing the queues and connections may take each */
const CLOSE_GRACE_MS = 1000;

export interface GatewaySettings {
  config: Config;
  redisUrl: string;
  adminToken: string;
  secretKey: string;
  log: Logger;
  now?: () => Date;
  /** false only for the ingest bench's baseline: changes are stored without their events */
  writeEvents?: boolean;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly http: HttpApp | null;
  readonly redis: Redis;
  readonly keys: Keys;
  readonly metrics: Metrics;
  readonly services: Services;
  /** the webhook dispatcher of this process (null without workers) */
  readonly webhookDispatcher: Dispatcher | null;
  stop(): Promise<void>;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
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
  const factory = createRedisFactory(s.redisUrl, log);
  const redis = factory.command('command');
  await waitReady(redis, 10_000);
  const keys = createKeys(config.redisPrefix);
  try {
    // refuse before serving anything: a wrong SECRET_KEY would 500 every webhook and channel read
    const box = createSecretBox(s.secretKey, config.secretKeyPrevious);
    const sealed = [
      { what: 'channel secret(s)', documentKeys: () => new RedisChannelStore(redis, keys, box).documentKeys() },
      { what: 'webhook secret(s)', documentKeys: () => new RedisWebhookStore(redis, keys, box).documentKeys() },
    ];
    const { resealed } = await checkSecretKey(redis, keys, box, sealed);
    if (resealed > 0) log.info({ resealed }, 'secrets re-sealed with SECRET_KEY');
  } catch (err) {
    await factory.closeAll();
    throw err;
  }
  const metrics = createMetrics();
  const server = createServer();
  // the listening port is known only after listen(); base URLs are computed lazily from it
  let port = config.port;
  const publicBaseUrl = (): string => config.publicBaseUrl ?? `http://localhost:${port}`;
  const services = buildServices({ config, factory, redis, keys, secretKey: s.secretKey, log, metrics, now, publicBaseUrl, writeEvents: s.writeEvents ?? true });

  const runHttp = config.role !== 'worker';
  const runWorkers = config.role !== 'http';
  const workers: Worker[] = [];
  let sweepTimer: NodeJS.Timeout | null = null;
  let webhookDispatcher: Dispatcher | null = null;
  if (runWorkers) {
    const connection = factory.blocking('workers');
    const bull = { connection, prefix: services.queues.prefix, log };
    const inbound = createInboundWorker({ ...bull, redis, keys, inbox: services.inbox, queue: services.queues.inboundPort, handle: (rec) => services.handle(rec), concurrency: config.workerConcurrency, eventDoneChannel: services.eventWaiters.fanoutChannel, awaitsResult: (t) => services.adapters.all().some((a) => a.type === t && a.webhooks.repliesInAnswer === true) });
    // a webhook drains its customer's mailbox here instead of through a job to this same process
    services.inboundDrain.runLocally((mailbox) => inbound.drainNow(mailbox), config.workerConcurrency);
    workers.push(
      inbound.worker,
      createOutboundWorker({ ...bull, send: services.send, policy: { attempts: config.send.attempts, backoffMs: config.send.backoffMs }, concurrency: config.workerConcurrency }),
      createTimerWorker({ ...bull, onAutoClose: (id, firedAt) => onAutoClose(services, id, firedAt) }),
    );
    workers.push(
      createWebhookWorker({ ...bull, queue: services.webhookQueue, chains: services.webhookChains, store: services.webhooks, guard: services.targetGuard, metrics,
        retryDelaysMs: config.webhookRetryDelaysMs, timeoutMs: config.webhookTimeoutMs, concurrency: config.workerConcurrency, now }),
    );
    webhookDispatcher = startWebhookDispatcher({ redis, blocking: factory.blocking('webhook-dispatch'), keys, store: services.webhooks, chains: services.webhookChains, queue: services.webhookQueue, metrics, log });
    // mailboxes whose drain request was lost (crash between record and add) are found here,
    // and outbound messages stored by a process that died before queueing them
    sweepTimer = setInterval(() => {
      inbound.sweep().catch(() => undefined);
      services.sweepOutbox().catch(() => undefined);
    }, SWEEP_EVERY_MS);
    sweepTimer.unref();
  }

  let http: HttpApp | null = null;
  const lifecycle = new EventEmitter();
  let inFlight = 0;
  lifecycle.setMaxListeners(0);
  if (runHttp) {
    const deps: HttpDeps = {
      version: VERSION,
      get publicBaseUrl() {
        return publicBaseUrl();
      },
      adminToken: s.adminToken,
      log,
      metrics,
      now,
      workspaces: services.workspaces,
      agents: services.agents,
      channels: services.channels,
      services,
      kakaoSyncWaitMs: config.kakaoSyncWaitMs,
      sseHeartbeatMs: config.sseHeartbeatMs,
      classifyError: classifyInfraError,
      lifecycle,
      imageExists: (ws, id) => services.images.exists(ws, id),
      onAgentAvailable: async (ws) => {
        await services.backlog.rebalance(ws, 'agent online');
      },
      async ready() {
        let redisOk: boolean;
        try {
          redisOk = (await redis.ping()) === 'PONG';
        } catch {
          redisOk = false;
        }
        const workersOk = !runWorkers || workers.every((w) => w.isRunning());
        return { ok: redisOk && workersOk, checks: { redis: redisOk, workers: workersOk } };
      },
    };
    http = createHttpApp(deps);
    server.on('request', (req, res) => {
      inFlight++;
      res.once('close', () => inFlight--);
    });
    server.on('request', http.handle);
    server.keepAliveTimeout = 65_000;
    port = await listen(server, config.port, config.host);
  }
  const url = `http://127.0.0.1:${port}`;

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (sweepTimer) clearInterval(sweepTimer);
      lifecycle.emit('shutdown');
      const closed = runHttp ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
      // in-flight requests finish; once none is left, the remaining (keep-alive) sockets close
      const idleSweep = setInterval(() => {
        server.closeIdleConnections();
        if (inFlight === 0) server.closeAllConnections();
      }, 50);
      server.closeIdleConnections();
      const deadline = delay(config.shutdownTimeoutMs);
      // stop taking requests and jobs; in-flight ones finish within the deadline
      await Promise.race([Promise.all([closed, ...workers.map((w) => w.close())]), deadline]);
      clearInterval(idleSweep);
      server.closeAllConnections();
      await Promise.race([Promise.all(workers.map((w) => w.close(true))), deadline]);
      await Promise.race([services.inboundDrain.idle(), deadline]);
      await Promise.race([webhookDispatcher?.stop().catch(() => undefined), delay(CLOSE_GRACE_MS)]);
      // with Redis away these closes would wait for it for ever: each gets a short grace
      await Promise.race([services.queues.close().catch(() => undefined), delay(CLOSE_GRACE_MS)]);
      await Promise.race([services.webhookQueue.close().catch(() => undefined), delay(CLOSE_GRACE_MS)]);
      await factory.closeAll(CLOSE_GRACE_MS);
    })();
    return stopping;
  };
  return { url, port, http, redis, keys, metrics, services, webhookDispatcher, stop };
}

async function onAutoClose(services: Services, conversationId: string, firedAt: number): Promise<void> {
  const c = await services.conversations.get(conversationId);
  if (!c || c.status === 'closed') return;
  const channel = await services.channels.get(c.channelId, { cached: true });
  if (!channel) return;
  const r = await services.engine.dispatch({
    channel,
    customerId: c.customerId,
    conversationId: c.id,
    event: { type: 'idle_timeout' },
    eventKey: `idle:${c.id}:${firedAt}`,
  });
  if (r.conversation?.status === 'closed') await services.backlog.rebalance(c.workspaceId, 'auto-closed');
}

// Builds the infrastructure and use-case objects one gateway process shares between its HTTP
// side and its workers. No HTTP and no worker loops here: see gateway.ts.
import { createAdapterRegistry, type AdapterRegistry } from '../../adapters/registry.js';
import { createBacklog, type Backlog } from '../app/backlog.js';
import { createConversationEngine, type ConversationEngine } from '../app/conversation-engine.js';
import { createFormLinks, type FormLinks } from '../app/form-links.js';
import { handleInbound } from '../app/handle-inbound.js';
import { sweepOutbox } from '../app/outbox-sweep.js';
import { recordInbound } from '../app/record-inbound.js';
import type { SendDeps } from '../app/send-outbound.js';
import type { Config } from '../config.js';
import type { OutboundImage } from '../domain/outbound-message.js';
import { EventWaiters } from '../infra/inbound/event-waiters.redis.js';
import { createInboundPorts } from '../infra/inbound/inbound-ports.js';
import { RedisInbox, type RecordedEvent } from '../infra/inbound/inbox.redis.js';
import type { Keys } from '../infra/keys.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import { createQueues, type Queues } from '../infra/queues/bull-queues.js';
import { takeSendSlot } from '../infra/rate-window.redis.js';
import type { Redis, RedisFactory } from '../infra/redis-client.js';
import { createCrashPoint } from '../infra/crash-point.js';
import { createKeyedMutex } from '../infra/keyed-mutex.js';
import { LEASE_TTL_MS, withLock } from '../infra/redis-lock.js';
import { createSecretBox, deriveKeys } from '../infra/secret-box.js';
import { createSendPorts } from '../infra/send-ports.redis.js';
import { RedisAgentStore } from '../infra/stores/agent-store.redis.js';
import { RedisApiKeyStore } from '../infra/stores/api-key-store.redis.js';
import { RedisChannelStore } from '../infra/stores/channel-store.redis.js';
import { RedisConversationStore } from '../infra/stores/conversation-store.redis.js';
import { RedisCustomerStore } from '../infra/stores/customer-store.redis.js';
import { RedisDispatchStore } from '../infra/stores/dispatch-store.redis.js';
import { RedisCustomerErasure } from '../infra/stores/customer-erasure.redis.js';
import { RedisImageStore } from '../infra/stores/image-store.redis.js';
import { RedisMessageStore } from '../infra/stores/message-store.redis.js';
import { createPlatformSessionStore } from '../infra/stores/platform-session-store.redis.js';
import { RedisWorkspaceStore } from '../infra/stores/workspace-store.redis.js';
import { VisitorStreams } from '../infra/webchat/visitor-streams.redis.js';
import { RedisWebhookStore } from '../infra/stores/webhook-store.redis.js';
import { createTargetGuard, type TargetGuard } from '../infra/target-guard.js';
import { WebhookChains } from '../infra/webhooks/webhook-chains.redis.js';
import { createWebhookQueue, type WebhookQueue } from '../infra/webhooks/webhook-queue.js';
import { EventFanout } from '../infra/events/event-fanout.redis.js';
import { RedisEventLog } from '../infra/events/event-log.redis.js';
import { RedisFormTokenStore } from '../infra/stores/form-token-store.redis.js';
import { createDrainRequests, type DrainRequests } from '../infra/inbound/drain-requests.js';

export interface Services {
  redis: Redis;
  keys: Keys;
  workspaces: RedisWorkspaceStore;
  agents: RedisAgentStore;
  apiKeys: RedisApiKeyStore;
  channels: RedisChannelStore;
  customers: RedisCustomerStore;
  conversations: RedisConversationStore;
  messages: RedisMessageStore;
  images: RedisImageStore;
  inbox: RedisInbox;
  eventWaiters: EventWaiters;
  queues: Queues;
  /** where webhooks ask for a mailbox drain: the queue, or this process when it runs the workers */
  inboundDrain: DrainRequests;
  streams: VisitorStreams;
  /** the workspaces' event logs, and their live fan-out to this process's SSE streams */
  events: RedisEventLog;
  eventFanout: EventFanout;
  erasure: RedisCustomerErasure;
  adapters: AdapterRegistry;
  formLinks: FormLinks;
  formTokens: RedisFormTokenStore;
  engine: ConversationEngine;
  backlog: Backlog;
  send: SendDeps;
  handle(rec: RecordedEvent): ReturnType<typeof handleInbound>;
  /** queues outbound messages a dead process stored but never queued */
  sweepOutbox(): Promise<number>;
  resolveImage(workspaceId: string, imageId: string): Promise<OutboundImage | undefined>;
  withCustomerLock<T>(customerId: string, fn: () => Promise<T>): Promise<T>;
  webhooks: RedisWebhookStore;
  webhookChains: WebhookChains;
  webhookQueue: WebhookQueue;
  /** outbound URL safety for integrator-set URLs (ALLOW_PRIVATE_TARGETS lifts it) */
  targetGuard: TargetGuard;
}

export interface ServiceSettings {
  config: Config;
  factory: RedisFactory;
  redis: Redis;
  keys: Keys;
  secretKey: string;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  publicBaseUrl: () => string;
  /** false only for the ingest bench's baseline */
  writeEvents?: boolean;
}

export function buildServices(s: ServiceSettings): Services {
  const { redis, keys, log, metrics, now, config } = s;
  const box = createSecretBox(s.secretKey, config.secretKeyPrevious);
  const workspaces = new RedisWorkspaceStore(redis, keys);
  const agents = new RedisAgentStore(redis, keys);
  const apiKeys = new RedisApiKeyStore(redis, keys);
  const channels = new RedisChannelStore(redis, keys, box);
  const events = new RedisEventLog(redis, keys, { retentionMs: config.eventRetentionMs, enabled: s.writeEvents ?? true, now });
  const customers = new RedisCustomerStore(redis, keys, events);
  const conversations = new RedisConversationStore(redis, keys, events, config.conversationRetentionSeconds);
  const messages = new RedisMessageStore(redis, keys, events, config.conversationRetentionSeconds);
  const dispatches = new RedisDispatchStore(redis, keys, conversations, messages, now);
  const erasure = new RedisCustomerErasure(redis, keys, events);
  const eventFanout = new EventFanout(redis, () => s.factory.blocking('event-fanout'), keys, log);
  const inbox = new RedisInbox(redis, keys, now);
  const queues = createQueues(redis, keys, { attempts: config.send.attempts, backoffMs: config.send.backoffMs });
  const inboundDrain = createDrainRequests(queues.inboundPort, log);
  const webhooks = new RedisWebhookStore(redis, keys, box);
  const webhookChains = new WebhookChains(redis, keys, config.eventRetentionMs);
  const webhookQueue = createWebhookQueue(redis, queues.prefix);
  const targetGuard = createTargetGuard({ allowPrivate: config.allowPrivateTargets });
  const subscriber = s.factory.blocking('subscriber');
  const streams = new VisitorStreams(redis, subscriber, keys);
  const eventWaiters = new EventWaiters(redis, subscriber, keys);
  const adapters = createAdapterRegistry({
    webchatKey: deriveKeys(s.secretKey, config.secretKeyPrevious, 'webchat-visitor-v1'),
    get publicBaseUrl() {
      return s.publicBaseUrl();
    },
    timeoutMs: config.send.timeoutMs,
  });
  const formLinks = createFormLinks(deriveKeys(s.secretKey, config.secretKeyPrevious, 'profile-form-v1'), s.publicBaseUrl, config.formTokenTtlMs);
  const local = createKeyedMutex();
  const withCustomerLock = <T>(customerId: string, fn: () => Promise<T>): Promise<T> =>
    local(customerId, () => withLock(redis, `${keys.prefix}:lock:cust:${customerId}`, fn));
  const withWorkspaceLock = <T>(ws: string, fn: () => Promise<T>): Promise<T> =>
    withLock(redis, `${keys.prefix}:lock:ws:${ws}`, fn, LEASE_TTL_MS, 30_000);
  const images = new RedisImageStore(redis, keys, s.publicBaseUrl);
  const services = {} as Services;
  const inboundPorts = createInboundPorts({ images, timeoutMs: config.send.timeoutMs, log, now, guard: targetGuard });
  const sessions = createPlatformSessionStore(redis, keys);
  const resolveImage = (ws: string, id: string): Promise<OutboundImage | undefined> => images.resolve(ws, id);
  const engine = createConversationEngine({
    withCustomerLock,
    customers,
    conversations,
    messages,
    dispatches,
    workspaces,
    agents,
    outbound: queues.outboundPort,
    timers: queues.timerPort,
    formLinks,
    resolveImage: (ws, id) => services.resolveImage(ws, id),
    log,
    now,
    syncHoldMs: config.kakaoSyncWaitMs + 1000,
    crashPoint: createCrashPoint(config.testCrashAt),
  });
  const backlog = createBacklog({ engine, conversations, workspaces, agents, channels, timers: queues.timerPort, withCustomerLock, withWorkspaceLock, log, now });
  const send: SendDeps = {
    messages,
    channels,
    adapters,
    ports: createSendPorts(redis, keys, streams),
    queue: queues.outboundPort,
    metrics,
    log,
    takeSendSlot: (channelId, max, windowMs) => takeSendSlot(redis, keys.rate(channelId), max, windowMs),
    recordCustomerEvent: async (channel, channelUserId, kind, deliveryId) => {
      const at = now().toISOString();
      const event = { kind, channelId: channel.id, channelUserId, occurredAt: at, deliveryId, raw: { from: 'send-refusal' } };
      await recordInbound({ inbox, queue: inboundDrain, log }, channel, [event], at);
    },
    now,
    checkTarget: (url) => targetGuard.check(url),
  };
  Object.assign(services, {
    redis,
    keys,
    workspaces,
    agents,
    apiKeys,
    channels,
    customers,
    conversations,
    messages,
    images,
    inbox,
    eventWaiters,
    queues,
    inboundDrain,
    streams,
    events,
    eventFanout,
    erasure,
    adapters,
    formLinks,
    formTokens: new RedisFormTokenStore(redis, keys),
    engine,
    backlog,
    send,
    handle: (rec: RecordedEvent) =>
      handleInbound({ adapterOf: (t) => adapters.get(t), inboundPorts, sessions, channels, customers, conversations, engine, backlog, metrics, log, now, appendVisitorStream: (c, v, e) => streams.append(c, v, e) }, rec),
    sweepOutbox: () => sweepOutbox({ messages, queue: queues.outboundPort }),
    resolveImage,
    withCustomerLock,
    webhooks,
    webhookChains,
    webhookQueue,
    targetGuard,
  } satisfies Services);
  return services;
}

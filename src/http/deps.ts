// What the HTTP layer needs from the composition root (main.ts or a test).
import type { Services } from '../compose/services.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import type { RedisAgentStore } from '../infra/stores/agent-store.redis.js';
import type { RedisChannelStore } from '../infra/stores/channel-store.redis.js';
import type { RedisWorkspaceStore } from '../infra/stores/workspace-store.redis.js';
import type { ErrorClassifier } from './middleware/errors.js';
import type { RouteDef } from './route-def.js';

export interface Readiness {
  ok: boolean;
  checks: Record<string, boolean>;
}

export interface HttpDeps {
  version: string;
  publicBaseUrl: string;
  adminToken: string;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  workspaces: RedisWorkspaceStore;
  agents: RedisAgentStore;
  channels: RedisChannelStore;
  services: Services;
  /** Kakao: how long the webhook waits for the bot's reply before answering without it */
  kakaoSyncWaitMs: number;
  /** web chat SSE: a comment line this often keeps proxies from closing idle streams */
  sseHeartbeatMs: number;
  ready(): Promise<Readiness>;
  /** emits 'shutdown' when the process starts stopping (long-lived streams end then) */
  lifecycle: import('node:events').EventEmitter;
  classifyError: ErrorClassifier;
  /** hook for routing when an agent comes online (profile bot issue) */
  onAgentAvailable?(workspaceId: string, agentId: string): Promise<void>;
  /** does an uploaded image with this id exist in the workspace */
  imageExists?(workspaceId: string, imageId: string): Promise<boolean>;
  /** routes contributed by later capabilities (webhooks, conversations, forms, ops …) */
  extraRoutes?: (auth: import('express').RequestHandler) => RouteDef[];
}

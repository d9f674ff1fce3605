// A gateway for the preview tests: the real services of startTestGateway (real Redis, real
// stores), served by the real HTTP app built with a fixed public base URL and, where a test asks
// for it, stand-in image hooks.
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VERSION } from '../../../src/gateway.js';
import { createHttpApp } from '../../../src/http/app.js';
import type { HttpDeps } from '../../../src/http/deps.js';
import { classifyInfraError } from '../../../src/infra/classify-error.js';
import { createLogger } from '../../../src/infra/logger.js';
import type { OutboundImage } from '../../../src/domain/outbound-message.js';
import { httpClient } from '../../helpers/http-client.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway, type TestResponse } from '../../helpers/test-gateway.js';

export const PUBLIC_BASE_URL = 'https://talkgate.example.com';
export const FORM_URL = `${PUBLIC_BASE_URL}/forms/profile/preview-token`;

export interface PreviewWorld {
  t: TestGateway;
  request(method: string, path: string, opts?: { body?: unknown; token?: string | null }): Promise<TestResponse>;
  admin(method: string, path: string, body?: unknown): Promise<TestResponse>;
  stop(): Promise<void>;
}

export interface ImageHooks {
  resolveImage?(workspaceId: string, imageId: string): Promise<OutboundImage | undefined>;
  imageExists?(workspaceId: string, imageId: string): Promise<boolean>;
}

export async function startPreviewWorld(hooks: ImageHooks = {}): Promise<PreviewWorld> {
  const t = await startTestGateway({ PUBLIC_BASE_URL });
  const gw = t.gw;
  const services = hooks.resolveImage ? { ...gw.services, resolveImage: hooks.resolveImage } : gw.services;
  const deps: HttpDeps = {
    version: VERSION,
    publicBaseUrl: PUBLIC_BASE_URL,
    adminToken: ADMIN_TOKEN,
    log: createLogger('silent'),
    metrics: gw.metrics,
    now: () => new Date(),
    workspaces: services.workspaces,
    agents: services.agents,
    channels: services.channels,
    services,
    kakaoSyncWaitMs: 4_000,
    sseHeartbeatMs: 15_000,
    classifyError: classifyInfraError,
    lifecycle: new EventEmitter(),
    ...(hooks.imageExists ? { imageExists: hooks.imageExists } : {}),
    async ready() {
      return { ok: true, checks: {} };
    },
  };
  const http = createHttpApp(deps);
  const server: Server = createServer(http.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request = httpClient(url);
  return {
    t,
    request,
    admin: (method, path, body) => request(method, path, { body, token: ADMIN_TOKEN }),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.stop();
    },
  };
}

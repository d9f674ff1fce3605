// A gateway for the preview tests: the real one from startTestGateway (real Redis, real stores
// and services), served by an HTTP app that has the preview routes — app.ts's own once the lead
// wires previewRoutes there, otherwise the same app with them added through extraRoutes. Tests
// may swap the image hooks, which the images capability will provide later.
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VERSION } from '../../../src/gateway.js';
import { createHttpApp } from '../../../src/http/app.js';
import type { HttpDeps } from '../../../src/http/deps.js';
import { previewRoutes } from '../../../src/http/routes/preview-routes.js';
import { classifyInfraError } from '../../../src/infra/classify-error.js';
import { createLogger } from '../../../src/infra/logger.js';
import type { OutboundImage } from '../../../src/domain/outbound-message.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway, type TestResponse } from '../../helpers/test-gateway.js';

export const PUBLIC_BASE_URL = 'https://talkgate.example.com';
export const FORM_URL = `${PUBLIC_BASE_URL}/forms/profile/preview-token`;
const PREVIEW_PATH = '/v1/workspaces/:ws/profile-bot/preview';

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
  const base = createHttpApp(deps);
  const wired = base.routes.some((r) => r.path === PREVIEW_PATH);
  const http = wired ? base : createHttpApp({ ...deps, extraRoutes: () => previewRoutes(deps) });
  const server: Server = createServer(http.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request: PreviewWorld['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${url}${path}`, { method, headers, body });
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

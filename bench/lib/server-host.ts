// Child-process entry that runs one server (the gateway, a baseline, or the platform double), so
// the load generator in the parent never shares its event loop with it. Protocol over IPC: → {type:'ready', url}
// once listening; ← {type:'mem', gc?} → {type:'mem', rss, heapUsed}; ← {type:'stop'} → exits 0.
import { loadConfig } from '../../src/config.js';
import { startGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/infra/logger.js';
import { startKakaoDouble } from './platform-double.js';
import { startIngestBaseline, startOutboundBaseline, type OutboundBaselineOptions, type RunningServer } from './baselines.js';

export type ServerSpec =
  | {
      kind: 'gateway';
      redisUrl: string;
      prefix: string;
      adminToken: string;
      secretKey: string;
      env: Record<string, string>;
      /** the event-cost baseline only: changes are stored without their integration events */
      noEvents?: boolean;
    }
  | { kind: 'ingest-baseline'; redisUrl: string; prefix: string }
  | ({ kind: 'outbound-baseline' } & OutboundBaselineOptions)
  | { kind: 'kakao-double' };

export type HostMessage =
  | { type: 'ready'; url: string }
  | { type: 'mem'; rss: number; heapUsed: number }
  | { type: 'error'; message: string }
  | { type: 'arrival'; marker: number; at: number };

const send = (m: HostMessage): void => {
  process.send?.(m);
};

async function start(spec: ServerSpec): Promise<RunningServer> {
  switch (spec.kind) {
    case 'gateway': {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_PREFIX: spec.prefix, LOG_LEVEL: 'silent', ALLOW_PRIVATE_TARGETS: 'true', ...spec.env });
      const gw = await startGateway({
        config,
        redisUrl: spec.redisUrl,
        adminToken: spec.adminToken,
        secretKey: spec.secretKey,
        log: createLogger('silent'),
        writeEvents: spec.noEvents !== true,
      });
      return { url: gw.url, stop: () => gw.stop() };
    }
    case 'ingest-baseline':
      return startIngestBaseline(spec.redisUrl, spec.prefix);
    case 'outbound-baseline':
      return startOutboundBaseline(spec);
    case 'kakao-double':
      return startKakaoDouble((a) => send({ type: 'arrival', ...a }));
  }
}

const spec = JSON.parse(process.argv[2] ?? '{}') as ServerSpec;
try {
  const server = await start(spec);
  process.on('message', (m: { type?: string; gc?: boolean }) => {
    if (m.type === 'mem') {
      // a full collection first (when started with --expose-gc): live memory, not garbage
      const gc = (globalThis as { gc?: () => void }).gc;
      if (m.gc && gc) gc();
      const u = process.memoryUsage();
      send({ type: 'mem', rss: u.rss, heapUsed: u.heapUsed });
    } else if (m.type === 'stop') {
      const hard = setTimeout(() => process.exit(0), 15_000);
      hard.unref();
      void server.stop().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: server.url });
} catch (err) {
  send({ type: 'error', message: (err as Error).stack ?? String(err) });
  process.exit(1);
}

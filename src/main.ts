// Process entry point: config → (embedded Redis) → gateway → signals.
import { ConfigError, loadConfig } from './config.js';
import { startGateway, type Gateway } from './gateway.js';
import { startEmbeddedRedis } from './infra/embedded-redis.js';
import { readOrCreateSecret } from './infra/local-secrets.js';
import { createLogger } from './infra/logger.js';
import { SecretKeyMismatchError } from './infra/secret-key-check.js';
import { RedisServerMissingError, type RedisServerHandle } from './infra/redis-server-process.js';

/** after SHUTDOWN_TIMEOUT_MS the gateway's own closing is bounded too; this is the backstop */
const HARD_STOP_AFTER_MS = 4000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`talkgate: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const startedAt = Date.now();

  let embedded: RedisServerHandle | null = null;
  let redisUrl = config.redisUrl;
  if (!redisUrl) {
    try {
      embedded = await startEmbeddedRedis(config.dataDir);
    } catch (err) {
      if (err instanceof RedisServerMissingError) {
        process.stderr.write(`talkgate: ${err.message}\n`);
        process.exit(3);
      }
      throw err;
    }
    redisUrl = embedded.url;
    log.info({ redis: redisUrl, pid: embedded.pid, dataDir: config.dataDir }, 'embedded redis started');
  }

  const admin = config.adminToken
    ? { value: config.adminToken, created: false, generated: false }
    : { ...readOrCreateSecret(config.dataDir, 'admin-token', 24), generated: true };
  const secret = config.secretKey ? { value: config.secretKey } : readOrCreateSecret(config.dataDir, 'secret-key', 32);

  let gateway: Gateway;
  try {
    gateway = await startGateway({ config, redisUrl, adminToken: admin.value, secretKey: secret.value, log });
  } catch (err) {
    if (err instanceof SecretKeyMismatchError) {
      process.stderr.write(`talkgate: ${err.message}\n`);
      await embedded?.stop();
      process.exit(2);
    }
    throw err;
  }
  log.info({ port: gateway.port, role: config.role, startupMs: Date.now() - startedAt }, 'gateway listening');
  // the one place a secret is printed: the generated development token, for the person who started it
  process.stdout.write(
    `\ntalkgate listening on http://localhost:${gateway.port}` +
      (embedded ? `\nembedded redis on ${redisUrl} (data in ${config.dataDir}/redis)` : '') +
      (admin.generated ? `\nadmin token (saved in ${config.dataDir}/admin-token): ${admin.value}` : '') +
      '\n\n',
  );

  let shuttingDown = false;
  const shutdown = (signal: string): void => {
    // a second signal is ignored: Ctrl-C under `npm start` reaches the gateway twice (from the
    // terminal and forwarded by npm); the deadline below bounds the wait anyway
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    // whatever Redis does, the process is gone within SHUTDOWN_TIMEOUT_MS + 5 s (api.md)
    setTimeout(() => {
      log.error('shutdown timed out; exiting');
      hardExit(1);
    }, config.shutdownTimeoutMs + HARD_STOP_AFTER_MS).unref();
    void (async () => {
      try {
        await gateway.stop();
      } finally {
        await embedded?.stop();
        log.info('stopped');
        process.exit(0);
      }
    })();
  };
  /** exit without waiting for anything; our own redis-server is told to stop (it saves its AOF) */
  const hardExit = (code: number): never => {
    if (embedded) {
      try {
        process.kill(embedded.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    process.exit(code);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`talkgate: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

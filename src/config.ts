// The environment, parsed once into a frozen Config. Nothing else reads process.env.
import { Type, type Static } from '@sinclair/typebox';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_PREFIX: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$', default: 'tg' }),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16, maxLength: 512 })),
  PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(:[0-9]+)?(/[^\\s]*)?$' })),
  SECRET_KEY: Type.Optional(Type.String({ minLength: 32, maxLength: 512 })),
  /** the key being rotated away from: still opens what it sealed, which is re-sealed with SECRET_KEY */
  SECRET_KEY_PREVIOUS: Type.Optional(Type.String({ minLength: 32, maxLength: 512 })),
  DATA_DIR: Type.String({ minLength: 1, default: '.data' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  /** which halves this process runs: the HTTP side, the queue workers, or both */
  ROLE: Type.Union([Type.Literal('all'), Type.Literal('http'), Type.Literal('worker')], { default: 'all' }),
  SEND_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 50, default: 8 }),
  /** first retry delay; later ones double, with jitter, so 8 attempts span ~10 minutes */
  SEND_BACKOFF_MS: Type.Integer({ minimum: 10, maximum: 600000, default: 4500 }),
  SEND_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60000, default: 5000 }),
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120000, default: 10000 }),
  FORM_TOKEN_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 24 }),
  KAKAO_SYNC_WAIT_MS: Type.Integer({ minimum: 0, maximum: 4500, default: 3500 }),
  SSE_HEARTBEAT_MS: Type.Integer({ minimum: 50, maximum: 120000, default: 15000 }),
  /** lifts the https-only / no-private-address rule for integrator URLs (tests, CI, local development) */
  ALLOW_PRIVATE_TARGETS: Type.Boolean({ default: false }),
  /** a webhook delivery counts only when answered 2xx within this time (integration.md: 15 s) */
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60000, default: 15000 }),
  /** webhook retry delays in seconds (decimals allowed), comma separated; n delays = n + 1 attempts */
  WEBHOOK_RETRY_SCHEDULE: Type.Optional(Type.String({ pattern: '^\\s*[0-9]{1,6}(\\.[0-9]{1,3})?(\\s*,\\s*[0-9]{1,6}(\\.[0-9]{1,3})?){0,49}\\s*$' })),
  /** crash tests only: the named point where the process SIGKILLs itself (src/infra/crash-point.ts) */
  TALKGATE_TEST_CRASH_AT: Type.Optional(Type.Union([Type.Literal('after-store-outbound')])),
  /** how long the workspace event log keeps events (integration.md "Events") */
  EVENT_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 7 }),
});
type Env = Static<typeof EnvSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly redisUrl: string | null;
  readonly redisPrefix: string;
  readonly adminToken: string | null;
  readonly publicBaseUrl: string | null;
  readonly secretKey: string | null;
  readonly secretKeyPrevious: string | null;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly role: 'all' | 'http' | 'worker';
  readonly send: { readonly attempts: number; readonly backoffMs: number; readonly timeoutMs: number };
  readonly workerConcurrency: number;
  readonly shutdownTimeoutMs: number;
  readonly formTokenTtlMs: number;
  readonly kakaoSyncWaitMs: number;
  readonly sseHeartbeatMs: number;
  readonly allowPrivateTargets: boolean;
  /** delays before each webhook retry, in ms (integration.md: 5 s … 10 h, 8 attempts) */
  readonly webhookRetryDelaysMs: readonly number[];
  readonly webhookTimeoutMs: number;
  readonly testCrashAt: 'after-store-outbound' | null;
  readonly eventRetentionMs: number;
}

/** integration.md's default webhook retry schedule, in seconds */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000] as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, removeAdditional: true });
addFormats(ajv);
const validateEnv = ajv.compile<Env>(EnvSchema);

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  if (!validateEnv(raw)) {
    const first = validateEnv.errors?.[0];
    const name = first?.instancePath.replace(/^\//, '') || String(first?.params['missingProperty'] ?? '?');
    throw new ConfigError(`environment variable ${name} ${first?.message ?? 'is invalid'}`);
  }
  const e = raw as unknown as Env;
  // generated secrets are a convenience of the embedded Redis: processes sharing an external
  // Redis must share them, and a per-process one would lock the others out of what it sealed
  for (const name of ['ADMIN_TOKEN', 'SECRET_KEY'] as const) {
    if (e.REDIS_URL && !e[name]) throw new ConfigError(`environment variable ${name} must be set when REDIS_URL is set (every process on one Redis shares it)`);
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    adminToken: e.ADMIN_TOKEN ?? null,
    publicBaseUrl: e.PUBLIC_BASE_URL ? e.PUBLIC_BASE_URL.replace(/\/+$/, '') : null,
    secretKey: e.SECRET_KEY ?? null,
    secretKeyPrevious: e.SECRET_KEY_PREVIOUS && e.SECRET_KEY_PREVIOUS !== e.SECRET_KEY ? e.SECRET_KEY_PREVIOUS : null,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    role: e.ROLE,
    send: Object.freeze({ attempts: e.SEND_ATTEMPTS, backoffMs: e.SEND_BACKOFF_MS, timeoutMs: e.SEND_TIMEOUT_MS }),
    workerConcurrency: e.WORKER_CONCURRENCY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    formTokenTtlMs: e.FORM_TOKEN_TTL_HOURS * 3600_000,
    kakaoSyncWaitMs: e.KAKAO_SYNC_WAIT_MS,
    sseHeartbeatMs: e.SSE_HEARTBEAT_MS,
    allowPrivateTargets: e.ALLOW_PRIVATE_TARGETS,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    webhookRetryDelaysMs: Object.freeze(
      (e.WEBHOOK_RETRY_SCHEDULE?.split(',').map((v) => Number(v.trim())) ?? DEFAULT_WEBHOOK_RETRY_SCHEDULE).map((sec) => Math.round(sec * 1000)),
    ),
    testCrashAt: e.TALKGATE_TEST_CRASH_AT ?? null,
    eventRetentionMs: e.EVENT_RETENTION_DAYS * 86_400_000,
  });
}

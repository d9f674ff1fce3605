// One private Redis per test run, never the machine's shared 6379, started on first use and
// stopped when mocha finishes. TEST_REDIS selects its shape: unset (or `single`) one redis-server
// on a free port; `cluster` a local 6-node Redis Cluster (3 masters, 3 replicas,
// src/infra/redis-cluster-process.ts), which the gateways reach through REDIS_CLUSTER_NODES.
// Tests isolate themselves with a random key prefix and only ever delete keys under that prefix.
//
// A test Redis is named by one string, its `url`: `redis://…` for a single Redis,
// `redis-cluster://host:port,host:port,…` for the cluster. Tests that open their own connections
// use `connectRedis(url)`, children get `redisEnv(url)`: the same test runs in both modes.
import { randomBytes } from 'node:crypto';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisClient } from '../../src/infra/redis-client.js';
import { startRedisCluster, type ClusterNodeAddress, type RedisClusterHandle } from '../../src/infra/redis-cluster-process.js';
import { startRedisServer } from '../../src/infra/redis-server-process.js';

export type TestRedisMode = 'single' | 'cluster';

export interface TestRedis {
  readonly mode: TestRedisMode;
  /** `redis://…` or `redis-cluster://…`: hand it to connectRedis, redisEnv, dropPrefix */
  readonly url: string;
  /** the cluster's nodes and failover helpers; null on a single Redis */
  readonly cluster: RedisClusterHandle | null;
  stop(): Promise<void>;
}

const CLUSTER_SCHEME = 'redis-cluster://';

export function testRedisMode(): TestRedisMode {
  const v = process.env['TEST_REDIS'] ?? 'single';
  if (v !== 'single' && v !== 'cluster') throw new Error(`TEST_REDIS must be "single" or "cluster", not ${JSON.stringify(v)}`);
  return v;
}

let server: Promise<TestRedis> | null = null;

async function start(mode: TestRedisMode): Promise<TestRedis> {
  if (mode === 'single') {
    const s = await startRedisServer({ dataDir: null });
    return { mode, url: s.url, cluster: null, stop: () => s.stop() };
  }
  const c = await startRedisCluster();
  // a run stopped by a timeout (SIGTERM from scripts/test.mjs) leaves no nodes behind
  const killOnExit = (): void => c.killNow();
  const killOnTerm = (): void => {
    c.killNow();
    process.exit(143);
  };
  process.once('exit', killOnExit);
  process.once('SIGTERM', killOnTerm);
  return {
    mode,
    url: `${CLUSTER_SCHEME}${c.nodesEnv}`,
    cluster: c,
    stop: () => {
      process.off('exit', killOnExit);
      process.off('SIGTERM', killOnTerm);
      return c.stop();
    },
  };
}

/** a Redis a crash suite (it kills its gateway, not its Redis) works on under one fixed prefix */
export interface SuiteRedis {
  readonly url: string;
  /** REDIS_URL or REDIS_CLUSTER_NODES for a child gateway */
  readonly env: Record<string, string>;
  /** single: stops the private redis-server; cluster: drops the suite's prefix */
  stop(): Promise<void>;
}

/**
 * On a single Redis a private redis-server for the suite (nothing else's keys around what it
 * checks), on the cluster the run's shared cluster: crash tests prove the same on both.
 */
export async function suiteRedis(prefix: string): Promise<SuiteRedis> {
  if (testRedisMode() === 'single') {
    const s = await startRedisServer({ dataDir: null });
    return { url: s.url, env: redisEnv(s.url), stop: () => s.stop() };
  }
  const { url } = await testRedis();
  await dropPrefix(url, prefix);
  return { url, env: redisEnv(url), stop: () => dropPrefix(url, prefix) };
}

export function testRedis(): Promise<TestRedis> {
  server ??= start(testRedisMode());
  return server;
}

export async function stopTestRedis(): Promise<void> {
  if (!server) return;
  const s = await server;
  server = null;
  await s.stop();
}

export function isClusterUrl(url: string): boolean {
  return url.startsWith(CLUSTER_SCHEME);
}

export function clusterNodesOf(url: string): ClusterNodeAddress[] {
  if (!isClusterUrl(url)) throw new Error(`${url} is not a redis-cluster:// url`);
  return url
    .slice(CLUSTER_SCHEME.length)
    .split(',')
    .map((hp) => {
      const i = hp.lastIndexOf(':');
      return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
    });
}

/** a connection to the Redis `url` names: a Cluster for `redis-cluster://`, else one Redis */
export function connectRedis(url: string, opts: RedisOptions = {}): RedisClient {
  if (!isClusterUrl(url)) return new Redis(url, opts);
  const { enableOfflineQueue, ...redisOptions } = opts;
  return new Cluster(clusterNodesOf(url), {
    redisOptions,
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    // a failover test kills masters: keep retrying while a replica takes over
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
  });
}

/** the environment a child gateway (`src/main.ts`) needs to use the Redis `url` names */
export function redisEnv(url: string): Record<string, string> {
  return isClusterUrl(url) ? { REDIS_CLUSTER_NODES: url.slice(CLUSTER_SCHEME.length) } : { REDIS_URL: url };
}

/** the connections to scan: every master of a cluster (or every node), or the one Redis */
async function eachMaster<T>(url: string, fn: (r: Redis) => Promise<T>, role: 'master' | 'all' = 'master'): Promise<T[]> {
  const client = connectRedis(url);
  try {
    if (client instanceof Cluster) {
      await new Promise<void>((resolve, reject) => {
        if (client.status === 'ready') return resolve();
        client.once('ready', resolve);
        client.once('error', reject);
      });
      return await Promise.all(client.nodes(role).map(fn));
    }
    return [await fn(client)];
  } finally {
    client.disconnect();
  }
}

/** every key matching `pattern` (SCAN MATCH), on every master of a cluster */
export async function scanKeys(url: string, pattern: string): Promise<string[]> {
  const found = await eachMaster(url, async (r) => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  });
  return found.flat();
}

/**
 * how many subscriptions the pub/sub channels matching `pattern` have, counted on every node:
 * plain (PUBSUB NUMSUB) and sharded (PUBSUB SHARDNUMSUB) ones, so a test reads the same number
 * whichever kind the gateway uses and wherever its connection landed
 */
export async function pubsubSubscribers(url: string, pattern: string): Promise<number> {
  const counts = await eachMaster(
    url,
    async (r) => {
      let n = 0;
      for (const [list, count] of [
        ['CHANNELS', 'NUMSUB'],
        ['SHARDCHANNELS', 'SHARDNUMSUB'],
      ] as const) {
        const channels = (await r.call('PUBSUB', list, pattern)) as string[];
        if (channels.length === 0) continue;
        const reply = (await r.call('PUBSUB', count, ...channels)) as (string | number)[];
        for (let i = 1; i < reply.length; i += 2) n += Number(reply[i]);
      }
      return n;
    },
    'all',
  );
  return counts.reduce((a, b) => a + b, 0);
}

export function randomPrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under `prefix` (and nothing else), on every master of a cluster. */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  // `prefix:*` for our keys, `prefix-*` for BullMQ's
  const keys = [...(await scanKeys(url, `${prefix}:*`)), ...(await scanKeys(url, `${prefix}-*`))];
  if (keys.length === 0) return;
  const r = connectRedis(url);
  try {
    // one key per UNLINK: on a cluster the keys sit in many slots
    for (let i = 0; i < keys.length; i += 500) await Promise.all(keys.slice(i, i + 500).map((k) => r.unlink(k)));
  } finally {
    r.disconnect();
  }
}

/**
 * `describe` for a suite that runs only against a single Redis (it starts its own redis-server
 * on purpose, or tests what only one Redis has); under TEST_REDIS=cluster it shows as pending,
 * with the reason in its title.
 */
export function describeSingleRedis(reason: string, title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite | void {
  if (testRedisMode() === 'single') return describe(title, fn);
  return describe.skip(`${title} (single Redis only: ${reason})`, fn);
}

/** `describe` for a suite that needs the cluster's nodes (failover); pending on a single Redis */
export function describeCluster(title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite | void {
  if (testRedisMode() === 'cluster') return describe(title, fn);
  return describe.skip(`${title} (runs under TEST_REDIS=cluster)`, fn);
}

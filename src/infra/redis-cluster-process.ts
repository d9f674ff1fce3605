// Starts a private local Redis Cluster — 3 masters, 3 replicas — from the same `redis-server`
// binary the embedded default uses, on free loopback ports in fresh temp directories. The test
// harness runs the suite against it (TEST_REDIS=cluster), the failover test kills its masters and
// the cluster bench loads it. It needs nothing but redis-server: the cluster is built with CLUSTER
// commands (the same steps `redis-cli --cluster create` takes), so a machine without redis-cli
// works too.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, redisServerAvailable, RedisServerMissingError } from './redis-server-process.js';
import { SLOTS } from './partitions.js';

export interface ClusterNodeAddress {
  readonly host: string;
  readonly port: number;
}

export interface StartRedisClusterOptions {
  /** masters (each gets `replicasPerMaster` replicas); default 3 */
  masters?: number;
  /** default 1 */
  replicasPerMaster?: number;
  /**
   * how long a master may be unreachable before its replica takes over; default 2000 ms, so a
   * failover completes in a few seconds (Redis's own default, 15 s, is for real networks)
   */
  nodeTimeoutMs?: number;
}

export interface ClusterNodeInfo extends ClusterNodeAddress {
  readonly id: string;
  readonly role: 'master' | 'replica';
  /** the master's node id for a replica */
  readonly masterId: string | null;
  readonly pid: number;
  /** [first, last] slot ranges a master serves */
  readonly slots: readonly (readonly [number, number])[];
  readonly alive: boolean;
}

export interface RedisClusterHandle {
  /** every node's address (the seed list a client is given) */
  readonly nodes: readonly ClusterNodeAddress[];
  /** `host:port,host:port,…`: the value of REDIS_CLUSTER_NODES */
  readonly nodesEnv: string;
  /** the cluster as its nodes see it now (asks a live node) */
  topology(): Promise<ClusterNodeInfo[]>;
  /** the master serving `slot` now */
  masterOf(slot: number): Promise<ClusterNodeInfo>;
  /**
   * SIGKILLs the master serving `slot` (no shutdown, no final sync): its replica takes over after
   * the node timeout. Resolves with the killed node once the process is gone.
   */
  killMaster(slot: number): Promise<ClusterNodeInfo>;
  /** starts a killed node again on its port and directory; it rejoins as a replica */
  restartNode(port: number): Promise<void>;
  /** resolves when every live node reports cluster_state:ok and sees the same masters serve all slots */
  waitServing(timeoutMs?: number): Promise<void>;
  /** waitServing, and every master has its replicas again, in sync */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILLs every node at once, synchronously: for a process 'exit' handler */
  killNow(): void;
}

interface NodeProcess {
  readonly port: number;
  /** the cluster bus port: chosen free like the port (Redis's default, port + 10000, may be taken or above 65535) */
  readonly busPort: number;
  readonly dir: string;
  child: ChildProcess;
  stderr: string;
}

const HOST = '127.0.0.1';

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null)
        return reject(new Error(`redis-server on ${port} exited with code ${child.exitCode}`));
      const sock = connect(port, HOST);
      sock.once('connect', () => {
        sock.end();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline)
          reject(new Error(`redis-server did not listen on ${port} in ${timeoutMs} ms`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/** a free port none of our nodes uses (two calls of freePort may hand out the same one) */
async function distinctFreePort(used: ReadonlySet<number>): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (!used.has(p)) return p;
  }
}

function nodeArgs(port: number, busPort: number, dir: string, nodeTimeoutMs: number): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    HOST,
    '--protected-mode',
    'yes',
    '--dir',
    dir,
    // nothing on disk but the cluster's own nodes.conf (which a restarted node needs to rejoin)
    '--save',
    '',
    '--appendonly',
    'no',
    '--cluster-enabled',
    'yes',
    '--cluster-port',
    String(busPort),
    '--cluster-config-file',
    'nodes.conf',
    '--cluster-node-timeout',
    String(nodeTimeoutMs),
    // a replica always may take over, however long it was cut off (tests kill masters on purpose)
    '--cluster-replica-validity-factor',
    '0',
    // full syncs stream straight to the replica, at once, instead of via an RDB file after 5 s
    '--repl-diskless-sync',
    'yes',
    '--repl-diskless-sync-delay',
    '0',
  ];
}

async function spawnNode(port: number, busPort: number, dir: string, nodeTimeoutMs: number): Promise<NodeProcess> {
  const child = spawn('redis-server', nodeArgs(port, busPort, dir, nodeTimeoutMs), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const proc: NodeProcess = { port, busPort, dir, child, stderr: '' };
  child.stderr?.on('data', (d: Buffer) => (proc.stderr += d.toString()));
  try {
    await waitForPort(port, child, 10_000);
    // a listening port is not yet a running node (the bus port is bound after it): wait for PONG
    await until(`redis-server on ${port} answering`, 10_000, async () => {
      if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with code ${child.exitCode}`);
      return (await withNode(port, (r) => r.ping())) === 'PONG' ? null : 'no PONG';
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}${proc.stderr ? `: ${proc.stderr.trim()}` : ''}`, {
      cause: err,
    });
  }
  return proc;
}

function alive(p: NodeProcess): boolean {
  return p.child.exitCode === null && p.child.signalCode === null;
}

/** one line of CLUSTER NODES, parsed */
interface NodesLine {
  id: string;
  port: number;
  flags: string[];
  masterId: string | null;
  linkState: string;
  slots: [number, number][];
}

function parseClusterNodes(text: string): NodesLine[] {
  return text
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line) => {
      const f = line.split(' ');
      // <id> <ip:port@cport[,hostname]> <flags> <master> <ping-sent> <pong-recv> <epoch> <link-state> <slot>…
      const addr = f[1] ?? '';
      const port = Number(addr.slice(addr.lastIndexOf(':') + 1).split('@')[0]);
      const slots: [number, number][] = [];
      for (const s of f.slice(8)) {
        if (s.startsWith('[')) continue; // a slot being migrated
        const [a, b] = s.split('-');
        slots.push([Number(a), Number(b ?? a)]);
      }
      return {
        id: f[0] ?? '',
        port,
        flags: (f[2] ?? '').split(','),
        masterId: f[3] && f[3] !== '-' ? f[3] : null,
        linkState: f[7] ?? '',
        slots,
      };
    });
}

async function withNode<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

async function until(what: string, timeoutMs: number, check: () => Promise<string | null>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = 'not checked yet';
  while (Date.now() < deadline) {
    try {
      last = await check();
    } catch (err) {
      last = (err as Error).message;
    }
    if (last === null) return;
    await delay(100);
  }
  throw new Error(`redis cluster: ${what} not reached in ${timeoutMs} ms (${last})`);
}

export async function startRedisCluster(opts: StartRedisClusterOptions = {}): Promise<RedisClusterHandle> {
  if (!redisServerAvailable()) throw new RedisServerMissingError();
  const masters = opts.masters ?? 3;
  const replicasPerMaster = opts.replicasPerMaster ?? 1;
  const nodeTimeoutMs = opts.nodeTimeoutMs ?? 2000;
  const count = masters * (1 + replicasPerMaster);
  const root = mkdtempSync(path.join(tmpdir(), 'talkgate-cluster-'));
  const procs: NodeProcess[] = [];
  let stopped = false;

  const stop = async (): Promise<void> => {
    stopped = true;
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (!alive(p)) return resolve();
            const timer = setTimeout(() => p.child.kill('SIGKILL'), 5000);
            p.child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            p.child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(root, { recursive: true, force: true });
  };

  try {
    // ports are picked one by one (a free port is only free until someone binds it)
    for (let i = 0; i < count; i++) {
      const dir = mkdtempSync(path.join(root, `node${i}-`));
      const used = new Set(procs.flatMap((p) => [p.port, p.busPort]));
      const port = await distinctFreePort(used);
      used.add(port);
      procs.push(await spawnNode(port, await distinctFreePort(used), dir, nodeTimeoutMs));
    }
    const ids = await Promise.all(
      procs.map((p) => withNode(p.port, (r) => r.cluster('MYID'))),
    );
    // distinct config epochs up front, as redis-cli does, so no epoch collision has to be resolved
    await Promise.all(procs.map((p, i) => withNode(p.port, (r) => r.cluster('SET-CONFIG-EPOCH', i + 1))));
    const per = Math.floor(SLOTS / masters);
    await Promise.all(
      procs.slice(0, masters).map((p, m) => {
        const first = m * per;
        const last = m === masters - 1 ? SLOTS - 1 : first + per - 1;
        return withNode(p.port, (r) => r.cluster('ADDSLOTSRANGE', first, last));
      }),
    );
    await withNode(procs[0]!.port, async (r) => {
      for (const p of procs.slice(1)) await r.cluster('MEET', HOST, p.port, p.busPort);
    });
    await until('every node knowing every other', 20_000, async () => {
      for (const p of procs) {
        const lines = parseClusterNodes(await withNode(p.port, (r) => r.cluster('NODES') as Promise<string>));
        const known = lines.filter((l) => !l.flags.includes('handshake') && !l.flags.includes('noaddr'));
        if (known.length < count) return `node ${p.port} knows ${known.length} of ${count}`;
      }
      return null;
    });
    for (let i = masters; i < count; i++) {
      const masterId = ids[(i - masters) % masters]!;
      await withNode(procs[i]!.port, (r) => r.cluster('REPLICATE', masterId));
    }
  } catch (err) {
    await stop();
    throw err;
  }

  const liveNode = (): NodeProcess => {
    const p = procs.find(alive);
    if (!p) throw new Error('redis cluster: no node is running');
    return p;
  };

  const topology = async (): Promise<ClusterNodeInfo[]> => {
    const lines = parseClusterNodes(
      await withNode(liveNode().port, (r) => r.cluster('NODES') as Promise<string>),
    );
    return lines.map((l) => {
      const proc = procs.find((p) => p.port === l.port);
      return {
        host: HOST,
        port: l.port,
        id: l.id,
        role: l.flags.includes('master') ? 'master' : 'replica',
        masterId: l.masterId,
        pid: proc?.child.pid ?? -1,
        slots: l.slots,
        alive: proc ? alive(proc) : false,
      };
    });
  };

  const masterOf = async (slot: number): Promise<ClusterNodeInfo> => {
    const m = (await topology()).find(
      (n) => n.role === 'master' && n.alive && n.slots.some(([a, b]) => slot >= a && slot <= b),
    );
    if (!m) throw new Error(`redis cluster: no live master serves slot ${slot}`);
    return m;
  };

  const check = async (withReplicas: boolean): Promise<string | null> => {
    const live = procs.filter(alive);
    for (const p of live) {
      const problem = await withNode(p.port, async (r) => {
        const info = (await r.cluster('INFO'));
        if (!/cluster_state:ok/.test(info)) return `node ${p.port}: cluster_state not ok`;
        const lines = parseClusterNodes((await r.cluster('NODES')) as string);
        const servingMasters = lines.filter(
          (l) => l.flags.includes('master') && !l.flags.includes('fail') && l.slots.length > 0,
        );
        if (servingMasters.length !== masters)
          return `node ${p.port} sees ${servingMasters.length} serving masters`;
        // a killed master stays in the view until its failure is detected and a replica promoted
        const dead = servingMasters.find((l) => !live.some((q) => q.port === l.port));
        if (dead) return `node ${p.port} still routes slots to the stopped master ${dead.port}`;
        const self = lines.find((l) => l.flags.includes('myself'));
        if (withReplicas && self?.flags.includes('slave')) {
          const repl = await r.info('replication');
          if (!/master_link_status:up/.test(repl) || /master_sync_in_progress:1/.test(repl))
            return `replica ${p.port} not in sync`;
        }
        return null;
      });
      if (problem) return problem;
    }
    if (!withReplicas) return null;
    // every live master has its replica(s) again, as all nodes see it
    const nodes = await topology();
    for (const m of nodes.filter((n) => n.role === 'master' && n.alive && n.slots.length > 0)) {
      const reps = nodes.filter((n) => n.role === 'replica' && n.alive && n.masterId === m.id);
      if (reps.length < replicasPerMaster) return `master ${m.port} has ${reps.length} live replicas`;
    }
    return null;
  };
  const waitServing = (timeoutMs = 30_000): Promise<void> =>
    until('a serving cluster (state ok, masters agreed)', timeoutMs, () => check(false));
  const waitHealthy = (timeoutMs = 30_000): Promise<void> =>
    until('a healthy cluster (state ok, masters agreed, replicas in sync)', timeoutMs, () => check(true));

  try {
    await waitHealthy(30_000);
  } catch (err) {
    await stop();
    throw err;
  }

  const killMaster = async (slot: number): Promise<ClusterNodeInfo> => {
    const m = await masterOf(slot);
    const proc = procs.find((p) => p.port === m.port);
    if (!proc) throw new Error(`redis cluster: master ${m.port} is not one of ours`);
    await new Promise<void>((resolve) => {
      proc.child.once('exit', () => resolve());
      proc.child.kill('SIGKILL');
    });
    return { ...m, alive: false };
  };

  const restartNode = async (port: number): Promise<void> => {
    if (stopped) throw new Error('redis cluster: stopped');
    const proc = procs.find((p) => p.port === port);
    if (!proc) throw new Error(`redis cluster: no node on ${port}`);
    if (alive(proc)) return;
    const again = await spawnNode(port, proc.busPort, proc.dir, nodeTimeoutMs);
    proc.child = again.child;
    again.child.stderr?.on('data', (d: Buffer) => (proc.stderr += d.toString()));
  };

  const nodes = procs.map((p) => ({ host: HOST, port: p.port }));
  return {
    nodes,
    nodesEnv: nodes.map((n) => `${n.host}:${n.port}`).join(','),
    topology,
    masterOf,
    killMaster,
    restartNode,
    waitServing,
    waitHealthy,
    stop,
    killNow: () => {
      for (const p of procs) if (alive(p)) p.child.kill('SIGKILL');
    },
  };
}

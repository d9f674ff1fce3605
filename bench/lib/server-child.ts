// Parent side of server-host.ts: fork the server under test with tsx, wait until it listens,
// read its memory, stop it. BENCH_CPU_PROF=1 writes V8 CPU profiles per server under the OS temp directory.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostMessage, ServerSpec } from './server-host.js';

export interface ServerChild {
  url: string;
  pid: number;
  /** resident set size of the server process, from /proc (bytes) */
  rss(): number;
  /** process.memoryUsage() as the server sees it; gc: after a full collection (needs --expose-gc) */
  mem(opts?: { gc?: boolean }): Promise<{ rss: number; heapUsed: number }>;
  /** messages the child sends besides the protocol's own (the double's arrivals) */
  onArrival(fn: (marker: number, at: number) => void): void;
  /** graceful: the server closes its connections and workers */
  stop(): Promise<void>;
  /** SIGKILL, for a server whose queued backlog is of no interest */
  kill(): Promise<void>;
}

const HOST = new URL('./server-host.ts', import.meta.url).pathname;
export const PROFILE_DIR = path.join(os.tmpdir(), `talkgate-bench-profiles-${process.pid}`);
let profiled = 0;

export function readRss(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Number(m[1]) * 1024 : 0;
}

function waitFor<T extends HostMessage['type']>(child: ChildProcess, type: T): Promise<Extract<HostMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: HostMessage): void => {
      if (m.type === type) {
        cleanup();
        resolve(m as Extract<HostMessage, { type: T }>);
      } else if (m.type === 'error') {
        cleanup();
        reject(new Error(`server child failed: ${m.message}`));
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`server child exited (${code}) before '${type}'`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startServerChild(spec: ServerSpec, extraExecArgv: string[] = []): Promise<ServerChild> {
  // one directory per server: V8 writes a profile per thread (tsx's loader has its own); the
  // largest file is the main thread
  const prof = process.env['BENCH_CPU_PROF'] === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(PROFILE_DIR, `${spec.kind}-${++profiled}`)}`] : [];
  const child = fork(HOST, [JSON.stringify(spec)], {
    execArgv: ['--import', 'tsx', ...prof, ...extraExecArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await waitFor(child, 'ready');
  const pid = child.pid ?? -1;
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (exited()) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.send({ type: 'stop' });
    });
  return {
    url: ready.url,
    pid,
    rss: () => readRss(pid),
    async mem(opts = {}) {
      const answer = waitFor(child, 'mem');
      child.send({ type: 'mem', gc: opts.gc ?? false });
      const m = await answer;
      return { rss: m.rss, heapUsed: m.heapUsed };
    },
    onArrival(fn) {
      child.on('message', (m: HostMessage) => {
        if (m.type === 'arrival') fn(m.marker, m.at);
      });
    },
    stop,
    // a profile is written only at a normal exit
    kill: () =>
      prof.length > 0
        ? stop()
        : new Promise<void>((resolve) => {
            if (exited()) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
  };
}

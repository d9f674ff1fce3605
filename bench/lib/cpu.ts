// CPU time of a process from /proc (user + system), to say where the time of a phase went:
// the server under test, redis-server, or the load generator.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the ")" of the command name: state is field 3, utime 14, stime 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface CpuUse {
  /** CPU seconds per wall second (1.0 = one core busy) */
  server: number;
  redis: number;
  loadGen: number;
}

/** measures the CPU the three processes use while fn runs */
export async function withCpu<T>(pids: { server: number; redis: number }, fn: () => Promise<T>): Promise<{ value: T; cpu: CpuUse; seconds: number }> {
  const before = { server: cpuSeconds(pids.server), redis: cpuSeconds(pids.redis), self: process.cpuUsage() };
  const started = process.hrtime.bigint();
  const value = await fn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const self = process.cpuUsage(before.self);
  return {
    value,
    seconds,
    cpu: {
      server: (cpuSeconds(pids.server) - before.server) / seconds,
      redis: (cpuSeconds(pids.redis) - before.redis) / seconds,
      loadGen: (self.user + self.system) / 1e6 / seconds,
    },
  };
}

export const fmtCpu = (c: CpuUse): string => `CPU cores busy: server ${c.server.toFixed(2)}, redis ${c.redis.toFixed(2)}, load generator ${c.loadGen.toFixed(2)}`;

// The one table `npm run bench` prints, and the machine it ran on.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface BenchRow {
  name: string;
  measured: string;
  baseline: string;
  /** "0.93 (≥ 0.8)" or "< 50 ms"; empty for information rows */
  target: string;
  /** null = information only, no target */
  met: boolean | null;
}

export function metText(met: boolean | null): string {
  return met === null ? 'info' : met ? 'yes' : 'NO';
}

/** a Markdown table, so it can be pasted into the README as is */
export function renderTable(rows: readonly BenchRow[]): string {
  const head = ['bench', 'measured', 'baseline (same run)', 'ratio / target', 'met?'];
  const body = rows.map((r) => [r.name, r.measured, r.baseline, r.target, metText(r.met)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export function machineInfo(): string {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() is the fallback
  }
  let redis = 'redis-server ?';
  try {
    const v = /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }));
    redis = `redis-server ${v?.[1] ?? '?'}`;
  } catch {
    // reported as unknown
  }
  const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${os.availableParallelism()} cores (nproc), ${cpu}, ${gib} GiB RAM, Node ${process.version}, ${redis}, ${os.type()} ${os.release()}`;
}

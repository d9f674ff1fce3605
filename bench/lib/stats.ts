// Percentiles and number formatting shared by the benches.

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** nearest-rank percentile of an ascending array (0 when empty) */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  };
}

/** monotonic milliseconds; CLOCK_MONOTONIC is system-wide, so values compare across processes */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fmtMs = (n: number): string => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
export const fmtRatio = (n: number): string => n.toFixed(2);
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

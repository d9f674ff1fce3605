// Open-loop sending at a steady rate: request i is started at t0 + i/rate whether or not the
// earlier ones were answered, so a slow answer cannot hide the latency of the ones behind it.
import { nowMs, sleep } from './stats.js';

export interface PacedResult {
  /** monotonic ms at which request i was started */
  startedAt: number[];
  /** latency of each answered request (ms) */
  latencies: number[];
  failures: number;
  /** how far behind schedule the sender fell at worst (ms); large values void the run */
  maxLagMs: number;
}

export async function paced(o: { rate: number; count: number; send(i: number): Promise<boolean> }): Promise<PacedResult> {
  const startedAt: number[] = [];
  const latencies: number[] = [];
  const inFlight: Array<Promise<void>> = [];
  let failures = 0;
  let maxLagMs = 0;
  const t0 = nowMs();
  for (let i = 0; i < o.count; i++) {
    const due = t0 + (i * 1000) / o.rate;
    const wait = due - nowMs();
    if (wait > 1) await sleep(wait);
    const start = nowMs();
    maxLagMs = Math.max(maxLagMs, start - due);
    startedAt[i] = start;
    inFlight.push(
      o.send(i).then(
        (ok) => {
          if (ok) latencies.push(nowMs() - start);
          else failures++;
        },
        () => void failures++,
      ),
    );
  }
  await Promise.all(inFlight);
  return { startedAt, latencies, failures, maxLagMs };
}

// HTTP load with autocannon, run in the bench process (the server under test is a child process).
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'POST' | 'GET';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** seconds; ignored when amount is set */
  duration?: number;
  /** total requests, then stop */
  amount?: number;
  /** cycled through by each connection; each connection starts at a different offset */
  requests: LoadRequest[];
}

export interface LoadResult {
  /** 2xx answers per second */
  reqPerSec: number;
  ok: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  let nextOffset = 0;
  const stride = Math.max(1, Math.floor(o.requests.length / o.connections));
  const requests = o.requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers ?? {}, ...(r.body !== undefined ? { body: r.body } : {}) }));
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.duration ?? 10 }),
    requests,
    // without this every connection would send the same user at the same moment
    setupClient: (client) => {
      const k = (nextOffset++ * stride) % requests.length;
      client.setRequests([...requests.slice(k), ...requests.slice(0, k)]);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    reqPerSec: result['2xx'] / seconds,
    ok: result['2xx'],
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds,
  };
}

/** several runs of the same target as one: summed throughput; p50 and p99 are the median run's,
 * so one round disturbed by a neighbour on a shared machine does not decide the figure */
export function combine(runs: readonly LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number): number => runs.reduce((a, r) => a + f(r), 0);
  const seconds = sum((r) => r.seconds);
  return {
    reqPerSec: sum((r) => r.ok) / seconds,
    ok: sum((r) => r.ok),
    total: sum((r) => r.total),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    seconds,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

// Redis commands per request from `INFO commandstats` deltas: Redis counts the commands a script
// runs inside it too, so these are commands, not round trips.
import type { BenchRedis } from './redis.js';

/** Redis commands run so far, by command; the client's own INFO excluded */
export async function commandCounts(redis: BenchRedis): Promise<Map<string, number>> {
  const text = await redis.withClient((r) => r.info('commandstats'));
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (m[1] !== 'info') out.set(m[1]!, Number(m[2]));
  return out;
}

/** commands per request between two readings, biggest first (the `top` largest named) */
export function perRequest(before: Map<string, number>, after: Map<string, number>, requests: number, top = 6): { total: number; top: string } {
  const deltas = [...after].map(([cmd, n]) => [cmd, (n - (before.get(cmd) ?? 0)) / Math.max(1, requests)] as const).filter(([, d]) => d > 0.005);
  deltas.sort((a, b) => b[1] - a[1]);
  return { total: deltas.reduce((a, [, d]) => a + d, 0), top: deltas.slice(0, top).map(([c, d]) => `${c} ${d.toFixed(2)}`).join(', ') };
}

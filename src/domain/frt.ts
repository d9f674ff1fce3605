// PB-23 first response time: first agent message − conversation created. Time a conversation
// spent held for the profile is part of it on purpose (29-18: hold mode raises FRT, and the
// report must show that).

export interface FrtSample {
  channelId: string;
  createdAt: string;
  /** null = no agent has answered yet; such conversations are not counted */
  firstResponseAt: string | null;
}

export interface FrtStats {
  count: number;
  /** null when count = 0 */
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface FrtSummary extends FrtStats {
  byChannel: (FrtStats & { channelId: string })[];
}

/**
 * Nearest-rank percentile: the smallest sample such that at least p % of the samples are ≤ it,
 * i.e. sorted[ceil(p/100 · n) − 1]. Always an observed value (no interpolation), so the median of
 * an even count is the lower middle sample. `sorted` must be ascending.
 */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

function stats(seconds: number[]): FrtStats {
  const sorted = [...seconds].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianSeconds: nearestRank(sorted, 50),
    p90Seconds: nearestRank(sorted, 90),
  };
}

/** Seconds from creation to first response; a negative gap (clock skew) counts as 0. */
export function frtSeconds(s: FrtSample): number | null {
  if (s.firstResponseAt === null) return null;
  const ms = Date.parse(s.firstResponseAt) - Date.parse(s.createdAt);
  if (Number.isNaN(ms)) return null;
  return Math.max(0, ms) / 1000;
}

export function summariseFrt(samples: readonly FrtSample[]): FrtSummary {
  const all: number[] = [];
  const perChannel = new Map<string, number[]>();
  for (const s of samples) {
    const sec = frtSeconds(s);
    if (sec === null) continue;
    all.push(sec);
    const list = perChannel.get(s.channelId) ?? [];
    list.push(sec);
    perChannel.set(s.channelId, list);
  }
  const byChannel = [...perChannel.keys()]
    .sort()
    .map((channelId) => ({ channelId, ...stats(perChannel.get(channelId) ?? []) }));
  return { ...stats(all), byChannel };
}

// Platform deliveries already recorded, as members of one Redis set per UTC day instead of a key
// each (issue 12 "Bounded memory": ~50 bytes a delivery instead of ~150). A delivery is looked up
// in the buckets of the last 7 days, today and tomorrow (a process whose clock is ahead may
// already write there) and added to today's, which expires 8 days after its last member: a
// redelivery is recognised for at least DEDUPE_TTL_SECONDS.
import { createHash } from 'node:crypto';
import type { Keys } from '../keys.js';

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 7;
export const DEDUPE_BUCKET_TTL_SECONDS = (WINDOW_DAYS + 1) * 86_400;

export interface DedupeWindow {
  /** the bucket a new delivery is added to */
  today: string;
  /** the other buckets it is looked up in */
  others: string[];
  /** the delivery's member: 96 bits of SHA-256 over channel and delivery id */
  member: string;
}

export function dedupeWindow(keys: Keys, channelId: string, deliveryId: string, now: Date): DedupeWindow {
  const day = Math.floor(now.getTime() / DAY_MS);
  const others = [day + 1];
  for (let i = 1; i <= WINDOW_DAYS; i++) others.push(day - i);
  const member = createHash('sha256').update(`${channelId}\n${deliveryId}`).digest('base64url').slice(0, 16);
  return { today: keys.dedupe(String(day)), others: others.map((d) => keys.dedupe(String(d))), member };
}

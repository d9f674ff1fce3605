// Partitions of the keyspace for Redis Cluster. A key's `{hash tag}` is its unit of atomicity:
// a Lua script or MULTI may only touch keys of one tag. Hot-path data is spread over a fixed
// number of partitions (never tagged by workspace: one big tenant would be one shard again), and
// each partition's tag is chosen so that the 128 tags land in 128 equal slices of the 16,384
// slots — the load spreads evenly over any number of shards that split the slots evenly.
// On a single Redis the tags are harmless: the same code runs in both modes.
import calculateSlot from 'cluster-key-slot';

export const SLOTS = 16_384;
export const PARTITIONS = 128;
const SLICE = SLOTS / PARTITIONS;

function findTags(): readonly string[] {
  const tags: (string | undefined)[] = new Array<string | undefined>(PARTITIONS).fill(undefined);
  let found = 0;
  // deterministic: the first short string found for each slice (a few thousand tries in all)
  for (let n = 0; found < PARTITIONS; n++) {
    const tag = n.toString(36);
    const p = Math.floor(calculateSlot(tag) / SLICE);
    if (tags[p] === undefined) {
      tags[p] = tag;
      found++;
    }
  }
  return tags as string[];
}

/** PARTITION_TAGS[p]: the hash-tag text of partition p (without braces) */
export const PARTITION_TAGS: readonly string[] = findTags();

/** the partition a string (an id, a mailbox key) belongs to by its own slot */
export function partitionOf(s: string): number {
  return Math.floor(calculateSlot(s) / SLICE);
}

/** `{tag}` of partition p, to put in front of a key */
export function partitionTag(p: number): string {
  const t = PARTITION_TAGS[p];
  if (t === undefined) throw new RangeError(`partition ${p} is outside 0..${PARTITIONS - 1}`);
  return `{${t}}`;
}

/** the slot Redis Cluster puts a key in (hash tags honoured) */
export function slotOf(key: string): number {
  return calculateSlot(key);
}

import assert from 'node:assert/strict';
import { PARTITIONS, PARTITION_TAGS, partitionOf, partitionTag, slotOf } from '../../../src/infra/partitions.js';

describe('keyspace partitions', () => {
  it('gives every partition its own tag, in its own 128-slot slice', () => {
    assert.equal(PARTITION_TAGS.length, PARTITIONS);
    assert.equal(new Set(PARTITION_TAGS).size, PARTITIONS);
    for (let p = 0; p < PARTITIONS; p++) {
      const slot = slotOf(`talkgate:${partitionTag(p)}:inbox:x`);
      assert.equal(Math.floor(slot / 128), p, `partition ${p} → slot ${slot}`);
    }
  });

  it('keys that share a tag share a slot whatever else they hold', () => {
    const t = partitionTag(17);
    assert.equal(slotOf(`a:${t}:conv:1`), slotOf(`b:${t}:msg:2:x`));
  });

  it('spreads ids evenly enough over the partitions', () => {
    const counts = new Array<number>(PARTITIONS).fill(0);
    for (let i = 0; i < 64_000; i++) counts[partitionOf(`ws_x|naver|user-${i}`)]!++;
    assert.ok(Math.min(...counts) > 350 && Math.max(...counts) < 650, `${Math.min(...counts)}..${Math.max(...counts)}`);
  });

  it('refuses a partition outside the range', () => {
    assert.throws(() => partitionTag(PARTITIONS), RangeError);
  });
});

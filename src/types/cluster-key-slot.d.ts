// cluster-key-slot ships no types: the two functions we use (Redis Cluster's CRC16 key slot).
declare module 'cluster-key-slot' {
  /** the slot (0–16383) of a key, honouring a `{hash tag}` */
  function calculateSlot(key: string | Buffer): number;
  namespace calculateSlot {
    /** the common slot of keys, or -1 when they span several */
    function generateMulti(keys: readonly (string | Buffer)[]): number;
  }
  export = calculateSlot;
}

/**
 * Stable sharding of a fleet's devices over a fixed number of batches: a device's shard depends only
 * on its DeviceName and the shard count, so adding or removing names never moves another device, and
 * the same list always splits the same way on every run and machine.
 *
 * The hash is 32-bit FNV-1a over the name's UTF-16 code units (the same as its bytes for the ASCII
 * the DeviceName rule allows), finished with MurmurHash3's fmix32 so that names differing only in
 * their last characters spread evenly. It is part of the contract: changing it would move devices
 * between batches, so test/provider/deviceBatch/shardDevices.test.ts pins known assignments.
 */

/** Most shards a fleet may have. */
export const MAX_SHARDS = 1_000;

/** The shard (0 … shardCount-1) of device `name`. */
export function shardOf(name: string, shardCount: number): number {
  assertShardCount(shardCount);
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % shardCount;
}

/**
 * Splits devices (names, or objects with a `name`) into `shardCount` lists by {@link shardOf},
 * keeping the given order within each list. Entries without a string name go to shard 0, where the
 * batch's check reports them.
 */
export function shardDevices<T extends string | { readonly name?: unknown }>(devices: readonly T[], shardCount: number): T[][] {
  assertShardCount(shardCount);
  const out: T[][] = Array.from({ length: shardCount }, () => []);
  for (const d of devices) {
    const name = typeof d === "string" ? d : (d as { name?: unknown } | null)?.name;
    out[typeof name === "string" ? shardOf(name, shardCount) : 0].push(d);
  }
  return out;
}

function assertShardCount(shardCount: number): void {
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARDS) {
    throw new RangeError(`shardCount must be an integer from 1 to ${MAX_SHARDS}, not ${String(shardCount)}`);
  }
}

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1), so a seeded run repeats exactly. */
export function seededRandom(initial: number): () => number {
  let a = initial >>> 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

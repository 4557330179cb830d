/**
 * The least time `calls` calls take at `qps`: the limiter lets `qps` calls start in any one second,
 * so the last one starts no sooner than ⌈calls / qps⌉ − 1 s after the first.
 */
export function quotaBoundSeconds(calls: number, qps: number): number {
  return calls <= 0 ? 0 : Math.ceil(calls / qps) - 1;
}

/** Runs tasks with at most `n` in flight; the rest wait in arrival order. */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A p-limit-style gate. The QPS limiter paces the calls; this only bounds how many wait for it at
 * once, so a 250,000-device batch does not queue 5,000 page requests (and their closures) up front.
 */
export function concurrencyLimit(n: number): ConcurrencyLimit {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Expected \`n\` to be a positive integer, got ${n}`);
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = (): void => {
    const wake = waiting.shift();
    // A woken waiter takes over the finishing task's slot, so `active` only drops when none waits.
    if (wake) wake();
    else active--;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}

/** Runs tasks with at most `n` in flight; the rest wait in arrival order. */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/** Options of {@link concurrencyLimit}. */
export interface ConcurrencyLimitOptions {
  /**
   * Once a task has failed, tasks that have not started yet reject with that error without running
   * (tasks in flight finish). For operations whose failure is then certain — every page of a listing
   * is needed — so a persistent error costs one round of calls, not one per remaining page.
   */
  readonly failFast?: boolean;
}

/**
 * A p-limit-style gate. The QPS limiter paces the calls; this only bounds how many wait for it at
 * once, so a 250,000-device batch does not queue 5,000 page requests (and their closures) up front.
 */
export function concurrencyLimit(n: number, options: ConcurrencyLimitOptions = {}): ConcurrencyLimit {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Expected \`n\` to be a positive integer, got ${n}`);
  let failure: { readonly error: unknown } | undefined;
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
      if (failure !== undefined) throw failure.error;
      return await task();
    } catch (e) {
      if (options.failFast && failure === undefined) failure = { error: e };
      throw e;
    } finally {
      next();
    }
  };
}

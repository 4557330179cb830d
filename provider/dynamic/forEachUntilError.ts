/** What {@link forEachUntilError} reports. */
export interface ForEachOutcome {
  /** The first error, if any; later items were not started. */
  readonly error?: unknown;
}

/**
 * Runs `fn` over `items` with at most `concurrency` in flight, in order. After the first error no
 * further item starts (in-flight ones finish), so a failing endpoint is not hammered with thousands
 * of doomed calls; the caller learns which items completed through `fn` itself.
 */
export async function forEachUntilError<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<ForEachOutcome> {
  let next = 0;
  let error: unknown;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        if (!failed) {
          failed = true;
          error = e;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return failed ? { error } : {};
}

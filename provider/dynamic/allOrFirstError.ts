/**
 * Like `Promise.all`, but waits for every promise to settle before rejecting with the first error, so
 * no call is still running (and still changing shared results) when the caller handles the failure.
 */
export async function allOrFirstError<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Something that delays the start of a call until its bucket's quota allows it. */
export interface RateLimiter {
  /**
   * Resolves when a call in `bucket` may start, and counts that start. At most `quota` calls start
   * per window in one bucket; waiters are served first in, first out.
   */
  acquire(bucket: string, quota: number): Promise<void>;
}

/** What the caller reports when it hands a {@link Permit} back. */
export interface PermitOutcome {
  /** The server answered with a throttling code: another client may share the account's quota. */
  readonly throttled?: boolean;
}

/** One call's claim on its bucket's quota, from the call's start until its response. */
export interface Permit {
  /**
   * Call once, when the call's response (or its final failure: timeout, abort, connection error)
   * arrives. Until then the call counts as live; afterwards it still counts for one more window,
   * because the server may have counted its arrival as late as the moment the response was seen.
   * Further calls are ignored.
   */
  release(outcome?: PermitOutcome): void;
}

/**
 * Something that delays the start of a call until its bucket's quota allows it.
 *
 * Contract (docs/client.md, "Rate limiting"): a quota of Q means at most Q calls ARRIVE AT THE
 * SERVER in any one window, whatever the network delay. An implementation resolves `acquire` when a
 * call in `bucket` may start and counts the call from then until one window after
 * `permit.release()`. Waiters of one bucket are served first in, first out.
 */
export interface RateLimiter {
  acquire(bucket: string, quota: number): Promise<Permit>;
}

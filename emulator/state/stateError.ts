/** Raised when a mutation does not fit the state (a bug, or a journal that does not match its snapshot). */
export class StateError extends Error {
  override readonly name = "StateError";
}

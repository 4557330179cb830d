import { AsyncLocalStorage } from "async_hooks";
import type { Connection } from "./Connection";

// One store per process on globalThis (like the limiter): two copies of the package must agree on
// the connection of the call in progress.
const STORE = "__pulumiAlicloudIotConnectionV1";
type Holder = { [STORE]?: AsyncLocalStorage<Connection | undefined> };

function store(): AsyncLocalStorage<Connection | undefined> {
  return ((globalThis as Holder)[STORE] ??= new AsyncLocalStorage<Connection | undefined>());
}

/** Runs `fn` with `connection` as the connection of every client it (and what it awaits) builds. */
export function withConnection<T>(connection: Connection | undefined, fn: () => T): T {
  return store().run(connection, fn);
}

/** The connection of the provider call in progress (see delegatingProvider.ts), if any. */
export function currentConnection(): Connection | undefined {
  return store().getStore();
}

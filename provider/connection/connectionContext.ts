import { currentOperation, runOperation } from "../dynamic/operationContext";
import type { Connection } from "./Connection";

/** Runs `fn` with `connection` as the connection of every client it (and what it awaits) builds. */
export function withConnection<T>(connection: Connection | undefined, fn: () => T): T {
  return runOperation({ ...currentOperation(), connection }, fn);
}

/** The connection of the provider operation in progress (dynamic/operationContext.ts), if any. */
export function currentConnection(): Connection | undefined {
  return currentOperation()?.connection;
}

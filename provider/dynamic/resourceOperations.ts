import type * as pulumi from "@pulumi/pulumi";
import { checkConnection, connectionOf, sameConnection } from "../connection/Connection";
import type { ProviderModule } from "./delegatingProvider";
import { runOperation, type OperationContext } from "./operationContext";
import { operationTally } from "./operationTally";
import { resourceLog } from "./resourceLog";

// The operations every resource's shim (delegatingProvider.ts) calls, around the resource module's
// own. They handle, once for every resource type, the two inputs that are about the resource's
// place rather than its settings:
//  - `connection` (connection/Connection.ts): checked at preview, stored with the checked inputs and
//    the outputs (so refresh and delete later reach the same region and account), applied to every
//    client the operation builds, and a change of it replaces the resource;
//  - `__urn` (the class sends its own URN): messages of the operation go to the resource's row
//    (resourceLog.ts), and an operation that made more than one API call, or retried, ends with one
//    summary line there: calls, retries, throttles, time.
// The resource module never sees either key. Pulumi stores a require() of this module's compiled
// path in every resource's `__provider`: keep the path and the exported names.

const PLACE_KEYS = ["connection", "__urn"] as const;

type Props = Record<string, unknown>;

/** `props` without `connection` and `__urn` (what the resource module sees). */
export function withoutPlace<T>(props: T): T {
  if (typeof props !== "object" || props === null || !PLACE_KEYS.some((k) => k in props)) return props;
  const rest: Props = { ...(props as Props) };
  for (const key of PLACE_KEYS) delete rest[key];
  return rest as T;
}

/** The stored place of a resource (inputs or outputs): its normalised connection and its URN. */
function placeOf(props: unknown): { connection: unknown; urn: string | undefined } {
  const p = typeof props === "object" && props !== null ? (props as Props) : {};
  return { connection: p.connection, urn: typeof p.__urn === "string" ? p.__urn : undefined };
}

/** `values` with the place added (the connection normalised; nothing added when empty). */
function withPlace<T>(values: T, place: { connection: unknown; urn: string | undefined }): T {
  if (typeof values !== "object" || values === null) return values;
  const connection = connectionOf(place.connection);
  if (connection === undefined && place.urn === undefined) return values;
  return { ...values, ...(connection !== undefined ? { connection } : {}), ...(place.urn !== undefined ? { __urn: place.urn } : {}) };
}

/**
 * Runs one operation of `impl` in its context. `summary`: the verb of the closing summary line
 * (none for check, diff and modules that write their own, `ownSummary`).
 */
async function inContext<T>(props: unknown, impl: ProviderModule<unknown, unknown>, summary: string | undefined, work: () => Promise<T>): Promise<T> {
  const place = placeOf(props);
  const context: OperationContext = { connection: connectionOf(place.connection), urn: place.urn, tally: operationTally(), log: resourceLog(place.urn, "") };
  return runOperation(context, async () => {
    try {
      return await work();
    } catch (e) {
      // A partial failure's recorded properties keep the place, so the next run reaches it again.
      const recorded = (e as { properties?: unknown }).properties;
      if (typeof recorded === "object" && recorded !== null) Object.assign(recorded, withPlace({}, place));
      throw e;
    } finally {
      if (summary !== undefined && !impl.ownSummary && context.tally!.worthSummary()) context.log!.info(context.tally!.line(summary));
      await context.log!.flush();
    }
  });
}

/** check() of `impl`, with `connection` checked and carried into the checked inputs with `__urn`. */
export async function check<I, O>(impl: ProviderModule<I, O>, olds: I, news: I): Promise<pulumi.dynamic.CheckResult<I>> {
  const place = placeOf(news);
  const failures = checkConnection(place.connection);
  const checkedPlace = failures.length ? { connection: undefined, urn: place.urn } : place;
  const result = await inContext(checkedPlace, impl as ProviderModule<unknown, unknown>, undefined, () => impl.check(withoutPlace(olds), withoutPlace(news)));
  const all = [...failures, ...(result.failures ?? [])];
  const inputs = result.inputs === undefined ? undefined : withPlace(result.inputs, checkedPlace);
  return { ...result, inputs, ...(all.length ? { failures: all } : {}) };
}

/** diff() of `impl` without the place (pure); a changed connection replaces the resource. */
export async function diff<I, O>(impl: ProviderModule<I, O>, id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
  const d = await inContext(news, impl as ProviderModule<unknown, unknown>, undefined, () => impl.diff(id, withoutPlace(olds), withoutPlace(news)));
  if (sameConnection(placeOf(olds).connection, placeOf(news).connection)) return d;
  return { ...d, changes: true, replaces: [...(d.replaces ?? []), "connection"] };
}

export async function create<I, O>(impl: ProviderModule<I, O>, inputs: I): Promise<pulumi.dynamic.CreateResult<O>> {
  const result = await inContext(inputs, impl as ProviderModule<unknown, unknown>, "created", () => impl.create(withoutPlace(inputs)));
  return { ...result, outs: withPlace(result.outs, placeOf(inputs)) };
}

export async function read<I, O>(impl: ProviderModule<I, O>, id: string, props: O): Promise<pulumi.dynamic.ReadResult<O>> {
  const result = await inContext(props, impl as ProviderModule<unknown, unknown>, "refreshed", () => impl.read(id, withoutPlace(props)));
  return { ...result, props: withPlace(result.props, placeOf(props)) };
}

export async function update<I, O>(impl: ProviderModule<I, O>, id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>> {
  const result = await inContext(news, impl as ProviderModule<unknown, unknown>, "updated", () => impl.update(id, withoutPlace(olds), withoutPlace(news)));
  return { ...result, outs: withPlace(result.outs, placeOf(news)) };
}

/** delete() of `impl` (named `remove`: `delete` is a reserved word), in the region and account the state records. */
export function remove<I, O>(impl: ProviderModule<I, O>, id: string, props: O): Promise<void> {
  return inContext(props, impl as ProviderModule<unknown, unknown>, "deleted", () => impl.delete(id, withoutPlace(props)));
}

import type * as pulumi from "@pulumi/pulumi";
import type { ProviderModule } from "../dynamic/delegatingProvider";
import { checkConnection, connectionOf, sameConnection } from "./Connection";
import { withConnection } from "./connectionContext";

// A resource's `connection` (Connection.ts), handled here once for every resource type (the shim of
// delegatingProvider.ts calls these): checked at preview, kept out of the resource module's inputs,
// stored with the checked inputs and the outputs (so that refresh and delete later reach the same
// region and account), applied to every client the operation builds, and a change of it replaces
// the resource.

/** The `connection` value of inputs or state, as stored. */
export function connectionField(props: unknown): unknown {
  return typeof props === "object" && props !== null ? (props as { connection?: unknown }).connection : undefined;
}

/** `props` without its `connection` key (what the resource module sees). */
export function withoutConnection<T>(props: T): T {
  if (typeof props !== "object" || props === null || !("connection" in props)) return props;
  const { connection: _dropped, ...rest } = props as T & { connection?: unknown };
  return rest as T;
}

/** `result` with the normalised connection added to its `outs` or `props`. */
function withConnectionOut<R extends { outs?: unknown; props?: unknown }>(result: R, connection: unknown): R {
  const normalized = connectionOf(connection);
  if (normalized === undefined) return result;
  if (typeof result.outs === "object" && result.outs !== null) return { ...result, outs: { ...result.outs, connection: normalized } };
  if (typeof result.props === "object" && result.props !== null) return { ...result, props: { ...result.props, connection: normalized } };
  return result;
}

/** Runs `work`; a partial failure's recorded properties keep the connection, so the next run reaches the same place. */
async function keepOnFailure<T>(work: () => Promise<T>, connection: unknown): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const normalized = connectionOf(connection);
    const props = (e as { properties?: unknown }).properties;
    if (normalized !== undefined && typeof props === "object" && props !== null) (props as Record<string, unknown>).connection = normalized;
    throw e;
  }
}

/** check() of `impl`, with `connection` checked and carried into the checked inputs. */
export async function check<I, O>(impl: ProviderModule<I, O>, olds: I, news: I): Promise<pulumi.dynamic.CheckResult<I>> {
  const connection = connectionField(news);
  const failures = checkConnection(connection);
  const normalized = failures.length ? undefined : connectionOf(connection);
  const result = await withConnection(normalized, () => impl.check(withoutConnection(olds), withoutConnection(news)));
  const all = [...failures, ...(result.failures ?? [])];
  const inputs = normalized === undefined || result.inputs === undefined ? result.inputs : ({ ...result.inputs, connection: normalized } as I);
  return { ...result, inputs, ...(all.length ? { failures: all } : {}) };
}

/** diff() of `impl` without `connection` (pure); a changed connection replaces the resource. */
export async function diff<I, O>(impl: ProviderModule<I, O>, id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
  const d = await impl.diff(id, withoutConnection(olds), withoutConnection(news));
  if (sameConnection(connectionField(olds), connectionField(news))) return d;
  return { ...d, changes: true, replaces: [...(d.replaces ?? []), "connection"] };
}

export function create<I, O>(impl: ProviderModule<I, O>, inputs: I): Promise<pulumi.dynamic.CreateResult<O>> {
  const connection = connectionField(inputs);
  return withConnection(connectionOf(connection), async () => withConnectionOut(await keepOnFailure(() => impl.create(withoutConnection(inputs)), connection), connection));
}

export function read<I, O>(impl: ProviderModule<I, O>, id: string, props: O): Promise<pulumi.dynamic.ReadResult<O>> {
  const connection = connectionField(props);
  return withConnection(connectionOf(connection), async () => withConnectionOut(await impl.read(id, withoutConnection(props)), connection));
}

export function update<I, O>(impl: ProviderModule<I, O>, id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>> {
  const connection = connectionField(news);
  return withConnection(connectionOf(connection), async () => withConnectionOut(await keepOnFailure(() => impl.update(id, withoutConnection(olds), withoutConnection(news)), connection), connection));
}

/** delete() of `impl` (named `remove`: `delete` is a reserved word), in the region and account the state records. */
export function remove<I, O>(impl: ProviderModule<I, O>, id: string, props: O): Promise<void> {
  return withConnection(connectionOf(connectionField(props)), () => impl.delete(id, withoutConnection(props)));
}

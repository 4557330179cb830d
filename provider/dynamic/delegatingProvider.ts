import type * as pulumi from "@pulumi/pulumi";
// The shim calls the operations through this module (never a local function), so that Pulumi
// serializes a require() of it instead of copying code into `__provider`.
import * as ops from "./resourceOperations";

/**
 * The operations of one resource type, implemented in a module of the installed package.
 * `diff` must be pure (no API call); the rest may call the API.
 */
export interface ProviderModule<I, O> {
  check(olds: I, news: I): Promise<pulumi.dynamic.CheckResult<I>>;
  diff(id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: I): Promise<pulumi.dynamic.CreateResult<O>>;
  read(id: string, props: O): Promise<pulumi.dynamic.ReadResult<O>>;
  update(id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>>;
  delete(id: string, props: O): Promise<void>;
  /** True when the module writes its operations' closing summary itself (resourceOperations.ts writes one otherwise). */
  readonly ownSummary?: boolean;
}

/**
 * Builds the `ResourceProvider` handed to `pulumi.dynamic.Resource`: a stateless shim whose methods
 * forward to `impl`, a module object of this package. Pulumi serializes the shim into `__provider`
 * and, because `impl` is a module inside `node_modules`, writes it as
 * `require("pulumi-alicloud-iot/dist/provider/…")` rather than copying code (Pulumi docs: Function serialization). So the
 * state holds a few hundred bytes, no credentials, and refresh/delete of old resources run the
 * installed package's code, not a stale copy.
 *
 * Each operation runs in its resource's place (resourceOperations.ts): its `connection`, and its row
 * in the engine's display for messages and the closing summary.
 *
 * `configure` hands the stack config to `provider/config` synchronously: the Node dynamic-provider
 * server does not await it before the first concurrent calls.
 */
export function delegatingProvider<I, O>(
  impl: ProviderModule<I, O>,
  configure?: (config: { get(key: string): string | undefined }) => void,
): pulumi.dynamic.ResourceProvider<I, O> {
  return {
    configure: async (req) => {
      if (configure) configure(req.config);
    },
    check: (olds, news) => ops.check(impl, olds, news),
    diff: (id, olds, news) => ops.diff(impl, id, olds, news),
    create: (inputs) => ops.create(impl, inputs),
    read: (id, props) => ops.read(impl, id, props as O),
    update: (id, olds, news) => ops.update(impl, id, olds, news),
    delete: (id, props) => ops.remove(impl, id, props),
  };
}

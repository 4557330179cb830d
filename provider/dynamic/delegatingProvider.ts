import type * as pulumi from "@pulumi/pulumi";

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
}

/**
 * Builds the `ResourceProvider` handed to `pulumi.dynamic.Resource`: a stateless shim whose methods
 * forward to `impl`, a module object of this package. Pulumi serializes the shim into `__provider`
 * and, because `impl` is a module inside `node_modules`, writes it as
 * `require("pulumi-alicloud-iot/dist/provider/…")` rather than copying code (Pulumi docs: Function serialization). So the
 * state holds a few hundred bytes, no credentials, and refresh/delete of old resources run the
 * installed package's code, not a stale copy.
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
    check: (olds, news) => impl.check(olds, news),
    diff: (id, olds, news) => impl.diff(id, olds, news),
    create: (inputs) => impl.create(inputs),
    read: (id, props) => impl.read(id, props as O),
    update: (id, olds, news) => impl.update(id, olds, news),
    delete: (id, props) => impl.delete(id, props),
  };
}

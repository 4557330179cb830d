import type * as pulumi from "@pulumi/pulumi";

/** Plain inputs of {@link Echo} as the provider receives them. */
export interface EchoInputs {
  readonly value: string;
}

/** Outputs of {@link Echo}. */
export interface EchoOutputs extends EchoInputs {
  /** How many times `create`/`update` ran for this resource id. */
  readonly revision: number;
}

/*
 * Operations of the `Echo` diagnostic resource: it stores its input and calls no API. It exists to
 * prove the package's dynamic-provider plumbing under the real engine (serialization by reference,
 * check/diff/create/read/update/delete round trips) independently of Alibaba Cloud.
 */

export async function check(_olds: EchoInputs, news: EchoInputs): Promise<pulumi.dynamic.CheckResult<EchoInputs>> {
  if (typeof news.value !== "string") {
    return { failures: [{ property: "value", reason: `Expected \`value\` to be a string, got ${typeof news.value}` }] };
  }
  return { inputs: { value: news.value } };
}

export async function diff(_id: string, olds: EchoOutputs, news: EchoInputs): Promise<pulumi.dynamic.DiffResult> {
  return { changes: olds.value !== news.value };
}

export async function create(inputs: EchoInputs): Promise<pulumi.dynamic.CreateResult<EchoOutputs>> {
  return { id: `echo-${Date.now().toString(36)}`, outs: { value: inputs.value, revision: 1 } };
}

export async function read(id: string, props: EchoOutputs): Promise<pulumi.dynamic.ReadResult<EchoOutputs>> {
  return { id, props };
}

export async function update(_id: string, olds: EchoOutputs, news: EchoInputs): Promise<pulumi.dynamic.UpdateResult<EchoOutputs>> {
  return { outs: { value: news.value, revision: (olds.revision ?? 0) + 1 } };
}

export async function remove(): Promise<void> {
  /* nothing remote to delete */
}
export { remove as delete };

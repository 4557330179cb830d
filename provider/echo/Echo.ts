import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../dynamic/delegatingProvider";
import * as echoProvider from "./echoProvider";

/** Arguments of {@link Echo}. */
export interface EchoArgs {
  /** Any string; changing it updates the resource in place. */
  readonly value: pulumi.Input<string>;
}

/**
 * A diagnostic resource that echoes its input (no API calls). Type token
 * `pulumi-nodejs:dynamic/alicloud-iot:Echo`.
 */
export class Echo extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;
  declare readonly revision: pulumi.Output<number>;

  constructor(name: string, args: EchoArgs, opts?: pulumi.CustomResourceOptions) {
    super(delegatingProvider(echoProvider), name, { revision: undefined, ...args }, opts, "alicloud-iot", "Echo");
  }
}

import * as pulumi from "@pulumi/pulumi";

/**
 * The URN the resource `name` of `type` will have, for its `__urn` input: the provider host is not
 * told which resource a request is for, so each class sends its own URN, and the provider's messages
 * and closing summary reach the resource's row of the display (resourceOperations.ts). Inputs whose
 * names start with `__` are never shown in a diff, and the provider's diff ignores this one.
 *
 * The value carries no dependency on the parent: `pulumi.createUrn` reads the parent's URN, and an
 * input that depends on a component makes the resource wait for all of the component's children,
 * itself included, so the children of a DeviceFleet would wait for each other forever. A parent's
 * URN is always known, in previews too.
 */
export function urnInput(type: string, name: string, opts?: pulumi.ResourceOptions): pulumi.Output<string> {
  const urn = pulumi.createUrn(name, `pulumi-nodejs:dynamic/alicloud-iot:${type}`, opts?.parent);
  return pulumi.output(new Promise<string>((resolve) => void urn.apply(resolve)));
}

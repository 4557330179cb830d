import type * as pulumi from "@pulumi/pulumi";

/**
 * The resource options of a resource whose replacement would share its identity with the resource it
 * replaces (DeviceBatch: product + DeviceNames; GatewayTopology: the gateway's relations;
 * EdgeDriverVersion: DriverId + DriverVersion): `deleteBeforeReplace: true`, unless the program
 * already set it to true.
 *
 * Why an option and not only the provider's `diff`: `pulumi up --replace <urn>` never asks the
 * provider (a targeted replace gets a fixed diff), and the engine lets the resource option override
 * the diff's `deleteBeforeReplace` in both directions (pulumi step_generator.go). Created first, a
 * replacement of the same identity adopts (or re-attaches) what the old resource holds, and the old
 * resource's delete then removes it: devices, relations or the version vanish while the state says
 * they exist. Deleted first, the old resource's delete removes only its own, and the replacement
 * then creates afresh. This holds whatever the process layout, because nothing is remembered between
 * the two steps.
 *
 * `deleteBeforeReplace: false` is refused with this message rather than honoured: there is no other
 * safe order, and a silent loss is worse than a failed program.
 */
export function deleteFirstOptions(typeName: string, name: string, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  if (opts?.deleteBeforeReplace === false) throw new Error(deleteFirstRequiredMessage(typeName, name));
  return { ...opts, deleteBeforeReplace: true };
}

/** The message of a program that sets `deleteBeforeReplace: false` on such a resource. */
export function deleteFirstRequiredMessage(typeName: string, name: string): string {
  return (
    `${typeName} "${name}": the option \`deleteBeforeReplace: false\` is not supported. A replacement created before the old ` +
    `${typeName} is deleted takes over what the old one holds, and the old one's delete would then remove it. ` +
    "Leave the option unset: replacements then delete first."
  );
}

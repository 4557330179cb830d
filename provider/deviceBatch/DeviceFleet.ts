import * as pulumi from "@pulumi/pulumi";
import type { AuthType, DeviceSpec } from "./deviceBatchTypes";
import { shardDevices, shardOf } from "./shardDevices";
import { DeviceBatch } from "./DeviceBatch";
import type { ConnectionArgs } from "../connection/Connection";

/** Arguments of {@link DeviceFleet}. */
export interface DeviceFleetArgs extends ConnectionArgs {
  /** ProductKey of the product the devices belong to. Changing it replaces every batch. */
  readonly productKey: pulumi.Input<string>;
  /**
   * The devices, as for {@link DeviceBatch}: names, or `{ name, nickname }` objects, in any order. The
   * names are plain strings (the list itself may be an Output): they pick the batch.
   */
  readonly devices: pulumi.Input<(string | DeviceSpec)[]>;
  /**
   * How many DeviceBatch resources hold the devices (1–1,000); one per 25,000–100,000 devices. FIXED
   * for the life of the fleet: a device's batch is a hash of its name modulo this count, so changing
   * it would move most devices to another batch (delete in one, register in another).
   */
  readonly shards: number;
  /** As {@link DeviceBatch}: `secret` (default) or `x509`. */
  readonly authType?: pulumi.Input<AuthType>;
  /** As {@link DeviceBatch}. Replaces on change. */
  readonly iotInstanceId?: pulumi.Input<string>;
  /** As {@link DeviceBatch}: take over devices that already exist in the product. */
  readonly adoptExisting?: pulumi.Input<boolean>;
}

/**
 * A very large fleet (hundreds of thousands to millions of devices) in one product, kept as `shards`
 * DeviceBatch resources `<name>-<i>` with stable membership: a device always lands in the batch the
 * hash of its name picks (shardDevices.ts), so adding names never moves others, and a change to a few
 * devices updates only their batches. Each batch stays small enough for the engine and the provider
 * process (docs/performance.md). Component type `alicloud-iot:index:DeviceFleet`.
 *
 * Every batch of a fleet must keep at least one device (a DeviceBatch is never empty).
 */
export class DeviceFleet extends pulumi.ComponentResource {
  /** The batches, by shard index. */
  readonly batches: DeviceBatch[];
  /** Registered devices over all batches. */
  readonly deviceCount: pulumi.Output<number>;
  private readonly shardCount: number;

  constructor(name: string, args: DeviceFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("alicloud-iot:index:DeviceFleet", name, {}, opts);
    this.shardCount = args.shards;
    const shardsOf = splitDevices(args.devices, args.shards);
    this.batches = shardsOf.map(
      (devices, i) =>
        new DeviceBatch(
          `${name}-${i}`,
          { productKey: args.productKey, devices, authType: args.authType, iotInstanceId: args.iotInstanceId, adoptExisting: args.adoptExisting, connection: args.connection },
          { parent: this },
        ),
    );
    this.deviceCount = pulumi.all(this.batches.map((b) => b.deviceCount)).apply((counts) => counts.reduce((n, c) => n + (c ?? 0), 0));
    this.registerOutputs({ deviceCount: this.deviceCount });
  }

  /** The batch that holds (or would hold) device `name`. */
  batchOf(name: string): DeviceBatch {
    return this.batches[shardOf(name, this.shardCount)];
  }

  /** The IotId of device `name`. */
  iotId(name: string): pulumi.Output<string> {
    return this.batchOf(name).iotId(name);
  }

  /** The DeviceSecret of device `name`, as a secret. */
  deviceSecret(name: string): pulumi.Output<string> {
    return this.batchOf(name).deviceSecret(name);
  }
}

/**
 * One device list per shard. A plain list is split at once, with no Output machinery per entry (an
 * Output over a 1,000,000-entry array costs seconds and hundreds of MB); an Output or a Promise is
 * split once when it resolves and each batch takes its part.
 */
function splitDevices(devices: DeviceFleetArgs["devices"], shards: number): pulumi.Input<(string | DeviceSpec)[]>[] {
  if (Array.isArray(devices)) return shardDevices(devices, shards);
  const split = pulumi.Output.isInstance(devices)
    ? devices.apply((list) => shardDevices(list, shards))
    : pulumi.output(Promise.resolve(devices).then((list) => shardDevices(list, shards)));
  return Array.from({ length: shards }, (_, i) => split.apply((s) => s[i]));
}

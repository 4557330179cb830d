import * as pulumi from "@pulumi/pulumi";
import { configure } from "../config";
import type { AuthType } from "./deviceBatchTypes";
import { pickDeviceValue } from "./deviceValues";
import { delegatingProvider } from "../dynamic/delegatingProvider";
import { getDeviceSecretsOutput } from "./getDeviceSecrets";
import { deleteFirstOptions } from "../dynamic/deleteFirstOptions";
import * as deviceBatchProvider from "./deviceBatchProvider";
import type { Connection, ConnectionArgs } from "../connection/Connection";
import { urnInput } from "../dynamic/urnInput";

/** One device of a {@link DeviceBatch} with a nickname. */
export interface DeviceSpecArgs {
  /** DeviceName: 4–32 characters from letters, digits, `-`, `_`, `@`, `.` and `:`; unique in the product. */
  readonly name: pulumi.Input<string>;
  /**
   * 4–32 characters from Chinese characters, letters, digits and `_`; a Chinese character counts 2
   * (the stricter of BatchCheckDeviceNames' and BatchUpdateDeviceNickname's rules). Changing it
   * updates the device in place; removing it clears the nickname.
   */
  readonly nickname?: pulumi.Input<string>;
}

/**
 * Arguments of {@link DeviceBatch}. Source: IoT Platform API reference: BatchCheckDeviceNames
 * (https://help.aliyun.com/document_detail/69482.html).
 */
export interface DeviceBatchArgs extends ConnectionArgs {
  /** ProductKey of the product the devices belong to. Replaces on change. */
  readonly productKey: pulumi.Input<string>;
  /**
   * The devices: names, or `{ name, nickname }` objects, in any order (reordering is no change). At
   * least one. Stored keyed by name, so previews show exactly the devices added or removed.
   */
  readonly devices: pulumi.Input<pulumi.Input<string | DeviceSpecArgs>[]>;
  /**
   * How the product's devices authenticate: `secret` (default) checks 10,000 names per
   * BatchCheckDeviceNames call, `x509` 1,000 (the API's per-call limits; extra names would be
   * silently dropped). Changing it only affects later registrations.
   */
  readonly authType?: pulumi.Input<AuthType>;
  /**
   * The IoT instance. Defaults to the provider's `alicloud-iot:iotInstanceId` config, or none.
   * Replaces on change.
   */
  readonly iotInstanceId?: pulumi.Input<string>;
  /**
   * Take over devices that already exist in the product (e.g. left by an interrupted `pulumi up`)
   * instead of failing; `pulumi import` cannot do this for dynamic resources (pulumi/pulumi#16175).
   * Adopted devices are deleted with the batch. Defaults to false.
   */
  readonly adoptExisting?: pulumi.Input<boolean>;
}

/**
 * A fleet of custom-named devices in one product, registered in chunks at the API's quotas and kept
 * in step afterwards: added names are registered, removed names deleted, changed nicknames updated.
 * Type token `pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch`. See docs/device-batch.md.
 *
 * Per-device outputs are compact: one JSON string each, keyed by DeviceName (`iotIds`, `nicknames`),
 * so a batch of 100,000 devices costs the engine and the program a few strings, not 100,000-entry
 * objects. Read one device with {@link DeviceBatch.iotId}, or all with `JSON.parse`. For more than
 * about 100,000 devices use {@link DeviceFleet}.
 *
 * No DeviceSecret is among the outputs, so none is in the state or in `pulumi up --debug` output
 * (which prints every output the engine returns to the program, secret or not). Ask
 * {@link DeviceBatch.deviceSecret} or getDeviceSecretsOutput: they look secrets up when the program
 * runs and return them as secrets.
 *
 * Every replacement (a changed productKey or iotInstanceId, or `pulumi up --replace`) deletes the old
 * devices before registering the new ones: the class sets `deleteBeforeReplace: true` and refuses
 * `false` (deleteFirstOptions.ts), because a replacement registered first would adopt the very
 * devices the old batch's delete then removes.
 */
export class DeviceBatch extends pulumi.dynamic.Resource {
  declare readonly productKey: pulumi.Output<string>;
  /** `{"<DeviceName>":"<IotId>",…}` (JSON text) for every registered device. */
  declare readonly iotIds: pulumi.Output<string>;
  /** `{"<DeviceName>":"<nickname>",…}` (JSON text) for the registered devices that have a nickname. */
  declare readonly nicknames: pulumi.Output<string>;
  /** ApplyIds of the registrations that created the devices. */
  declare readonly applyIds: pulumi.Output<number[]>;
  /** ApplyIds whose devices the next operation still has to collect (normally empty). */
  declare readonly pendingApplyIds: pulumi.Output<number[]>;
  /** Number of registered devices. */
  declare readonly deviceCount: pulumi.Output<number>;
  declare readonly authType: pulumi.Output<AuthType>;
  declare readonly iotInstanceId: pulumi.Output<string | undefined>;
  declare readonly adoptExisting: pulumi.Output<boolean | undefined>;
  /** The batch's {@link Connection}, when it has one (its devices' secrets are looked up there). */
  declare readonly connection: pulumi.Output<Connection | undefined>;

  constructor(name: string, args: DeviceBatchArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      iotIds: undefined,
      nicknames: undefined,
      applyIds: undefined,
      pendingApplyIds: undefined,
      deviceCount: undefined,
      authType: undefined,
      iotInstanceId: undefined,
      adoptExisting: undefined,
      connection: undefined,
      ...args,
      __urn: urnInput("DeviceBatch", name, opts),
    };
    super(
      delegatingProvider(deviceBatchProvider, configure),
      name,
      props,
      deleteFirstOptions("DeviceBatch", name, opts),
      "alicloud-iot",
      "DeviceBatch",
    );
  }

  /** The IotId of device `name`; fails if the batch has no such device. */
  iotId(name: string): pulumi.Output<string> {
    return this.iotIds.apply((text) => requireDeviceValue(text, name, "IotId"));
  }

  /**
   * The DeviceSecret of device `name`, as a secret Output, looked up when the program runs (one
   * BatchQueryDeviceDetail call, getDeviceSecrets.ts) once the batch exists. For many devices at
   * once use getDeviceSecretsOutput (100 names a call).
   */
  deviceSecret(name: string): pulumi.Output<string> {
    const names = this.iotIds.apply((text) => {
      requireDeviceValue(text, name, "DeviceSecret");
      return [name];
    });
    const args = { productKey: this.productKey, deviceNames: names, iotInstanceId: this.iotInstanceId };
    return this.connection.apply((connection) => getDeviceSecretsOutput(args, connection === undefined ? {} : { connection })).apply((s) => s[name]);
  }
}

function requireDeviceValue(text: string | undefined, name: string, what: string): string {
  const value = pickDeviceValue(text, name);
  if (value === undefined) throw new Error(`DeviceBatch has no device ${JSON.stringify(name)}, so it has no ${what} for it`);
  return value;
}

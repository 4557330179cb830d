import * as pulumi from "@pulumi/pulumi";
import { configure } from "../config";
import type { Keyed, TslService } from "../thingModel/thingModelTypes";
import type { JsonValue } from "./thingsServiceInvocationTypes";
import { delegatingProvider } from "../dynamic/delegatingProvider";
import * as thingsServiceInvocationProvider from "./thingsServiceInvocationProvider";
import type { ConnectionArgs } from "../connection/Connection";
import { urnInput } from "../dynamic/urnInput";

/**
 * Arguments of {@link ThingsServiceInvocation}. IoT Platform API reference: InvokeThingsService
 * (https://www.alibabacloud.com/help/en/iot-platform/developer-reference/api-iot-2018-01-20-invokethingsservice).
 * Every rule is checked at preview time. See docs/things-service-invocation.md.
 */
export interface ThingsServiceInvocationArgs extends ConnectionArgs {
  /** ProductKey of the devices' product. Changing it re-invokes on every device. */
  readonly productKey: pulumi.Input<string>;
  /**
   * The service identifier from the thing model: 1–50 letters, digits and `_`; a custom module's
   * service is `module:service`. Changing it re-invokes on every device.
   */
  readonly identifier: pulumi.Input<string>;
  /** The service's input parameters, sent as JSON. Defaults to `{}`. Changing it re-invokes on every device. */
  readonly args?: pulumi.Input<{ [key: string]: pulumi.Input<JsonValue> }>;
  /**
   * DeviceNames (at least one, no duplicates, any order: reordering is no change). Adding a device
   * invokes the service on that device only; removing one invokes nothing.
   */
  readonly devices: pulumi.Input<pulumi.Input<string>[]>;
  /** The IoT instance. Defaults to the provider's `alicloud-iot:iotInstanceId` config, or none. Changing it re-invokes. */
  readonly iotInstanceId?: pulumi.Input<string>;
  /** Arbitrary values; any change re-invokes on every device (like `command.local.Command` triggers). */
  readonly triggers?: pulumi.Input<pulumi.Input<any>[]>;
  /**
   * The product's thing model, when the program declares it: `{ services: model.services }` of a
   * {@link ThingModel} (or a TSL service list). Then the preview refuses an `identifier` the model does
   * not define (listing the defined services) and `args` that are not the service's input parameters
   * or do not fit their data types. Changing it alone re-invokes nothing.
   */
  readonly thingModel?: pulumi.Input<{ services: pulumi.Input<readonly TslService[] | Keyed<TslService>> }>;
}


/**
 * Invokes a thing-model service on a set of devices (InvokeThingsService, ≤ 100 devices a call at
 * the shared 10 QPS quota). Type token `pulumi-nodejs:dynamic/alicloud-iot:ThingsServiceInvocation`.
 * An action: creating it invokes; changing productKey/identifier/args/iotInstanceId/triggers is an
 * update that invokes again on every device; adding devices invokes on them only; destroying it
 * calls nothing. Never a replacement.
 */
export class ThingsServiceInvocation extends pulumi.dynamic.Resource {
  declare readonly productKey: pulumi.Output<string>;
  declare readonly identifier: pulumi.Output<string>;
  declare readonly args: pulumi.Output<{ [key: string]: JsonValue }>;
  /**
   * One line for reviewers: "25,001 devices". The invoked set itself is kept in state under
   * `__devices` (keyed by DeviceName), which no preview prints; `invokedDevices` is its size.
   */
  declare readonly devices: pulumi.Output<string>;
  declare readonly iotInstanceId: pulumi.Output<string | undefined>;
  declare readonly triggers: pulumi.Output<JsonValue[] | undefined>;
  /** Number of devices invoked. */
  declare readonly invokedDevices: pulumi.Output<number>;
  /** InvokeThingsService calls made over the resource's life. */
  declare readonly calls: pulumi.Output<number>;
  /** ISO-8601 time of the last accepted call. */
  declare readonly invokedAt: pulumi.Output<string>;

  constructor(name: string, args: ThingsServiceInvocationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      args: undefined,
      iotInstanceId: undefined,
      triggers: undefined,
      thingModel: undefined,
      invokedDevices: undefined,
      calls: undefined,
      invokedAt: undefined,
      ...args,
      __urn: urnInput("ThingsServiceInvocation", name, opts),
    };
    super(delegatingProvider(thingsServiceInvocationProvider, configure), name, props, opts, "alicloud-iot", "ThingsServiceInvocation");
  }
}

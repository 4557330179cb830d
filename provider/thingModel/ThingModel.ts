import * as pulumi from "@pulumi/pulumi";
import { configure } from "../config";
import type { Keyed, TslEvent, TslProperty, TslService } from "./thingModelTypes";
import { delegatingProvider } from "../dynamic/delegatingProvider";
import * as thingModelProvider from "./thingModelProvider";
import type { ConnectionArgs } from "../connection/Connection";
import { urnInput } from "../dynamic/urnInput";

/**
 * Arguments of {@link ThingModel}. Each feature list is a TSL list (objects with `identifier`) or an
 * object keyed by identifier; either way state keys it by identifier. Sources: IoT Platform: TSL field
 * descriptions, Supported data types; IoT Platform API reference: ImportThingModelTsl,
 * PublishThingModel. See docs/product.md.
 */
export interface ThingModelArgs extends ConnectionArgs {
  /** The product whose (default-module) thing model this is; usually `product.productKey`. Replaces on change. */
  readonly productKey: pulumi.Input<string>;
  readonly properties?: pulumi.Input<readonly TslProperty[] | Keyed<TslProperty>>;
  readonly services?: pulumi.Input<readonly TslService[] | Keyed<TslService>>;
  readonly events?: pulumi.Input<readonly TslEvent[] | Keyed<TslEvent>>;
  /** PublishThingModel `ModelVersion`: 1–16 letters, digits and `.`. */
  readonly modelVersion?: pulumi.Input<string>;
  /** Description of the published version, at most 100 characters. */
  readonly description?: pulumi.Input<string>;
  /** The IoT instance. Defaults to the provider's `alicloud-iot:iotInstanceId` config, or none. Replaces on change. */
  readonly iotInstanceId?: pulumi.Input<string>;
}

/**
 * A product's thing model (TSL), imported and published as a whole. Type token
 * `pulumi-nodejs:dynamic/alicloud-iot:ThingModel`; the id is `<productKey>:thing-model`.
 * Pass `{ services: model.services }` as a ThingsServiceInvocation's `thingModel` to have its
 * identifier and args checked against the model at preview.
 */
export class ThingModel extends pulumi.dynamic.Resource {
  declare readonly productKey: pulumi.Output<string>;
  /** Properties keyed by identifier, defaults filled in. */
  declare readonly properties: pulumi.Output<Keyed<TslProperty>>;
  /** Services keyed by identifier, defaults filled in. */
  declare readonly services: pulumi.Output<Keyed<TslService>>;
  /** Events keyed by identifier, defaults filled in. */
  declare readonly events: pulumi.Output<Keyed<TslEvent>>;
  declare readonly modelVersion: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly iotInstanceId: pulumi.Output<string | undefined>;
  /** The TSL document imported. */
  declare readonly tsl: pulumi.Output<string>;
  declare readonly serviceIdentifiers: pulumi.Output<string[]>;
  declare readonly propertyIdentifiers: pulumi.Output<string[]>;
  declare readonly eventIdentifiers: pulumi.Output<string[]>;

  constructor(name: string, args: ThingModelArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      properties: undefined,
      services: undefined,
      events: undefined,
      modelVersion: undefined,
      description: undefined,
      iotInstanceId: undefined,
      tsl: undefined,
      serviceIdentifiers: undefined,
      propertyIdentifiers: undefined,
      eventIdentifiers: undefined,
      ...args,
      __urn: urnInput("ThingModel", name, opts),
    };
    super(delegatingProvider(thingModelProvider, configure), name, props, opts, "alicloud-iot", "ThingModel");
  }
}

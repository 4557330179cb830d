import * as pulumi from "@pulumi/pulumi";
import { configure } from "../config";
import type {
  ConfigCheckRule,
  ContainerConfig,
  DriverConfigEntry,
  DriverConfigFormat,
  MappingPermission,
  SourceConfig,
} from "./edgeDriverVersionTypes";
import { delegatingProvider } from "../dynamic/delegatingProvider";
import { deleteFirstOptions } from "../dynamic/deleteFirstOptions";
import * as edgeDriverVersionProvider from "./edgeDriverVersionProvider";
import type { ConnectionArgs } from "../connection/Connection";
import { urnInput } from "../dynamic/urnInput";

/** One port mapping of {@link ContainerConfigArgs}. */
export interface PortMappingArgs {
  /** Host port, 1–65535. */
  readonly hostPort: pulumi.Input<number>;
  /** Container port, 1–65535. */
  readonly containerPort: pulumi.Input<number>;
  /** `tcp` or `udp`. */
  readonly protocol: pulumi.Input<"tcp" | "udp">;
}

/** One device mapping of {@link ContainerConfigArgs}. */
export interface DevMappingArgs {
  /** The device the driver accesses: 1–128 characters starting with `/dev/`. */
  readonly hostPath: pulumi.Input<string>;
  /** `ro` (read) or `rw` (read and write). */
  readonly permission: pulumi.Input<MappingPermission>;
  /** A remark of 1–128 characters. Defaults to none. */
  readonly comment?: pulumi.Input<string>;
}

/** One volume mapping of {@link ContainerConfigArgs}. */
export interface VolumeMappingArgs {
  /** Host path: 1–128 characters, no spaces. */
  readonly hostPath: pulumi.Input<string>;
  /** Path in the container: absolute, 2–128 characters, no spaces, not `/`. */
  readonly containerPath: pulumi.Input<string>;
  /** `ro` (read) or `rw` (read and write). */
  readonly permission: pulumi.Input<MappingPermission>;
}

/** The container the driver runs in (the API's `ContainerConfig` JSON). */
export interface ContainerConfigArgs {
  /** Run the container privileged. Defaults to false (sent as 0/1). */
  readonly privileged?: pulumi.Input<boolean>;
  /** Use the host's network. Defaults to false (sent as 0/1). */
  readonly hostNetworkMode?: pulumi.Input<boolean>;
  /** At most 10 port mappings (not needed with host networking). Defaults to none. */
  readonly portMappings?: pulumi.Input<pulumi.Input<PortMappingArgs>[]>;
  /** At most 10 device mappings (not needed when privileged). Defaults to none. */
  readonly devMappings?: pulumi.Input<pulumi.Input<DevMappingArgs>[]>;
  /** At most 10 volume mappings. Defaults to none. */
  readonly volumeMappings?: pulumi.Input<pulumi.Input<VolumeMappingArgs>[]>;
}

/** One driver configuration entry (the API's `DriverConfig` JSON array). */
export interface DriverConfigEntryArgs {
  /** `KV`, `JSON` or `FILE`. */
  readonly format: pulumi.Input<DriverConfigFormat>;
  /** The configuration (KV, JSON) or the OSS URL of the configuration file (FILE). */
  readonly content: pulumi.Input<string>;
}

/**
 * Arguments of {@link EdgeDriverVersion}. IoT Platform API reference: CreateEdgeDriverVersion
 * (https://www.alibabacloud.com/help/en/iot-platform/developer-reference/api-iot-2018-01-20-createedgedriverversion).
 * Every rule below is checked at preview time. Content fields change in place through
 * UpdateEdgeDriverVersion while the version is not released; once it is, they cannot change without
 * a new `driverVersion`.
 */
export interface EdgeDriverVersionArgs extends ConnectionArgs {
  /** The driver's id (e.g. `EdgeDriver.driverId`). Changing it replaces the version. */
  readonly driverId: pulumi.Input<string>;
  /**
   * The version number: at most 64 letters, digits, `_`, `-` and `.`, unique within the driver.
   * Changing it replaces the version (the new one is created before the old one is deleted).
   */
  readonly driverVersion: pulumi.Input<string>;
  /** The earliest Link IoT Edge version the driver runs on, e.g. `2.4.0`. Updates in place. */
  readonly edgeVersion: pulumi.Input<string>;
  /** JVM start-up arguments, e.g. `-XX:+PrintGCDetails`. Defaults to none. Updates in place. */
  readonly argument?: pulumi.Input<string>;
  /** At most 256 bytes (UTF-8). Defaults to none. Updates in place. */
  readonly description?: pulumi.Input<string>;
  /** Where the driver code is: `{ ossAddress }` (a .zip in OSS). Defaults to none. Updates in place. */
  readonly sourceConfig?: pulumi.Input<{ readonly ossAddress: pulumi.Input<string> }>;
  /** Driver configuration entries. Defaults to none. Updates in place. */
  readonly driverConfig?: pulumi.Input<pulumi.Input<DriverConfigEntryArgs>[]>;
  /**
   * Which configurations an edge instance must supply when it deploys the driver; each `required`
   * defaults to false. Defaults to none. Updates in place.
   */
  readonly configCheckRule?: pulumi.Input<{
    readonly deviceConfig?: pulumi.Input<{ readonly required: pulumi.Input<boolean> }>;
    readonly driverConfig?: pulumi.Input<{ readonly required: pulumi.Input<boolean> }>;
  }>;
  /** The driver's container. Defaults to none. Updates in place. */
  readonly containerConfig?: pulumi.Input<ContainerConfigArgs>;
  /**
   * The IoT instance (Enterprise Edition and newer public instances). Defaults to the provider's
   * `alicloud-iot:iotInstanceId` config, or none. Changing it replaces the version.
   */
  readonly iotInstanceId?: pulumi.Input<string>;
  /**
   * Publish the version (ReleaseEdgeDriverVersion). Defaults to false. Turning it on updates in place;
   * it cannot be turned off again, and a released version's content cannot change: give it a new
   * `driverVersion` instead. Destroying a released version leaves it in the cloud (with a warning),
   * because the API does not allow deleting it.
   */
  readonly released?: pulumi.Input<boolean>;
  /**
   * When the version already exists in the cloud, adopt it instead of failing, provided its content
   * matches these inputs (`pulumi import` does not work for dynamic resources). Defaults to false.
   * Only read by create; changing it does nothing to an existing resource.
   */
  readonly adoptExisting?: pulumi.Input<boolean>;
}

/**
 * A version of a Link IoT Edge driver. Type token `pulumi-nodejs:dynamic/alicloud-iot:EdgeDriverVersion`;
 * the resource id is `<driverId>:<driverVersion>`.
 *
 * Every replacement (a new driverId, driverVersion or iotInstanceId, or `pulumi up --replace`)
 * deletes the old version before creating the new one: the class sets `deleteBeforeReplace: true`
 * and refuses `false` (deleteFirstOptions.ts), because a replacement of the same version created
 * first would adopt it and the old resource's delete would then remove it.
 */
export class EdgeDriverVersion extends pulumi.dynamic.Resource {
  declare readonly driverId: pulumi.Output<string>;
  declare readonly driverVersion: pulumi.Output<string>;
  declare readonly edgeVersion: pulumi.Output<string>;
  declare readonly argument: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly sourceConfig: pulumi.Output<SourceConfig | undefined>;
  declare readonly driverConfig: pulumi.Output<DriverConfigEntry[] | undefined>;
  declare readonly configCheckRule: pulumi.Output<ConfigCheckRule | undefined>;
  /** The container configuration with every default filled in. */
  declare readonly containerConfig: pulumi.Output<ContainerConfig | undefined>;
  declare readonly iotInstanceId: pulumi.Output<string | undefined>;
  /** Whether the version is published; follows the cloud after a refresh. */
  declare readonly released: pulumi.Output<boolean>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  /** The API's VersionState: `"0"` not published, `"1"` published. */
  declare readonly versionState: pulumi.Output<"0" | "1">;

  constructor(name: string, args: EdgeDriverVersionArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      argument: undefined,
      description: undefined,
      sourceConfig: undefined,
      driverConfig: undefined,
      configCheckRule: undefined,
      containerConfig: undefined,
      iotInstanceId: undefined,
      released: undefined,
      adoptExisting: undefined,
      versionState: undefined,
      ...args,
      __urn: urnInput("EdgeDriverVersion", name, opts),
    };
    super(delegatingProvider(edgeDriverVersionProvider, configure), name, props, deleteFirstOptions("EdgeDriverVersion", name, opts), "alicloud-iot", "EdgeDriverVersion");
  }
}

/**
 * The plain (provider-side) data model of an edge driver version: what `check` returns, what the
 * provider operations receive, and what lands in state. The API wants most of these as JSON strings
 * (IoT Platform API reference: CreateEdgeDriverVersion); edgeDriverVersionWire.ts converts both ways.
 */

/** Format of one driver configuration entry: key-value pairs, a JSON text, or an OSS file URL. */
export type DriverConfigFormat = "KV" | "JSON" | "FILE";

/** One entry of `DriverConfig`. */
export interface DriverConfigEntry {
  readonly format: DriverConfigFormat;
  /** For KV and JSON the configuration itself; for FILE the OSS URL of the configuration file. */
  readonly content: string;
}

/** `SourceConfig`: where the driver code lives. */
export interface SourceConfig {
  /** OSS URL of the driver code (.zip), e.g. from CreateEdgeOssPreSignedAddress. */
  readonly ossAddress: string;
}

/** One `required` switch of `ConfigCheckRule`. */
export interface ConfigRequirement {
  readonly required: boolean;
}

/** `ConfigCheckRule`: which configurations an edge instance must supply when it deploys the driver. */
export interface ConfigCheckRule {
  readonly deviceConfig?: ConfigRequirement;
  readonly driverConfig?: ConfigRequirement;
}

export type MappingPermission = "ro" | "rw";

export interface PortMapping {
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: "tcp" | "udp";
}

export interface DevMapping {
  /** Device path on the host, starting with /dev/. */
  readonly hostPath: string;
  readonly permission: MappingPermission;
  readonly comment?: string;
}

export interface VolumeMapping {
  readonly hostPath: string;
  readonly containerPath: string;
  readonly permission: MappingPermission;
}

/** `ContainerConfig`; the API's 0/1 integers are booleans here. */
export interface ContainerConfig {
  readonly privileged?: boolean;
  readonly hostNetworkMode?: boolean;
  readonly portMappings?: readonly PortMapping[];
  readonly devMappings?: readonly DevMapping[];
  readonly volumeMappings?: readonly VolumeMapping[];
}

/** The fields UpdateEdgeDriverVersion may change in place (IoT Platform API reference: UpdateEdgeDriverVersion): the version's content. */
export interface EdgeDriverVersionContent {
  readonly edgeVersion: string;
  readonly argument?: string;
  readonly description?: string;
  readonly sourceConfig?: SourceConfig;
  readonly driverConfig?: readonly DriverConfigEntry[];
  readonly configCheckRule?: ConfigCheckRule;
  readonly containerConfig?: ContainerConfig;
}

/** Names of the content fields, in wire order. */
export const CONTENT_FIELDS = [
  "edgeVersion",
  "argument",
  "description",
  "sourceConfig",
  "driverConfig",
  "configCheckRule",
  "containerConfig",
] as const satisfies readonly (keyof EdgeDriverVersionContent)[];

export type ContentField = (typeof CONTENT_FIELDS)[number];

/** Fields that name the version; changing any of them replaces the resource. */
export const IDENTITY_FIELDS = ["driverId", "driverVersion", "iotInstanceId"] as const;

/** Plain inputs of `EdgeDriverVersion`, as `check` returns them (normalised). */
export interface EdgeDriverVersionInputs extends EdgeDriverVersionContent {
  readonly driverId: string;
  readonly driverVersion: string;
  /** Omitted: the provider's `alicloud-iot:iotInstanceId` config (or none). */
  readonly iotInstanceId?: string;
  /** True: the version is published (ReleaseEdgeDriverVersion); it is then immutable. */
  readonly released?: boolean;
  /** True: `create` adopts a version that already exists with the same content. */
  readonly adoptExisting?: boolean;
}

/** Outputs of `EdgeDriverVersion`: the inputs as the cloud holds them, plus the publish state. */
export interface EdgeDriverVersionOutputs extends EdgeDriverVersionInputs {
  /** `"0"` not published, `"1"` published (the API's VersionState, IoT Platform API reference: GetEdgeDriverVersion). */
  readonly versionState: "0" | "1";
}

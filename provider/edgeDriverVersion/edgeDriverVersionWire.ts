import type { EdgeDriverVersionContent, EdgeDriverVersionInputs } from "./edgeDriverVersionTypes";
import { normalizeContent } from "./normalizeEdgeDriverVersion";

/**
 * Conversion between the typed model and the API's wire form (IoT Platform API reference:
 * CreateEdgeDriverVersion, GetEdgeDriverVersion): SourceConfig, DriverConfig, ConfigCheckRule and ContainerConfig travel as JSON
 * strings; ContainerConfig's switches are 0/1; DriverConfig is sent as an array, as in every vendor example (the table shows one object).
 */

/** The `Data` of GetEdgeDriverVersion (IoT Platform API reference: GetEdgeDriverVersion); every field may be missing. */
export interface EdgeDriverVersionData {
  DriverId?: string;
  DriverVersion?: string;
  EdgeVersion?: string;
  Description?: string;
  Argument?: string;
  SourceConfig?: string;
  DriverConfig?: string;
  ContainerConfig?: string;
  ConfigCheckRule?: string;
  /** `"0"` or `"1"`; the doc's examples also show numbers. */
  VersionState?: string | number;
  GmtCreateTimestamp?: number;
  GmtModifiedTimestamp?: number;
}

/**
 * Parameters of CreateEdgeDriverVersion / UpdateEdgeDriverVersion for canonical `inputs`. Update is
 * a full replace (IoT Platform API reference: UpdateEdgeDriverVersion): every content field is sent, and an absent one is cleared by omission.
 * IotInstanceId is omitted when not set, so the client adds the configured one.
 */
export function edgeDriverVersionParams(inputs: EdgeDriverVersionInputs): Record<string, string> {
  const params: Record<string, string> = {
    DriverId: inputs.driverId,
    DriverVersion: inputs.driverVersion,
    EdgeVersion: inputs.edgeVersion,
  };
  if (inputs.argument !== undefined) params.Argument = inputs.argument;
  if (inputs.description !== undefined) params.Description = inputs.description;
  if (inputs.sourceConfig !== undefined) params.SourceConfig = JSON.stringify(inputs.sourceConfig);
  if (inputs.driverConfig !== undefined) params.DriverConfig = JSON.stringify(inputs.driverConfig);
  if (inputs.configCheckRule !== undefined) params.ConfigCheckRule = JSON.stringify(inputs.configCheckRule);
  if (inputs.containerConfig !== undefined) {
    const c = inputs.containerConfig;
    params.ContainerConfig = JSON.stringify({
      privileged: c.privileged ? 1 : 0,
      hostNetworkMode: c.hostNetworkMode ? 1 : 0,
      portMappings: c.portMappings ?? [],
      devMappings: c.devMappings ?? [],
      volumeMappings: c.volumeMappings ?? [],
    });
  }
  if (inputs.iotInstanceId !== undefined) params.IotInstanceId = inputs.iotInstanceId;
  return params;
}

/**
 * The canonical content of a version as GetEdgeDriverVersion returns it. SourceConfig's
 * `temporaryOssAddress` (a 5-minute signed download link, IoT Platform API reference: GetEdgeDriverVersion) is dropped: it changes on every
 * read and carries an OSS signature, so it must not reach state. A JSON field that does not parse is
 * kept as its raw text, so it shows as drift instead of failing the refresh.
 */
export function edgeDriverVersionContentFromData(data: EdgeDriverVersionData): EdgeDriverVersionContent {
  return normalizeContent({
    edgeVersion: data.EdgeVersion ?? "",
    argument: data.Argument,
    description: data.Description,
    sourceConfig: parseJson(data.SourceConfig),
    driverConfig: parseJson(data.DriverConfig),
    configCheckRule: parseJson(data.ConfigCheckRule),
    containerConfig: parseJson(data.ContainerConfig),
  });
}

/** `"1"` when the version is published, else `"0"`. */
export function versionStateFromData(data: EdgeDriverVersionData): "0" | "1" {
  return String(data.VersionState ?? "0") === "1" ? "1" : "0";
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === null || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

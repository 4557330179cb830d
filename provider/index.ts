// Public API of pulumi-alicloud-iot: resources, functions, the client and its errors.
export { Echo, EchoArgs } from "./resources/Echo";
export { EdgeDriver, EdgeDriverArgs } from "./resources/EdgeDriver";
export { EdgeDriverVersion, EdgeDriverVersionArgs, ContainerConfigArgs, PortMappingArgs, DevMappingArgs, VolumeMappingArgs, DriverConfigEntryArgs } from "./resources/EdgeDriverVersion";
export { getEdgeDrivers, getEdgeDriversOutput, GetEdgeDriversArgs, GetEdgeDriversOutputArgs, GetEdgeDriversResult, GetEdgeDriversOptions, EdgeDriversNotFoundError, EdgeDriverInfo } from "./resources/getEdgeDrivers";
export type { EdgeDriverInputs, EdgeDriverOutputs } from "./internal/edgeDriverTypes";
export type { EdgeDriverVersionInputs, EdgeDriverVersionOutputs, ContainerConfig, DriverConfigEntry, PortMapping, DevMapping, VolumeMapping, SourceConfig, ConfigCheckRule } from "./internal/edgeDriverVersionTypes";
export { DeviceBatch, DeviceBatchArgs, DeviceSpecArgs } from "./resources/DeviceBatch";
export type { DeviceBatchInputs, DeviceBatchOutputs, RegisteredDevice, AuthType } from "./internal/deviceBatchTypes";
export { ThingsServiceInvocation, ThingsServiceInvocationArgs } from "./resources/ThingsServiceInvocation";
export type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs, JsonValue } from "./internal/thingsServiceInvocationTypes";
export { GatewayTopology, GatewayTopologyArgs, DeviceRefArgs } from "./resources/GatewayTopology";
export type { GatewayTopologyInputs, GatewayTopologyOutputs, AttachedSubDevice, TopoSignMethod, DeviceRef } from "./internal/gatewayTopologyTypes";

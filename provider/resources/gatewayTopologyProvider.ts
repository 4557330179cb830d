// Compatibility shim: state written by 0.1.0 stores require("pulumi-alicloud-iot/dist/provider/resources/gatewayTopologyProvider.js")
// in __provider, so refresh, update and destroy of that state load this path. Keep it.
export * from "../gatewayTopology/gatewayTopologyProvider";

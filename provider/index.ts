// Public API of pulumi-alicloud-iot: resources, functions, the client and its errors.
export { Echo, EchoArgs } from "./resources/Echo";

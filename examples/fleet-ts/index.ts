// The demo fleet (examples/demo/index.js) in TypeScript: the same declarations, typed. CI type-checks
// it against the package's declarations (examples/tsconfig.json, run by scripts/test). To deploy it,
// use it as the index.ts of a Pulumi TypeScript project with `pulumi-alicloud-iot` installed.
import * as pulumi from "@pulumi/pulumi";
import * as iot from "pulumi-alicloud-iot";

const cfg = new pulumi.Config();

const lampProduct = new iot.Product("lamps", { productName: "demo_lamps", nodeType: "device", description: "street lamps of the demo fleet" });
const gatewayProduct = new iot.Product("gateways", { productName: "demo_gateways", nodeType: "gateway", netType: "ETHERNET" });

const timeReset: iot.TslService = {
  identifier: "TimeReset",
  name: "Time reset",
  inputData: [{ identifier: "zone", name: "Time zone", dataType: { type: "text", specs: { length: 16 } } }],
};
const lampModel = new iot.ThingModel("lamps-model", {
  productKey: lampProduct.productKey,
  properties: [{ identifier: "Brightness", name: "Brightness", accessMode: "rw", dataType: { type: "int", specs: { min: 0, max: 100, unit: "%" } } }],
  services: [timeReset],
  events: [{ identifier: "LampFailure", name: "Lamp failure", type: "error", outputData: [{ identifier: "code", name: "Code", dataType: { type: "int" } }] }],
});

const driver = new iot.EdgeDriver("demo-driver", { driverName: "DemoLed", driverProtocol: "customize", runtime: "python3" });
const driverVersion = new iot.EdgeDriverVersion("demo-driver-1-0-0", {
  driverId: driver.driverId,
  driverVersion: "1.0.0",
  edgeVersion: "2.4.0",
  description: "demo LED driver",
  containerConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] },
});

const lampCount = Number(cfg.get("lampCount") || 2500);
const lamps = Array.from({ length: lampCount }, (_, i) => `lamp-${String(i + 1).padStart(5, "0")}`);
const lights = new iot.DeviceBatch("lights", {
  productKey: lampProduct.productKey,
  devices: [...lamps, { name: "lobby-main", nickname: "大堂主灯" }],
});

const gateways = new iot.DeviceBatch("gateways", { productKey: gatewayProduct.productKey, devices: ["gw-lobby"] });
const topology = new iot.GatewayTopology("gw-lobby-topology", {
  gateway: { productKey: gateways.productKey, deviceName: gateways.iotIds.apply(() => "gw-lobby") },
  subDevices: pulumi.all([lights.productKey, lights.iotIds]).apply(([productKey, t]) =>
    Object.keys(JSON.parse(t) as Record<string, string>).filter((n) => n.startsWith("lamp-")).slice(0, 25).map((deviceName) => ({ productKey, deviceName }))),
});
const timeSync = new iot.ThingsServiceInvocation("time-sync", {
  productKey: lights.productKey,
  identifier: "TimeReset",
  args: { zone: "UTC+8" },
  devices: lights.iotIds.apply((t) => Object.keys(JSON.parse(t) as Record<string, string>)),
  thingModel: { services: lampModel.services },
  triggers: [cfg.get("timeSyncRevision") || "1"],
});

export const productKey = lampProduct.productKey;
export const gatewayProductKey = gatewayProduct.productKey;
export const services = lampModel.serviceIdentifiers;
export const edgeDriverVersion = driverVersion.id;
export const attachedToGateway = topology.subDeviceCount;
export const timeSyncDevices = timeSync.invokedDevices;
export const deviceCount = lights.deviceCount;
export const lobbyIotId = lights.iotId("lobby-main");
export const lobbySecret = lights.deviceSecret("lobby-main"); // looked up at `up` (not stored), stays [secret]
export const edgeDrivers = iot.getEdgeDriversOutput({ driverIds: [driver.driverId] }).drivers.apply((ds) => ds.map((d) => d.driverName));

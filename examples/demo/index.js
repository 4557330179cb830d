// The demo fleet `npm start` deploys against the local IoT emulator (see README), from declarations
// alone: products, their thing model, devices, a gateway topology and a service invocation.
// Stack config: alicloud-iot:* (endpoint, region, credentials), set by scripts/start.js.
// examples/fleet-ts/index.ts is the same program in TypeScript.
"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");

const cfg = new pulumi.Config();

// The products: lamps (devices with a thing model) and the gateways they hang off.
const lampProduct = new iot.Product("lamps", { productName: "demo_lamps", nodeType: "device", description: "street lamps of the demo fleet" });
const gatewayProduct = new iot.Product("gateways", { productName: "demo_gateways", nodeType: "gateway", netType: "ETHERNET" });

// The lamps' thing model (TSL), imported and published as a whole. Its services are what
// ThingsServiceInvocation may call; a typo in an identifier fails the preview.
const lampModel = new iot.ThingModel("lamps-model", {
  productKey: lampProduct.productKey,
  properties: [{ identifier: "Brightness", name: "Brightness", accessMode: "rw", dataType: { type: "int", specs: { min: 0, max: 100, unit: "%" } } }],
  services: [{ identifier: "TimeReset", name: "Time reset", inputData: [{ identifier: "zone", name: "Time zone", dataType: { type: "text", specs: { length: 16 } } }] }],
  events: [{ identifier: "LampFailure", name: "Lamp failure", type: "error", outputData: [{ identifier: "code", name: "Code", dataType: { type: "int" } }] }],
});

// A Link IoT Edge driver and its first version. Bumping driverVersion replaces the version
// (create-before-delete); changing its content updates it in place.
const driver = new iot.EdgeDriver("demo-driver", { driverName: "DemoLed", driverProtocol: "customize", runtime: "python3" });
const driverVersion = new iot.EdgeDriverVersion("demo-driver-1-0-0", {
  driverId: driver.driverId,
  driverVersion: "1.0.0",
  edgeVersion: "2.4.0",
  description: "demo LED driver",
  containerConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] },
});

// A fleet of custom-named devices, registered in chunks at the account's quotas. The list is
// normalised into a map keyed by name, so adding or removing a lamp previews as exactly that lamp.
const lampCount = Number(cfg.get("lampCount") || 2500);
const lamps = Array.from({ length: lampCount }, (_, i) => `lamp-${String(i + 1).padStart(5, "0")}`);
const lights = new iot.DeviceBatch("lights", {
  productKey: lampProduct.productKey,
  devices: [...lamps, { name: "lobby-main", nickname: "大堂主灯" }],
});

// A gateway with the first 25 lamps attached as sub-devices (BatchAddThingTopo, 10 per call), and a
// service of the thing model invoked on every lamp (InvokeThingsService, 100 per call), checked
// against the model at preview. Using the outputs orders each step after the one it needs.
const gateways = new iot.DeviceBatch("gateways", { productKey: gatewayProduct.productKey, devices: ["gw-lobby"] });
const topology = new iot.GatewayTopology("gw-lobby-topology", {
  gateway: { productKey: gateways.productKey, deviceName: gateways.iotIds.apply(() => "gw-lobby") },
  // iotIds is one JSON text keyed by DeviceName (compact for big fleets); parse it to list every device.
  subDevices: pulumi.all([lights.productKey, lights.iotIds]).apply(([productKey, t]) =>
    Object.keys(JSON.parse(t)).filter((n) => n.startsWith("lamp-")).slice(0, 25).map((deviceName) => ({ productKey, deviceName }))),
});
const timeSync = new iot.ThingsServiceInvocation("time-sync", {
  productKey: lights.productKey,
  identifier: "TimeReset",
  args: { zone: "UTC+8" },
  devices: lights.iotIds.apply((t) => Object.keys(JSON.parse(t))),
  thingModel: { services: lampModel.services },
  triggers: [cfg.get("timeSyncRevision") || "1"],
});

exports.productKey = lampProduct.productKey;
exports.gatewayProductKey = gatewayProduct.productKey;
exports.services = lampModel.serviceIdentifiers;
exports.edgeDriverVersion = driverVersion.id;
exports.attachedToGateway = topology.subDeviceCount;
exports.timeSyncDevices = timeSync.invokedDevices;
exports.deviceCount = lights.deviceCount;
exports.lobbyIotId = lights.iotId("lobby-main");
exports.lobbySecret = lights.deviceSecret("lobby-main"); // looked up at `up` (not stored), stays [secret]
exports.edgeDrivers = iot.getEdgeDriversOutput({ driverIds: [driver.driverId] }).drivers.apply((ds) => ds.map((d) => d.driverName));

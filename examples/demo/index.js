// The demo fleet `npm start` deploys against the local IoT emulator (see README).
// Stack config: alicloud-iot:* (endpoint, region, credentials), demo:productKey (a device product)
// and demo:gatewayProductKey (a gateway product), set by scripts/start.js.
"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");

const cfg = new pulumi.Config();

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
  productKey: cfg.require("productKey"),
  devices: [...lamps, { name: "lobby-main", nickname: "大堂主灯" }],
});

// A gateway with the first 25 lamps attached as sub-devices (BatchAddThingTopo, 10 per call), and a
// service invoked on every lamp (InvokeThingsService, 100 per call). Using the batches' outputs
// orders these after the devices exist.
const gateways = new iot.DeviceBatch("gateways", { productKey: cfg.require("gatewayProductKey"), devices: ["gw-lobby"] });
const topology = new iot.GatewayTopology("gw-lobby-topology", {
  gateway: { productKey: gateways.productKey, deviceName: gateways.devices.apply(() => "gw-lobby") },
  subDevices: lights.devices.apply((d) => Object.keys(d).filter((n) => n.startsWith("lamp-")).slice(0, 25).map((deviceName) => ({ productKey: cfg.require("productKey"), deviceName }))),
});
const timeSync = new iot.ThingsServiceInvocation("time-sync", {
  productKey: lights.productKey,
  identifier: "TimeReset",
  args: { zone: "UTC+8" },
  devices: lights.devices.apply(Object.keys),
  triggers: [cfg.get("timeSyncRevision") || "1"],
});

exports.edgeDriverVersion = driverVersion.id;
exports.attachedToGateway = topology.subDeviceCount;
exports.timeSyncDevices = timeSync.invokedDevices;
exports.deviceCount = lights.deviceCount;
exports.lobbyIotId = lights.devices.apply((d) => d["lobby-main"].iotId);
exports.lobbySecret = lights.deviceSecrets.apply((s) => s["lobby-main"]); // stays [secret]
exports.edgeDrivers = iot.getEdgeDriversOutput({ driverIds: [driver.driverId] }).drivers.apply((ds) => ds.map((d) => d.driverName));
exports.productKey = cfg.require("productKey");

// The demo fleet `npm start` deploys against the local IoT emulator (see README).
// Stack config: alicloud-iot:* (endpoint, region, credentials) and demo:productKey, set by scripts/start.js.
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

exports.edgeDriverVersion = driverVersion.id;
exports.edgeDrivers = iot.getEdgeDriversOutput({ driverIds: [driver.driverId] }).drivers.apply((ds) => ds.map((d) => d.driverName));
exports.productKey = cfg.require("productKey");

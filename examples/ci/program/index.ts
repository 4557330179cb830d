// The fleet the CI/CD examples deploy: an edge driver with one version and a batch of devices.
// Stack config: alicloud-iot:* (endpoint, region, credentials) and fleet:productKey.
import * as pulumi from "@pulumi/pulumi";
import * as iot from "pulumi-alicloud-iot";

const cfg = new pulumi.Config("fleet");
const lampCount = cfg.getNumber("lampCount") ?? 50;

const driver = new iot.EdgeDriver("led-driver", { driverName: "CiLed", driverProtocol: "customize", runtime: "python3" });
new iot.EdgeDriverVersion("led-driver-1-0-0", {
  driverId: driver.driverId,
  driverVersion: "1.0.0",
  edgeVersion: "2.4.0",
  description: "LED driver deployed from CI",
});

const lights = new iot.DeviceBatch("lights", {
  productKey: cfg.require("productKey"),
  devices: Array.from({ length: lampCount }, (_, i) => `lamp-${String(i + 1).padStart(4, "0")}`),
});

export const deviceCount = lights.deviceCount;

import type { DriverVersionFields } from "../rules/edgeDriver";
import type { ThingModelDefinition } from "../../provider/thingModel/thingModelTypes";

/**
 * The seed format (`--seed FILE`, `POST /_emulator/seed`): the fixtures of a fleet that the emulator
 * creates at start-up, before it accepts requests. Validated as a whole before anything is created;
 * every problem names its path in the document (`products[1].devices[3]`), the value and the rule.
 *
 *   account: default                 # optional: the account whose resources these are
 *   iotInstanceId: iot-cn-…          # optional: an instance given with --instance
 *   products:
 *     - name: fleet-gateways         # ProductName rule of CreateProduct
 *       productKey: a1FleetGw01      # optional: a fixed ProductKey (11 letters/digits); else generated
 *       nodeType: gateway            # gateway | device (or 1 | 0)
 *       authType: secret             # secret (default) | id2 | x509
 *       thingModel:                  # optional: published as the product's thing model (ThingModel's shape)
 *         services: [ { identifier: TimeReset, inputData: [ { identifier: zone, dataType: { type: text, specs: { length: 16 } } } ] } ]
 *       devices:
 *         - gw-0001                                   # a name
 *         - { name: gw-0002, nickname: Hall_B }       # a name and nickname
 *         - { prefix: gw-, start: 3, count: 8, digits: 4 }   # gw-0003 … gw-0010
 *   drivers:
 *     - name: ModbusDriver           # CreateEdgeDriver rules
 *       protocol: modbus
 *       runtime: nodejs8
 *       versions:
 *         - { version: "1.0.0", edgeVersion: "2.4.0", released: true, containerConfig: { privileged: 1 } }
 *   topology:
 *     - gateway: fleet-gateways/gw-0001
 *       subDevices: [ fleet-sensors/sensor-0001, { product: fleet-sensors, prefix: sensor-, start: 2, count: 119, digits: 4 } ]
 */

export interface SeedDevice {
  name: string;
  nickname?: string;
}

export interface SeedProduct {
  name: string;
  /** A fixed ProductKey (so a program's config can name it); generated when absent. */
  productKey?: string;
  nodeType: 0 | 1;
  authType: "secret" | "id2" | "x509";
  dataFormat: 0 | 1;
  description?: string;
  /** Published as the product's thing model (the ThingModel resource's rules). */
  thingModel?: ThingModelDefinition;
  devices: SeedDevice[];
}

export interface SeedDriverVersion {
  fields: DriverVersionFields;
  released: boolean;
}

export interface SeedDriver {
  name: string;
  protocol: string;
  runtime: string;
  cpuArch?: string;
  versions: SeedDriverVersion[];
}

export interface SeedDeviceRef {
  product: string;
  device: string;
}

export interface SeedTopology {
  gateway: SeedDeviceRef;
  subDevices: SeedDeviceRef[];
}

export interface SeedSpec {
  account?: string;
  iotInstanceId?: string;
  products: SeedProduct[];
  drivers: SeedDriver[];
  topology: SeedTopology[];
}

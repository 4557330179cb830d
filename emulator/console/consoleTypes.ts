// The JSON the console's endpoints answer (GET /_emulator/console/*): one declaration for the
// server side (emulator/console/*.ts) and the browser code (emulator/ui/src/, a separate build that
// imports these types only). No imports here, so both builds can read this file.

/** A product in the overview. */
export interface ProductSummary {
  scope: string;
  productKey: string;
  productName: string;
  nodeType: "gateway" | "device";
  authType: string;
  devices: number;
  gmtCreate: string;
}

/** A gateway that holds sub-devices, in the overview. */
export interface GatewaySummary {
  scope: string;
  productKey: string;
  productName: string;
  deviceName: string;
  subDevices: number;
}

/** An edge driver and its versions, in the overview. */
export interface DriverSummary {
  scope: string;
  driverId: string;
  driverName: string;
  protocol: string;
  runtime: string;
  cpuArch: string | null;
  versions: { driverVersion: string; edgeVersion: string; state: "released" | "draft"; description: string | null; gmtModified: string }[];
}

/** GET /_emulator/console/overview. */
export interface Overview {
  now: string;
  counts: { products: number; devices: number; drivers: number; driverVersions: number };
  settings: { acceptAnyCredentials: boolean; dataDir: string | null; region: string; accessKeyId: string };
  products: ProductSummary[];
  drivers: DriverSummary[];
  gateways: GatewaySummary[];
  invocations: number;
}

/** One device of a device page. */
export interface DeviceRow {
  deviceName: string;
  nickname: string | null;
  iotId: string;
  status: string;
  gmtCreate: string;
  gateway: string | null;
  subDevices: number;
}

/** GET /_emulator/console/devices. */
export interface DevicePage {
  productKey: string;
  productName: string;
  total: number;
  matched: number;
  page: number;
  pageSize: number;
  rows: DeviceRow[];
}

/** GET /_emulator/console/topology: one gateway and its sub-devices as a graph. */
export interface TopologyView {
  gateway: { id: string; label: string; product: string };
  nodes: { id: string; label: string; product: string; nickname: string | null }[];
  edges: { source: string; target: string }[];
}

/** One action of the quota view: its quota (null: unlimited), counters and per-second series. */
export interface QuotaAction {
  action: string;
  qps: number | null;
  calls?: number;
  throttled?: number;
  errors?: number;
  maxCallsInAnyOneSecondWindow?: number;
  callsByAccessKeyId?: Record<string, number>;
  series: { seconds: number[]; calls: number[]; throttled: number[] };
}

/** GET /_emulator/console/quota. */
export interface QuotaView {
  now: string;
  nowMs: number;
  windowMs: number;
  actions: QuotaAction[];
}

/** Shapes of the console endpoints (emulator/console/*.ts). */
export interface ProductSummary {
  scope: string;
  productKey: string;
  productName: string;
  nodeType: "gateway" | "device";
  authType: string;
  devices: number;
}

export interface GatewaySummary {
  scope: string;
  productKey: string;
  productName: string;
  deviceName: string;
  subDevices: number;
}

export interface DriverSummary {
  driverId: string;
  driverName: string;
  protocol: string;
  runtime: string;
  cpuArch: string | null;
  versions: { driverVersion: string; edgeVersion: string; state: "released" | "draft" }[];
}

export interface Overview {
  now: string;
  counts: { products: number; devices: number; drivers: number; driverVersions: number };
  settings: { acceptAnyCredentials: boolean; dataDir: string | null; region: string; accessKeyId: string };
  products: ProductSummary[];
  drivers: DriverSummary[];
  gateways: GatewaySummary[];
  invocations: number;
}

export interface DevicePage {
  productKey: string;
  productName: string;
  total: number;
  matched: number;
  page: number;
  pageSize: number;
  rows: { deviceName: string; nickname: string | null; iotId: string; status: string; gmtCreate: string; gateway: string | null; subDevices: number }[];
}

export interface TopologyView {
  gateway: { id: string; label: string; product: string };
  nodes: { id: string; label: string; product: string; nickname: string | null }[];
  edges: { source: string; target: string }[];
}

export interface QuotaAction {
  action: string;
  qps: number | null;
  calls?: number;
  throttled?: number;
  errors?: number;
  maxCallsInAnyOneSecondWindow?: number;
  series: { seconds: number[]; calls: number[]; throttled: number[] };
}

export interface QuotaView {
  nowMs: number;
  actions: QuotaAction[];
}

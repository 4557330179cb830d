// The console endpoints' JSON, declared once beside the server code that answers it.
export type { DevicePage, DeviceRow, DriverSummary, GatewaySummary, Overview, ProductSummary, QuotaAction, QuotaView, TopologyView } from "../../console/consoleTypes";

/**
 * Actions that a second execution would repeat: no dedupe token exists (IoT Platform API reference: CreateEdgeDriver, BatchCheckDeviceNames, InvokeThingsService), so a retry
 * after an unknown outcome (a reset or timeout after sending, HTTP 500/502/504) could create a second
 * driver or device batch, or deliver a service call twice. These are retried only when the error
 * proves the request was not executed (classifyError.ts `wasNotExecuted`). CreateEdgeDriverVersion is
 * not listed: a repeat fails on the unique DriverVersion instead of duplicating (IoT Platform API reference: CreateEdgeDriverVersion).
 */
export const NON_IDEMPOTENT_ACTIONS: ReadonlySet<string> = new Set([
  "CreateProduct",
  "CreateEdgeDriver",
  "BatchRegisterDevice",
  "NotifyAddThingTopo",
  "InvokeThingsService",
  "InvokeThingService",
]);

import { limitsFor } from "../../provider/limits";
import { BusinessError, missing } from "../errors";
import { int, list, reqStr } from "../http/params";
import { checkInvocationAgainstModel } from "../../provider/thingsServiceInvocation/thingsServiceInvocationModelCheck";
import { getProduct, HandlerContext, jsonObjectParam } from "./context";
import { publishedModel } from "./thingModel";

/**
 * InvokeThingsService (IoT Platform API reference: InvokeThingsService): one service on up to 100 devices,
 * always asynchronous. Accepted calls are recorded (GET /_emulator/invocations, or `invocations()`
 * on the in-process handle) — that record is what tests assert on, since the real service only
 * delivers the calls to devices.
 *
 * Strict readings: every named device must exist in the product (iot.device.NotExistedDevice);
 * `Args` must be a JSON object; `Identifier` must look like `service` or `module:service`.
 *
 * Against the thing model: once the product has a published model (PublishThingModel), the
 * identifier must be a service it defines and `Args` must fit the service's input parameters
 * (provider/thingsServiceInvocation/thingsServiceInvocationModelCheck.ts, the rules ThingsServiceInvocation's
 * check() applies at preview). A refusal answers `iot.device.InvokeThingServiceFailed`: the pages
 * document that code for a failed invocation but no code for an undefined service (strict
 * reading, docs/emulator.md fidelity notes). A product that never published a model accepts any
 * identifier (the emulator's leniency, also listed there). Not implemented: device replies.
 */

const IDENTIFIER_RE = /^[A-Za-z0-9_]{1,50}(:[A-Za-z0-9_]{1,50})?$/;

export function InvokeThingsService(ctx: HandlerContext): Record<string, unknown> {
  const p = ctx.params;
  const productKey = reqStr(p, "ProductKey");
  const names = list(p, "DeviceName");
  if (!names.length) throw missing("DeviceName.1");
  const identifier = reqStr(p, "Identifier");
  const argsText = reqStr(p, "Args");
  const max = limitsFor("InvokeThingsService").maxItems ?? 100;
  if (names.length > max) throw BusinessError.of("iot.common.InvalidParam", `at most ${max} DeviceName.N, got ${names.length}`);
  if (!IDENTIFIER_RE.test(identifier)) throw BusinessError.of("iot.common.InvalidParam", `Identifier ${identifier} is not a service identifier (service or module:service)`);
  const args = jsonObjectParam(argsText, "iot.device.InvokeThingServiceFailed", { notJson: "Args is not JSON", notObject: "Args must be a JSON object ({} when the service has no inputs)" });
  const qos = int(p, "Qos");
  if (qos !== undefined && qos !== 0 && qos !== 1) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for Qos: ${qos}. Allowed values are: 0, 1.`);
  const product = getProduct(ctx, productKey);
  const model = publishedModel(product);
  if (model !== undefined) {
    const failures = checkInvocationAgainstModel(identifier, args, model.services);
    if (failures.length > 0) throw BusinessError.of("iot.device.InvokeThingServiceFailed", failures.map((f) => f.reason).join("; "));
  }
  for (const n of names) if (!product.devices.has(n)) throw BusinessError.of("iot.device.NotExistedDevice", `${productKey}/${n}`);
  ctx.recordInvocation({
    requestId: ctx.requestId,
    action: ctx.action,
    at: new Date(ctx.now).toISOString(),
    account: ctx.account,
    iotInstanceId: ctx.iotInstanceId ?? null,
    productKey,
    deviceNames: names,
    identifier,
    args,
    qos: qos ?? null,
  });
  return {};
}

import type * as http from "http";
import { BusinessError, GatewayError } from "../errors";
import { type Format, renderBusinessError, renderGatewayError } from "./render";
import { sendRendered } from "./sendRendered";
import type { EmulatorServer } from "./server";

/** What is known of an API call when it fails: the action once identified, the format to answer in. */
export interface CallInfo {
  readonly requestId: string;
  readonly hostId: string;
  format: Format;
  action: string | undefined;
}

/**
 * Answers a failed API call and counts it: a BusinessError as `Success:false` (HTTP 200) once what
 * committed before it is durable, a GatewayError with its status, anything else as InternalError
 * (logged). Throttling answers also go to the console's rate history.
 */
export async function answerError(server: EmulatorServer, res: http.ServerResponse, e: unknown, call: CallInfo): Promise<void> {
  const { action, requestId, hostId, format } = call;
  if (e instanceof BusinessError) {
    if (action) {
      server.stats.error(action, e.code);
      if (e.code === "iot.common.HighFrequentDeny") server.rates.throttled(action, server.clock.now());
    }
    try {
      await server.durable(); // async jobs finished before the error may have committed
    } catch {
      return sendRendered(res, requestId, renderGatewayError(requestId, hostId, GatewayError.of("InternalError"), format));
    }
    return sendRendered(res, requestId, renderBusinessError(action ?? "Unknown", requestId, e, format));
  }
  const ge = e instanceof GatewayError ? e : GatewayError.of("InternalError");
  if (!(e instanceof GatewayError)) server.opts.log(`internal error on ${action ?? "?"}: ${(e as Error).stack ?? String(e)}`);
  if (action) {
    server.stats.error(action, ge.code);
    if (ge.code.startsWith("Throttling")) server.rates.throttled(action, server.clock.now());
  }
  sendRendered(res, requestId, renderGatewayError(requestId, hostId, ge, format));
}

import { IotApiError } from "../errors/IotApiError";
import { redactSecrets } from "../errors/redactSecrets";

/** `Code` values that mean success: Link IoT Edge operations send `Code: "Success"` (IoT Platform API reference: CreateEdgeDriver examples; pop-core's list). */
export const SUCCESS_CODES: ReadonlySet<string> = new Set(["Success", "success", "OK", "200"]);

/** One HTTP response as the transport saw it. */
export interface RawResponse {
  readonly action: string;
  readonly status: number;
  /** The body text, unparsed. */
  readonly body: string;
  /** `x-acs-request-id`, used when the body has no RequestId. */
  readonly requestIdHeader?: string;
  /** Values to scrub from any server text copied into an error. */
  readonly secrets: ReadonlyArray<string | undefined>;
}

/**
 * Turns a response into the JSON body, or throws an {@link IotApiError} (IoT Platform API reference: Common parameters):
 * - non-2xx → `gateway` error from `{Code, Message, RequestId}`;
 * - 2xx with `Success: false`, or with a `Code` not in {@link SUCCESS_CODES} and no `Success: true`
 *   → `business` error from `{Code, ErrorMessage}`;
 * - a body that is not a JSON object → `protocol` error (`InvalidResponse` on 2xx, `HTTP<status>` else).
 */
export function parseResponse(raw: RawResponse): Record<string, unknown> & { RequestId?: string } {
  const ok = raw.status >= 200 && raw.status < 300;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.body);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new IotApiError({
      action: raw.action,
      code: ok ? "InvalidResponse" : `HTTP${raw.status}`,
      apiMessage: `HTTP ${raw.status} with a body that is not a JSON object`,
      kind: "protocol",
      requestId: raw.requestIdHeader,
      httpStatus: raw.status,
    });
  }
  const body = parsed as Record<string, unknown>;
  const requestId = stringOf(body.RequestId) ?? raw.requestIdHeader;
  const code = stringOf(body.Code);
  const text = (fallback: string): string => redactSecrets(stringOf(body.Message) ?? stringOf(body.ErrorMessage) ?? fallback, raw.secrets);

  if (!ok) {
    throw new IotApiError({
      action: raw.action,
      code: code ?? `HTTP${raw.status}`,
      apiMessage: text(`HTTP ${raw.status}`),
      kind: "gateway",
      requestId,
      httpStatus: raw.status,
    });
  }
  const failed =
    body.Success === false || body.Success === "false" || (body.Success !== true && code !== undefined && !SUCCESS_CODES.has(code));
  if (failed) {
    const businessText = redactSecrets(stringOf(body.ErrorMessage) ?? stringOf(body.Message) ?? "no error message", raw.secrets);
    throw new IotApiError({
      action: raw.action,
      code: code ?? "UnknownError",
      apiMessage: businessText,
      kind: "business",
      requestId,
      httpStatus: raw.status,
    });
  }
  return body as Record<string, unknown> & { RequestId?: string };
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

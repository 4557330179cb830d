import type * as http from "http";
import { newParams, parseUrlEncoded, type Params } from "./params";
import type { Format } from "./render";

/**
 * The parameters of an API request: the query string, plus a form-encoded body's fields (which win),
 * and the response format as far as it can be told before the request is identified (for the
 * errors of malformed requests).
 */
export function parseApiRequest(headers: http.IncomingHttpHeaders, rawQuery: string, body: Buffer): { query: Params; params: Params; format: Format } {
  const query = parseUrlEncoded(rawQuery, newParams());
  const params = Object.assign(newParams(), query);
  const ct = headers["content-type"] ?? "";
  if (body.length && ct.toLowerCase().startsWith("application/x-www-form-urlencoded")) parseUrlEncoded(body.toString("utf8"), params);
  return { query, params, format: guessFormat(params, headers) };
}

/** The response format before the request is fully identified (errors of malformed requests). */
function guessFormat(params: Record<string, string>, headers: http.IncomingHttpHeaders): Format {
  const f = params.Format;
  if (f !== undefined) return f.toUpperCase() === "JSON" ? "JSON" : "XML";
  if (headers.authorization || headers["x-acs-action"]) return "JSON";
  return params.Action !== undefined ? "XML" : "JSON";
}

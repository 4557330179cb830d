import type { BusinessError, GatewayError } from "../errors";

/**
 * The response envelope (IoT Platform API reference: Common parameters), in JSON or — when a v1 request asks for it or omits `Format`,
 * whose documented default is XML — in XML:
 *  - success: `{RequestId, ...fields, Success:true}` plus `Code:"Success"` for Link IoT Edge actions;
 *  - business error (HTTP 200): `{RequestId, Success:false, Code, ErrorMessage, Data?}`;
 *  - gateway error (HTTP 4xx/5xx): `{RequestId, HostId, Code, Message, Recommend}`, XML root `<Error>`.
 * Fields whose value is undefined are left out.
 */

export type Format = "JSON" | "XML";

export interface Rendered {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const JSON_TYPE = "application/json;charset=utf-8";
const XML_TYPE = "text/xml;charset=utf-8";

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string);
}

function xmlValue(name: string, v: unknown, out: string[]): void {
  if (v === undefined || v === null) return;
  if (Array.isArray(v)) {
    for (const item of v) xmlValue(name, item, out);
    return;
  }
  out.push(`<${name}>`);
  if (typeof v === "object") {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) xmlValue(k, x, out);
  } else {
    out.push(escapeXml(String(v)));
  }
  out.push(`</${name}>`);
}

/** `{…}` as `<root>…</root>`; lists become repeated elements. */
export function toXml(root: string, obj: Record<string, unknown>): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  xmlValue(root, obj, out);
  return out.join("");
}

function render(status: number, root: string, obj: Record<string, unknown>, format: Format): Rendered {
  if (format === "XML") return { status, contentType: XML_TYPE, body: toXml(root, obj) };
  return { status, contentType: JSON_TYPE, body: JSON.stringify(obj) };
}

export function renderSuccess(action: string, requestId: string, fields: Record<string, unknown>, edge: boolean, format: Format): Rendered {
  const body: Record<string, unknown> = { RequestId: requestId, ...fields, Success: true };
  if (edge) body.Code = "Success";
  return render(200, `${action}Response`, body, format);
}

export function renderBusinessError(action: string, requestId: string, e: BusinessError, format: Format): Rendered {
  const body: Record<string, unknown> = { RequestId: requestId, Success: false, Code: e.code, ErrorMessage: e.message };
  if (e.data !== undefined) body.Data = e.data;
  return render(200, `${action}Response`, body, format);
}

export function renderGatewayError(requestId: string, hostId: string, e: GatewayError, format: Format): Rendered {
  const body = {
    RequestId: requestId,
    HostId: hostId,
    Code: e.code,
    Message: e.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=Iot`,
  };
  return render(e.httpStatus, "Error", body, format);
}

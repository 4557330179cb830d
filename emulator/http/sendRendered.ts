import type * as http from "http";
import type { Rendered } from "./render";

/** Writes a rendered envelope with the request id header; a response already sent or destroyed is left alone. */
export function sendRendered(res: http.ServerResponse, requestId: string, r: Rendered): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.status, {
    "content-type": r.contentType,
    "content-length": Buffer.byteLength(r.body),
    "x-acs-request-id": requestId,
  });
  res.end(r.body);
}

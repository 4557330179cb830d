import type * as http from "http";
import { ACTION_LIMITS, limitsFor } from "../../provider/limits";
import { FaultSpec, FaultSpecError } from "./faults";
import { ACTIONS } from "../handlers/index";
import { advanceJobs } from "../state/jobs";
import type { EmulatorServer } from "./server";

/**
 * Unsigned test hooks under `/_emulator/` (like moto's `/moto-api/`). All answer JSON.
 *
 *   GET    /_emulator/health               {status:"ok"}
 *   GET    /_emulator/stats[?gc=1]         per-action calls/throttled/errors/maxCallsInAnyOneSecondWindow/callsByAccessKeyId, lastCallAt, store counts, memory
 *
 * Bodies are JSON; a malformed one (not JSON, `null`, a list where an object belongs, `[null]`) is
 * answered 400 with a message, and nothing is applied.
 *   POST   /_emulator/reset[?scope=…]      scope = all (default) or a comma list of stats, faults, invocations, throttle, nonces, state
 *   GET    /_emulator/faults               active faults
 *   POST   /_emulator/faults               add a fault (object or list of objects; see faults.ts)
 *   DELETE /_emulator/faults[/<id>]        remove all faults, or one
 *   GET    /_emulator/invocations          recorded InvokeThingsService calls (?productKey=&identifier= filter)
 *   DELETE /_emulator/invocations          forget them
 *   GET    /_emulator/clock                {now, offsetMs}
 *   POST   /_emulator/clock                {advanceMs} or {offsetMs}: move the emulator's clock (async jobs, quotas, time checks)
 *   GET    /_emulator/limits               effective QPS and item limits per Action
 */

const RESET_SCOPES = ["stats", "faults", "invocations", "throttle", "nonces", "state"] as const;
type ResetScope = (typeof RESET_SCOPES)[number];

export function resetScopes(server: EmulatorServer, scopes: readonly ResetScope[]): void {
  const now = server.clock.now();
  for (const s of scopes) {
    switch (s) {
      case "stats":
        server.stats.reset(now);
        server.rates.reset();
        break;
      case "faults":
        server.faults.clear();
        break;
      case "invocations":
        server.invocations.length = 0;
        break;
      case "throttle":
        server.throttle.reset();
        break;
      case "nonces":
        server.nonces.clear();
        break;
      case "state":
        server.store.commit({ op: "reset" });
        break;
    }
  }
}

export function parseResetScopes(text: string | undefined): ResetScope[] {
  if (!text || text === "all") return [...RESET_SCOPES];
  const parts = text.split(",").map((s) => s.trim()).filter(Boolean);
  for (const p of parts) if (!(RESET_SCOPES as readonly string[]).includes(p) && p !== "all") throw new FaultSpecError(`unknown reset scope ${p}; use all or ${RESET_SCOPES.join(", ")}`);
  return parts.includes("all") ? [...RESET_SCOPES] : (parts as ResetScope[]);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function parseBody(body: Buffer): unknown {
  if (!body.length) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw new FaultSpecError(`the body is not JSON: ${(e as Error).message}`);
  }
}

/** The body as a JSON object (an empty body is `{}`); anything else is a 400 naming what came. */
function parseObjectBody(body: Buffer, what: string): Record<string, unknown> {
  const b = parseBody(body);
  if (b === null || typeof b !== "object" || Array.isArray(b)) throw new FaultSpecError(`${what} must be a JSON object, got ${describeJson(b)}`);
  return b as Record<string, unknown>;
}

function describeJson(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}

/** One admin request, parsed. */
interface AdminRequest {
  server: EmulatorServer;
  res: http.ServerResponse;
  method: string;
  pathname: string;
  query: URLSearchParams;
  body: Buffer;
}

export async function handleAdmin(server: EmulatorServer, req: http.IncomingMessage, res: http.ServerResponse, pathname: string, rawQuery: string, body: Buffer): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  try {
    await route({ server, res, method, pathname, query: new URLSearchParams(rawQuery), body });
  } catch (e) {
    if (e instanceof FaultSpecError) return json(res, 400, { error: e.message });
    // Never leave an admin request unanswered: an unexpected error is a 500 with its message.
    server.opts.log(`admin error on ${method} ${pathname}: ${(e as Error).stack ?? String(e)}`);
    if (!res.headersSent) return json(res, 500, { error: `internal error: ${(e as Error).message ?? String(e)}` });
    res.destroy();
  }
}

/** The routes of the module comment; anything else is a 404. */
async function route(r: AdminRequest): Promise<void> {
  const { method } = r;
  const path = r.pathname.replace(/\/+$/, "");
  if (path === "/_emulator/health" && method === "GET") return json(r.res, 200, { status: "ok" });
  if (path === "/_emulator/stats" && method === "GET") return stats(r);
  if (path === "/_emulator/reset" && method === "POST") return reset(r);
  if (path === "/_emulator/faults" && (method === "GET" || method === "DELETE" || method === "POST")) return faults(r);
  const faultId = /^\/_emulator\/faults\/(\d+)$/.exec(path);
  if (faultId && method === "DELETE") {
    const ok = r.server.faults.remove(Number(faultId[1]));
    return json(r.res, ok ? 200 : 404, ok ? { removed: Number(faultId[1]) } : { error: `no fault ${faultId[1]}` });
  }
  if (path === "/_emulator/invocations" && (method === "GET" || method === "DELETE")) return invocations(r);
  if (path === "/_emulator/clock") return clock(r);
  if (path === "/_emulator/limits" && method === "GET") return limits(r);
  return json(r.res, 404, { error: `no admin route ${method} ${r.pathname}` });
}

async function stats({ server, res, query }: AdminRequest): Promise<void> {
  // ?gc=1 collects garbage first when node runs with --expose-gc (the benchmark measures held memory).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (query.get("gc") === "1" && gc) gc();
  advanceJobs(server.store, server.clock.now());
  await server.durable();
  return json(res, 200, {
    since: new Date(server.stats.since).toISOString(),
    now: new Date(server.clock.now()).toISOString(),
    actions: server.stats.snapshot(),
    lastCallAt: server.stats.lastCallAt === undefined ? null : new Date(server.stats.lastCallAt).toISOString(),
    lastCallAtMs: server.stats.lastCallAt ?? null,
    store: server.store.counts(),
    persistence: server.persistence?.stats() ?? null,
    nonces: server.nonces.size,
    invocations: server.invocations.length,
    memory: process.memoryUsage(),
  });
}

async function reset({ server, res, query, body }: AdminRequest): Promise<void> {
  const b = parseObjectBody(body, "the reset body") as { scope?: unknown };
  if (b.scope !== undefined && typeof b.scope !== "string" && !(Array.isArray(b.scope) && b.scope.every((x) => typeof x === "string"))) {
    throw new FaultSpecError("scope must be a string or a list of strings");
  }
  const scopeText = query.get("scope") ?? (Array.isArray(b.scope) ? b.scope.join(",") : b.scope);
  const scopes = parseResetScopes(scopeText);
  resetScopes(server, scopes);
  await server.durable();
  return json(res, 200, { reset: scopes });
}

function faults({ server, res, method, body }: AdminRequest): void {
  if (method === "GET") return json(res, 200, { faults: server.faults.all() });
  if (method === "DELETE") {
    server.faults.clear();
    return json(res, 200, { faults: [] });
  }
  const b = parseBody(body);
  const specs = (Array.isArray(b) ? b : [b]) as unknown[];
  if (specs.length === 0) throw new FaultSpecError("send a fault object or a non-empty list of them");
  specs.forEach((s, i) => {
    const where = Array.isArray(b) ? `fault [${i}]` : "the fault";
    if (s === null || typeof s !== "object" || Array.isArray(s)) throw new FaultSpecError(`${where} must be a JSON object, got ${describeJson(s)}`);
    const action = (s as FaultSpec).action;
    if (action !== undefined && action !== "*" && (typeof action !== "string" || !ACTIONS[action])) throw new FaultSpecError(`${where}: unknown action ${JSON.stringify(action)}`);
  });
  // All or nothing: a bad spec later in the list adds none of them.
  return json(res, 201, { faults: server.faults.addAll(specs as FaultSpec[]) });
}

function invocations({ server, res, method, query }: AdminRequest): void {
  if (method === "DELETE") {
    server.invocations.length = 0;
    return json(res, 200, { invocations: [] });
  }
  const pk = query.get("productKey");
  const ident = query.get("identifier");
  const list = server.invocations.filter((i) => (pk === null || i.productKey === pk) && (ident === null || i.identifier === ident));
  return json(res, 200, { invocations: list });
}

function clock({ server, res, method, body }: AdminRequest): void {
  if (method === "POST") {
    const b = parseObjectBody(body, "the clock body") as { advanceMs?: unknown; offsetMs?: unknown };
    if (typeof b.advanceMs === "number" && Number.isFinite(b.advanceMs)) server.clock.offsetMs += b.advanceMs;
    else if (typeof b.offsetMs === "number" && Number.isFinite(b.offsetMs)) server.clock.offsetMs = b.offsetMs;
    else throw new FaultSpecError("send {\"advanceMs\": n} or {\"offsetMs\": n}");
  } else if (method !== "GET") {
    return json(res, 405, { error: `${method} not allowed` });
  }
  return json(res, 200, { now: new Date(server.clock.now()).toISOString(), nowMs: server.clock.now(), offsetMs: server.clock.offsetMs });
}

function limits({ server, res }: AdminRequest): void {
  const out: Record<string, unknown> = {};
  for (const a of Object.keys(ACTIONS)) {
    const l = limitsFor(a);
    out[a] = { qps: server.throttle.qpsFor(a), defaultQps: l.qps, maxItems: l.maxItems, maxPageSize: l.maxPageSize, source: (ACTION_LIMITS as Record<string, { source: string }>)[a]?.source };
  }
  return json(res, 200, { windowMs: server.throttle.windowMs, actions: out });
}

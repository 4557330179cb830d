import { BusinessError, defaultMessageFor, defaultStatusFor, GatewayError } from "../errors";

/**
 * Fault injection (POST /_emulator/faults), in the spirit of LocalStack's Chaos API.
 *
 * A fault matches calls of one action (or `*`), lets `afterCalls` matching calls through, then
 * applies to the next `count` matching calls (0 = every one) and is removed. Effects:
 *  - `code` (+ `httpStatus`, `message`): answer with this error instead of running the call. A
 *    status of 200 (or an `iot.*` code without a status) gives a business error
 *    (`Success:false`), anything else a gateway error;
 *  - `afterEffect` (with `code`): the call RUNS, then its answer is replaced by the error: an answer
 *    lost after the effect (a gateway timeout or reset after the service acted), so a client sees
 *    a failure for a call that took effect;
 *  - `latencyMs`: wait this long (real time) before answering;
 *  - `failJob` (BatchCheckDeviceNames, BatchRegisterDeviceWithApplyId, BatchRegisterDevice): the call
 *    succeeds but its async job ends CHECK_FAILED / CREATE_FAILED, for every name (`true`) or
 *    for the listed names. On QueryBatchRegisterDeviceStatus: a batch still in CHECK or CREATE
 *    fails at once and the poll answers CHECK_FAILED / CREATE_FAILED (a finished batch is untouched).
 * Faults are checked after authentication and before throttling; a call a fault answers uses no quota.
 */

export interface FaultSpec {
  action?: string;
  count?: number;
  afterCalls?: number;
  httpStatus?: number;
  code?: string;
  message?: string;
  latencyMs?: number;
  failJob?: boolean | string[];
  afterEffect?: boolean;
}

export interface Fault {
  id: number;
  readonly action: string;
  readonly count: number;
  readonly afterCalls: number;
  readonly httpStatus?: number;
  readonly code?: string;
  readonly message?: string;
  readonly latencyMs?: number;
  readonly failJob?: true | string[];
  readonly afterEffect?: true;
  seen: number;
  fired: number;
}

export interface FaultEffect {
  latencyMs: number;
  error?: { code: string; httpStatus: number; message: string };
  /** Run the call, then answer with `error` instead of its result. */
  afterEffect?: true;
  failJob?: true | string[];
}

/** The error an injected fault answers with: a business error for HTTP 200, a gateway error otherwise. */
export function faultError({ code, httpStatus, message }: NonNullable<FaultEffect["error"]>): Error {
  return httpStatus === 200 ? new BusinessError(code, message) : new GatewayError(code, httpStatus, message);
}

export class FaultSpecError extends Error {
  override readonly name = "FaultSpecError";
}

export class Faults {
  private list: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    return this.addAll([spec])[0];
  }

  /** Adds every spec, or none when one is invalid (FaultSpecError). */
  addAll(specs: readonly FaultSpec[]): Fault[] {
    const built = specs.map((s) => this.build(s));
    for (const f of built) {
      f.id = this.nextId++;
      this.list.push(f);
    }
    return built;
  }

  private build(spec: FaultSpec): Fault & { id: number } {
    if (spec === null || typeof spec !== "object") throw new FaultSpecError("a fault is a JSON object");
    const action = spec.action ?? "*";
    if (typeof action !== "string" || !action) throw new FaultSpecError("action must be a non-empty string");
    const count = spec.count ?? 1;
    const afterCalls = spec.afterCalls ?? 0;
    if (!Number.isInteger(count) || count < 0) throw new FaultSpecError("count must be an integer ≥ 0 (0 = every matching call)");
    if (!Number.isInteger(afterCalls) || afterCalls < 0) throw new FaultSpecError("afterCalls must be an integer ≥ 0");
    if (spec.code !== undefined && (typeof spec.code !== "string" || !spec.code)) throw new FaultSpecError("code must be a non-empty string");
    if (spec.httpStatus !== undefined && (!Number.isInteger(spec.httpStatus) || spec.httpStatus < 200 || spec.httpStatus > 599)) throw new FaultSpecError("httpStatus must be an integer 200–599");
    if (spec.httpStatus !== undefined && spec.code === undefined) throw new FaultSpecError("httpStatus needs a code (e.g. ServiceUnavailable, Throttling.User)");
    if (spec.latencyMs !== undefined && (typeof spec.latencyMs !== "number" || spec.latencyMs < 0 || spec.latencyMs > 600_000)) throw new FaultSpecError("latencyMs must be 0–600000");
    let failJob: true | string[] | undefined;
    if (spec.failJob === true) failJob = true;
    else if (Array.isArray(spec.failJob) && spec.failJob.every((n) => typeof n === "string")) failJob = [...spec.failJob];
    else if (spec.failJob !== undefined && spec.failJob !== false) throw new FaultSpecError("failJob must be true or a list of device names");
    if (spec.code === undefined && spec.latencyMs === undefined && failJob === undefined) throw new FaultSpecError("a fault needs a code, a latencyMs or failJob");
    if (spec.afterEffect !== undefined && typeof spec.afterEffect !== "boolean") throw new FaultSpecError("afterEffect must be true or false");
    if (spec.afterEffect === true && spec.code === undefined) throw new FaultSpecError("afterEffect needs a code (the error that replaces the answer)");
    return {
      id: 0,
      action,
      count,
      afterCalls,
      httpStatus: spec.code !== undefined ? (spec.httpStatus ?? defaultStatusFor(spec.code)) : undefined,
      code: spec.code,
      message: spec.code !== undefined ? (spec.message ?? defaultMessageFor(spec.code)) : undefined,
      latencyMs: spec.latencyMs,
      failJob,
      ...(spec.afterEffect === true ? { afterEffect: true as const } : {}),
      seen: 0,
      fired: 0,
    };
  }

  /** Counts the call against every matching fault and returns what applies to it (undefined: nothing). */
  take(action: string): FaultEffect | undefined {
    if (!this.list.length) return undefined;
    let effect: FaultEffect | undefined;
    for (const f of this.list) {
      if (f.action !== "*" && f.action !== action) continue;
      f.seen++;
      if (f.seen <= f.afterCalls) continue;
      if (f.count > 0 && f.fired >= f.count) continue;
      f.fired++;
      effect ??= { latencyMs: 0 };
      if (f.latencyMs) effect.latencyMs = Math.max(effect.latencyMs, f.latencyMs);
      if (f.code !== undefined && !effect.error) {
        effect.error = { code: f.code, httpStatus: f.httpStatus as number, message: f.message as string };
        if (f.afterEffect) effect.afterEffect = true;
      }
      if (f.failJob) effect.failJob = f.failJob;
    }
    this.list = this.list.filter((f) => !(f.count > 0 && f.fired >= f.count));
    return effect;
  }

  all(): Fault[] {
    return this.list.map((f) => ({ ...f }));
  }

  remove(id: number): boolean {
    const n = this.list.length;
    this.list = this.list.filter((f) => f.id !== id);
    return this.list.length !== n;
  }

  clear(): void {
    this.list = [];
  }
}

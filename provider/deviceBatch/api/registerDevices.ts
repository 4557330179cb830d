import type { ApiCaller } from "../../dynamic/ApiCaller";
import type { Clock } from "../../retry/Clock";
import { systemClock } from "../../retry/Clock";
import { POLL, MAX_IN_FLIGHT } from "../../limits";
import { chunk } from "../../dynamic/chunk";
import { concurrencyLimit, type ConcurrencyLimit } from "../../dynamic/concurrencyLimit";
import type { DeviceRecord, DeviceSpec, ProductScope } from "../deviceBatchTypes";
import { fetchApplyDevices } from "./fetchApplyDevices";
import { fetchDeviceDetails } from "./fetchDeviceDetails";
import type { ApplyStatusData, PollSettings } from "./pollApplyStatus";
import { invalidEntries, pollApplyStatus } from "./pollApplyStatus";
import { progressReporter, type ProgressReporter } from "../../dynamic/progressReporter";

/** Options of {@link registerDevices}. */
export interface RegisterOptions {
  /** Names per BatchCheckDeviceNames call (checkChunkSize.ts). */
  readonly chunkSize: number;
  /** Take over devices that already exist instead of failing. */
  readonly adoptExisting: boolean;
  readonly clock?: Clock;
  readonly poll?: PollSettings;
  /** Progress lines (on the resource's row in the provider, see dynamic/resourceLog.ts). */
  readonly log?: (line: string) => void;
  /** Lines worth keeping after the operation (what was adopted); default `log`. */
  readonly note?: (line: string) => void;
  /**
   * Page and detail requests in flight or waiting for the limiter at once; defaults to MAX_IN_FLIGHT
   * (limits.ts): enough to keep QueryPageByApplyId at 50 QPS with round trips up to ~300 ms, few
   * enough that the first burst does not open dozens of cold connections whose late arrivals the
   * server counts in its next window.
   */
  readonly concurrency?: number;
}

/** What a registration achieved, also when it failed part-way. */
export interface RegisterOutcome {
  /** Devices this run registered, with the nicknames it asked for. */
  readonly registered: DeviceRecord[];
  /** Existing devices taken over (adoptExisting), as the service reports them. */
  readonly adopted: DeviceRecord[];
  /** ApplyIds whose devices are all in `registered`, in completion order. */
  readonly applyIds: number[];
  /** ApplyIds submitted for registration whose devices could not all be listed. */
  readonly pendingApplyIds: number[];
}

/** A name the service refused at the check, and why. */
export interface RejectedName {
  readonly name: string;
  readonly reason: string;
}

/** Registration failed; `outcome` says what exists anyway, `reasons` what went wrong. */
export class RegistrationError extends Error {
  declare readonly name: "RegistrationError";
  constructor(
    message: string,
    readonly outcome: RegisterOutcome,
    readonly reasons: string[],
  ) {
    super(message);
  }
}
Object.defineProperty(RegistrationError.prototype, "name", { value: "RegistrationError", enumerable: false });

/** Names listed in an error message; the rest are counted. */
export const SHOWN_REJECTIONS = 20;

const fmt = (n: number): string => n.toLocaleString("en-US");

/**
 * Registers custom-named devices in `scope`, the way the API prescribes (IoT Platform
 * API reference: BatchCheckDeviceNames): per chunk of `chunkSize` names BatchCheckDeviceNames → poll
 * QueryBatchRegisterDeviceStatus until checked → BatchRegisterDeviceWithApplyId → poll until created
 * → QueryPageByApplyId (50 a page) for IotIds and DeviceSecrets.
 *
 * Pipelined: all chunks are in flight at once and every call goes through the shared per-action QPS
 * limiter, so each action runs at its quota and never above it; pages of a created chunk are fetched
 * while later chunks are still being created, and the whole run is bound by QueryPageByApplyId
 * (⌈N/50⌉ pages at 50 QPS). A bounded gate keeps at most `concurrency` page requests queued.
 *
 * All-or-nothing at the check: registration starts only after every chunk passed, so a CHECK_FAILED
 * (invalid names, with the service's reasons; or names that already exist, unless `adoptExisting`)
 * fails with nothing registered. Names that fail are looked up with BatchQueryDeviceDetail to tell
 * "exists" from "invalid" without parsing messages. After the check, a failure stops further
 * submissions, lets submitted chunks finish, and throws a {@link RegistrationError} whose outcome
 * holds every device registered so far and the ApplyIds whose outcome is unknown.
 */
export async function registerDevices(
  caller: ApiCaller,
  scope: ProductScope,
  devices: readonly DeviceSpec[],
  options: RegisterOptions,
): Promise<RegisterOutcome> {
  const run: Run = {
    caller,
    scope,
    options,
    clock: options.clock ?? systemClock,
    poll: options.poll ?? POLL,
    log: options.log ?? (() => undefined),
    note: options.note ?? options.log ?? (() => undefined),
    limit: concurrencyLimit(options.concurrency ?? MAX_IN_FLIGHT, { failFast: true }),
    adopted: [],
    registered: new Map(),
    applyIds: [],
    pending: new Set(),
  };
  if (devices.length === 0) return outcomeOf(run);
  const checked = await checkAll(run, devices);
  await registerAll(run, checked);
  return outcomeOf(run);
}

/** One registration: its settings and what it has done so far. */
interface Run {
  readonly caller: ApiCaller;
  readonly scope: ProductScope;
  readonly options: RegisterOptions;
  readonly clock: Clock;
  readonly poll: PollSettings;
  readonly log: (line: string) => void;
  readonly note: (line: string) => void;
  readonly limit: ConcurrencyLimit;
  readonly adopted: DeviceRecord[];
  readonly registered: Map<string, DeviceRecord>;
  readonly applyIds: number[];
  readonly pending: Set<number>;
}

/** A checked chunk: its ApplyId and the names it still registers. */
interface CheckedChunk {
  readonly applyId: number;
  readonly devices: DeviceSpec[];
}

function outcomeOf(run: Run): RegisterOutcome {
  return { registered: [...run.registered.values()], adopted: [...run.adopted], applyIds: [...run.applyIds], pendingApplyIds: [...run.pending] };
}

/** Phase 1: checks every chunk at once; throws when any name is rejected or exists (without adoptExisting). */
async function checkAll(run: Run, devices: readonly DeviceSpec[]): Promise<CheckedChunk[]> {
  const { scope } = run;
  const rejected: RejectedName[] = [];
  const existing: DeviceRecord[] = [];
  const checkResults = await Promise.allSettled(chunk(devices, run.options.chunkSize).map((names) => checkChunk(run, names, rejected, existing)));
  const checkErrors = checkResults.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);
  if (checkErrors.length > 0 || rejected.length > 0 || existing.length > 0) {
    throw new RegistrationError(checkFailureMessage(scope.productKey, devices.length, rejected, existing, checkErrors), { ...outcomeOf(run), adopted: [] }, [
      ...rejected.map((r) => `${r.name}: ${r.reason}`),
      ...existing.map((d) => `${d.name}: already exists in product ${scope.productKey}`),
      ...checkErrors.map(String),
    ]);
  }
  if (run.adopted.length > 0) run.note(`adopted ${fmt(run.adopted.length)} existing devices of product ${scope.productKey}`);
  return checkResults.flatMap((r) => (r.status === "fulfilled" && r.value !== undefined ? [r.value] : []));
}

/**
 * Checks one chunk until it passes (undefined when nothing is left to register or it cannot pass):
 * names that exist are adopted (adoptExisting) and the rest checked again, or recorded as existing.
 */
async function checkChunk(run: Run, names: DeviceSpec[], rejected: RejectedName[], existing: DeviceRecord[]): Promise<CheckedChunk | undefined> {
  const { caller, scope } = run;
  let remaining = names;
  for (;;) {
    const body = await caller.call<{ Data: { ApplyId: number } }>("BatchCheckDeviceNames", {
      ProductKey: scope.productKey,
      DeviceNameList: remaining.map((d) => ({ DeviceName: d.name, DeviceNickname: d.nickname })),
      IotInstanceId: scope.iotInstanceId,
    });
    const applyId = body.Data.ApplyId;
    const data = await pollApplyStatus(caller, scope, applyId, (s) => s !== "CHECK", run.clock, run.poll);
    if (data.Status === "CHECK_SUCCESS") return { applyId, devices: remaining };
    if (data.Status !== "CHECK_FAILED") throw new Error(`ApplyId ${applyId} went from CHECK to ${data.Status}, expected CHECK_SUCCESS or CHECK_FAILED`);
    const invalid = invalidEntries(data);
    if (invalid.size === 0) throw new Error(`ApplyId ${applyId} is CHECK_FAILED but names no invalid device`);
    const found = await fetchDeviceDetails(caller, scope, [...invalid.keys()], run.limit);
    const foundNames = new Set(found.map((d) => d.name));
    for (const [name, reason] of invalid) if (!foundNames.has(name)) rejected.push({ name, reason });
    if (!run.options.adoptExisting) existing.push(...found);
    if (foundNames.size < invalid.size || !run.options.adoptExisting) return undefined;
    run.adopted.push(...found);
    remaining = remaining.filter((d) => !foundNames.has(d.name));
    if (remaining.length === 0) return undefined;
  }
}

/** Phase 2: registers, waits for and pages every checked chunk, all in flight at once; no new chunk starts after a failure. */
async function registerAll(run: Run, checked: readonly CheckedChunk[]): Promise<void> {
  const total = checked.reduce((n, c) => n + c.devices.length, 0);
  const progress = progressReporter("registered", total, run.log, ` of product ${run.scope.productKey}`);
  const errors: unknown[] = [];
  let stopping = false;
  await Promise.allSettled(
    checked.map(async (c) => {
      if (stopping) return;
      try {
        await registerChunk(run, c, progress);
      } catch (e) {
        stopping = true;
        errors.push(e);
      }
    }),
  );
  if (errors.length > 0) {
    const result = outcomeOf(run);
    throw new RegistrationError(
      `Registered ${fmt(result.registered.length)} of ${fmt(total)} devices of product ${run.scope.productKey} before failing: ${String(errors[0])}`,
      result,
      errors.map(String),
    );
  }
}

async function registerChunk(run: Run, { applyId, devices: names }: CheckedChunk, progress: ProgressReporter): Promise<void> {
  const { caller, scope, registered } = run;
  // Pending before the call: a timeout or 5xx may hide a registration that did happen.
  run.pending.add(applyId);
  await submitRegistration(caller, scope, applyId);
  const data = await pollApplyStatus(caller, scope, applyId, (s) => s === "CREATE_SUCCESS" || s === "CREATE_FAILED", run.clock, run.poll);
  const nicknames = new Map(names.map((d) => [d.name, d.nickname]));
  await fetchApplyDevices(caller, scope, applyId, names.length, run.limit, (page) => {
    for (const d of page) {
      const nickname = nicknames.get(d.name);
      registered.set(d.name, nickname === undefined ? d : { ...d, nickname });
    }
    progress.advance(page.length);
  });
  run.pending.delete(applyId);
  run.applyIds.push(applyId);
  if (data.Status === "CREATE_FAILED") {
    const failed = [...invalidEntries(data)].map(([name, reason]) => `${name}: ${reason}`);
    throw new Error(`ApplyId ${applyId} is CREATE_FAILED: ${failed.slice(0, SHOWN_REJECTIONS).join("; ") || "no reason given"}`);
  }
  const missing = names.filter((d) => !registered.has(d.name));
  if (missing.length > 0) {
    throw new Error(`ApplyId ${applyId} is CREATE_SUCCESS but QueryPageByApplyId lists ${fmt(names.length - missing.length)} of its ${fmt(names.length)} devices (missing ${missing[0].name})`);
  }
}

/**
 * BatchRegisterDeviceWithApplyId, tolerant of a lost answer: when the call fails (e.g. a 5xx or
 * timeout, then a retry refused with CreateDeviceTaskIsRunning because the first attempt did run), the
 * ApplyId's status decides: CREATE or later means the registration was accepted.
 */
async function submitRegistration(caller: ApiCaller, scope: ProductScope, applyId: number): Promise<void> {
  try {
    await caller.call("BatchRegisterDeviceWithApplyId", { ProductKey: scope.productKey, ApplyId: applyId, IotInstanceId: scope.iotInstanceId });
  } catch (e) {
    let status: string | undefined;
    try {
      status = (await caller.call<{ Data: ApplyStatusData }>("QueryBatchRegisterDeviceStatus", { ProductKey: scope.productKey, ApplyId: applyId, IotInstanceId: scope.iotInstanceId })).Data.Status;
    } catch {
      throw e;
    }
    if (!status.startsWith("CREATE")) throw e;
  }
}

function checkFailureMessage(productKey: string, total: number, rejected: RejectedName[], existing: DeviceRecord[], errors: unknown[]): string {
  const lines: string[] = [];
  if (rejected.length > 0) {
    lines.push(`BatchCheckDeviceNames rejected ${fmt(rejected.length)} of ${fmt(total)} device names for product ${productKey}; nothing was registered:`);
    for (const r of rejected.slice(0, SHOWN_REJECTIONS)) lines.push(`  - ${r.name}: ${r.reason}`);
    if (rejected.length > SHOWN_REJECTIONS) lines.push(`  … and ${fmt(rejected.length - SHOWN_REJECTIONS)} more`);
  }
  if (existing.length > 0) {
    lines.push(
      `${fmt(existing.length)} of ${fmt(total)} devices already exist in product ${productKey}; nothing was registered. ` +
        `Remove them from \`devices\`, or set \`adoptExisting: true\` to manage them in this batch (for example after an interrupted pulumi up):`,
    );
    for (const d of existing.slice(0, SHOWN_REJECTIONS)) lines.push(`  - ${d.name}`);
    if (existing.length > SHOWN_REJECTIONS) lines.push(`  … and ${fmt(existing.length - SHOWN_REJECTIONS)} more`);
  }
  if (errors.length > 0) lines.push(`Checking device names failed; nothing was registered: ${String(errors[0])}`);
  return lines.join("\n");
}

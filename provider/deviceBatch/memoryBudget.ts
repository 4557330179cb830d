import { getHeapStatistics } from "v8";
import { collectGarbage } from "../dynamic/collectGarbage";

/**
 * Memory a registration needs in the provider process, checked BEFORE any device is registered: a
 * provider that registers devices and then runs out of heap while returning the outputs records
 * nothing, and every device it registered is orphaned. Refusing up front orphans nothing.
 *
 * Figures measured on Node 20 (docs/performance.md), rounded up:
 * - OUTPUT_BYTES_PER_DEVICE: what grows while create/update register and return the batch: the
 *   device records (name, IotId, DeviceSecret), the state maps, the encoded outputs and the
 *   provider server's protobuf copy of them (1.3–1.8 KB per device measured under a tight heap);
 * - INPUT_BYTES_PER_DEVICE: what the request already holds (the protobuf Struct of the `devices`
 *   map and its JavaScript copy), used only to size the suggested shards.
 */
export const OUTPUT_BYTES_PER_DEVICE = 2_000;
export const INPUT_BYTES_PER_DEVICE = 1_000;

/**
 * Peak heap per device of a whole operation on one batch in the provider process (the request's
 * protobuf Structs and their JavaScript copies in check, diff and create, plus the registration),
 * measured on Node 20 against the heap limit V8 reports (docs/performance.md): with
 * --max-old-space-size=192 (a 240 MB limit) 60,000 devices ran the provider out of heap before check()
 * returned (3.5 KB per device of the limit) while 50,000 went through create (4.2 KB); rounded up.
 * Used by check() to refuse, at preview time, a batch the process cannot handle.
 */
export const PEAK_BYTES_PER_DEVICE = 5_000;

/** Heap the provider process needs before any batch (the SDK, gRPC, this package). */
export const BASE_BYTES = 40 * 2 ** 20;

/** The most devices one batch may hold in a process whose heap limit is `limitBytes`. */
export function maxDevicesPerBatch(limitBytes: number): number {
  return Math.max(0, Math.floor((limitBytes - BASE_BYTES) / PEAK_BYTES_PER_DEVICE));
}

/**
 * The check() rule `devices` breaks when it holds more than {@link maxDevicesPerBatch} devices (a verb
 * phrase for checkFailure), or undefined when the batch fits.
 */
export function batchSizeRule(devices: number, limitBytes: number): string | undefined {
  const max = maxDevicesPerBatch(limitBytes);
  if (devices <= max) return undefined;
  const shards = max > 0 ? Math.ceil(devices / max) : undefined;
  const heapMb = Math.ceil((BASE_BYTES + devices * PEAK_BYTES_PER_DEVICE) / 2 ** 20 / 256) * 256;
  return (
    `hold at most ${max.toLocaleString("en-US")} devices in one batch (the provider process has a ${MB(limitBytes)} heap and a batch ` +
    `needs about ${PEAK_BYTES_PER_DEVICE / 1000} KB per device while it is checked, registered and returned): ` +
    `${shards ? `split the devices into at least ${shards} batches (DeviceFleet with shards: ${shards}, or shardDevices), or give` : "give"} ` +
    `the provider more heap (NODE_OPTIONS=--max-old-space-size=${heapMb} for \`pulumi up\`)`
  );
}

/** Headroom left for everything else in the process (gRPC buffers, the client, the limiter). */
export const HEADROOM_BYTES = 16 * 2 ** 20;

/** The heap figures the check reads (v8.getHeapStatistics()); injectable for tests. */
export interface HeapFigures {
  /** heap_size_limit: the most the heap may grow to (Node's --max-old-space-size and defaults). */
  readonly limitBytes: number;
  /** used_heap_size: live objects and garbage not yet collected. */
  readonly usedBytes: number;
}

/** What {@link checkMemoryBudget} decided. */
export interface MemoryVerdict {
  readonly ok: boolean;
  readonly neededBytes: number;
  readonly availableBytes: number;
  /** The fewest batches whose parts would each fit (1 when ok). */
  readonly suggestedShards: number;
}

/** Whether a batch that holds `devicesAfter` devices when the operation ends fits in the heap left. */
export function checkMemoryBudget(devicesAfter: number, heap: HeapFigures): MemoryVerdict {
  const neededBytes = devicesAfter * OUTPUT_BYTES_PER_DEVICE;
  const availableBytes = Math.max(0, heap.limitBytes - heap.usedBytes - HEADROOM_BYTES);
  if (neededBytes <= availableBytes) return { ok: true, neededBytes, availableBytes, suggestedShards: 1 };
  // A part of 1/k of the devices also brings 1/k of the request: solve for k with the rest fixed.
  const fixed = Math.max(0, heap.usedBytes - devicesAfter * INPUT_BYTES_PER_DEVICE);
  const room = heap.limitBytes - HEADROOM_BYTES - fixed;
  const perDevice = OUTPUT_BYTES_PER_DEVICE + INPUT_BYTES_PER_DEVICE;
  const suggestedShards = room <= 0 ? Number.POSITIVE_INFINITY : Math.max(2, Math.ceil((devicesAfter * perDevice) / room));
  return { ok: false, neededBytes, availableBytes, suggestedShards };
}

/**
 * The heap figures now. With `collect`, garbage is collected first (through V8's gc, exposed on
 * demand, collectGarbage.ts), so that a refusal is not caused by garbage a collection would free.
 */
export function currentHeap(collect = false): HeapFigures {
  if (collect) collectGarbage();
  const h = getHeapStatistics();
  return { limitBytes: h.heap_size_limit, usedBytes: h.used_heap_size };
}

/**
 * A batch from this many devices on leaves enough garbage in the provider server to collect it after
 * each operation (collectGarbage.ts); below it V8's own pace is cheaper.
 */
export const COLLECT_AFTER_DEVICES = 10_000;

const MB = (b: number): string => `${Math.ceil(b / 2 ** 20).toLocaleString("en-US")} MB`;

/** Raised by create/update before registering when the process cannot return the batch; nothing was registered. */
export class BatchTooLargeError extends Error {
  readonly code = "DeviceBatch.TooLargeForProcess";
  constructor(
    readonly productKey: string,
    readonly devices: number,
    readonly verdict: MemoryVerdict,
    readonly heap: HeapFigures,
  ) {
    const split = Number.isFinite(verdict.suggestedShards)
      ? `Split the devices into at least ${verdict.suggestedShards} batches (DeviceFleet with shards: ${verdict.suggestedShards}, or shardDevices), or give`
      : "Give";
    const heapMb = Math.ceil((heap.usedBytes + HEADROOM_BYTES + verdict.neededBytes) / 2 ** 20 / 256) * 256;
    super(
      `DeviceBatch of product ${productKey}: ${devices.toLocaleString("en-US")} devices need about ${MB(verdict.neededBytes)} of heap ` +
        `in the provider process to register and return them, but ${MB(verdict.availableBytes)} is left ` +
        `(limit ${MB(heap.limitBytes)}, in use ${MB(heap.usedBytes)}). Nothing was registered. ${split} ` +
        `the provider more heap (NODE_OPTIONS=--max-old-space-size=${heapMb} for \`pulumi up\`).`,
    );
    this.name = "BatchTooLargeError";
  }
}

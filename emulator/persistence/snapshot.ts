import * as fs from "fs";
import { decodeLine, encodeLine } from "./journal";
import { Apply, ApplyRecord } from "../state/apply";
import { Device } from "../state/device";
import { attach } from "../state/reducers/topology";
import { Driver, DriverRecord, DriverVersionRecord } from "../state/driver";
import { Product, ProductRecord } from "../state/product";
import { Store } from "../state/store";

/**
 * Versioned snapshot of the whole store: `snapshot.jsonl`.
 *
 * Line 1 is a header `{format, version, gen, seq, nextApplyId, createdAt}`; then one record per line
 * (products, devices, drivers with their versions, batches); the last line is `["end", <records>]`.
 * Every line is `<crc32> <json>` like the journal. A snapshot is written to a temp file, fsync'd,
 * renamed over the old one and the directory fsync'd, so it is either the old or the new one,
 * never half of each. `gen` says which journal generation continues after it; `seq` is the last
 * journal sequence number it contains.
 */

export const SNAPSHOT_FORMAT = "alicloud-iot-emulator/snapshot";
export const SNAPSHOT_VERSION = 1;
export const SNAPSHOT_FILE = "snapshot.jsonl";
export const SNAPSHOT_TMP = "snapshot.jsonl.tmp";

export interface SnapshotHeader {
  format: string;
  version: number;
  gen: number;
  seq: number;
  nextApplyId: number;
  createdAt: string;
}

type DeviceLine = ["d", string, string, string, string, string, string | null, number, number, string | null];
type SnapshotRecord =
  | ["p", string, ProductRecord]
  | DeviceLine
  | ["r", string, DriverRecord, DriverVersionRecord[]]
  | ["a", ApplyRecord]
  | ["end", number];

/**
 * Serializes the store synchronously (so it is a consistent cut) into newline-terminated lines.
 * Returned as an array of chunks to stay clear of V8's maximum string length at millions of devices.
 */
export function serializeStore(store: Store, gen: number, seq: number): string[] {
  const chunks: string[] = [];
  let buf: string[] = [];
  let records = 0;
  const push = (line: string): void => {
    buf.push(line);
    if (buf.length >= 4096) {
      chunks.push(buf.join("\n") + "\n");
      buf = [];
    }
  };
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, gen, seq, nextApplyId: store.nextApplyId, createdAt: new Date().toISOString() };
  push(encodeLine(header));
  for (const s of store.scopes.values()) {
    for (const p of s.products.values()) {
      push(encodeLine(["p", s.key, p.rec] satisfies SnapshotRecord));
      records++;
    }
  }
  for (const s of store.scopes.values()) {
    for (const p of s.products.values()) {
      for (const d of p.devices.values()) {
        const rec: DeviceLine = ["d", s.key, p.productKey, d.name, d.iotId, d.secret, d.nickname ?? null, d.gmtCreate, d.applyId, d.gw ? d.gw.iotId : null];
        push(encodeLine(rec));
        records++;
      }
    }
    for (const d of s.drivers.values()) {
      push(encodeLine(["r", s.key, d.rec, [...d.versions.values()]] satisfies SnapshotRecord));
      records++;
    }
  }
  for (const a of store.applies.values()) {
    push(encodeLine(["a", a.rec] satisfies SnapshotRecord));
    records++;
  }
  push(encodeLine(["end", records] satisfies SnapshotRecord));
  if (buf.length) chunks.push(buf.join("\n") + "\n");
  return chunks;
}

export class SnapshotError extends Error {
  override readonly name = "SnapshotError";
}

/** Reads a snapshot file into `store` (which must be empty). Throws SnapshotError on anything unexpected. */
export function loadSnapshot(file: string, store: Store): SnapshotHeader {
  let header: SnapshotHeader | undefined;
  let records = 0;
  let ended = false;
  const pendingTopo: [Device, string][] = [];
  let lineNo = 0;
  forEachLine(file, (line, last) => {
    lineNo++;
    if (last && line === "") return;
    if (ended) throw new SnapshotError(`${file}: data after the end record (line ${lineNo})`);
    const v = decodeLine(line);
    if (v === undefined) throw new SnapshotError(`${file}: line ${lineNo} is corrupt (checksum or JSON mismatch)`);
    if (!header) {
      header = checkHeader(file, v as SnapshotHeader);
      store.nextApplyId = header.nextApplyId;
      return;
    }
    const r = v as SnapshotRecord;
    if (!Array.isArray(r)) throw new SnapshotError(`${file}: line ${lineNo} is not a record`);
    if (r[0] === "end") {
      if (r[1] !== records) throw new SnapshotError(`${file}: record count ${records} does not match the end record (${r[1]})`);
      ended = true;
      return;
    }
    loadRecord(store, r, pendingTopo, `${file}: line ${lineNo}`);
    records++;
  });
  if (!header) throw new SnapshotError(`${file}: empty snapshot`);
  if (!ended) throw new SnapshotError(`${file}: truncated (no end record)`);
  for (const [d, gwId] of pendingTopo) {
    const gw = d.product.scope.devicesByIotId.get(gwId);
    if (!gw) throw new SnapshotError(`${file}: device ${d.iotId} is attached to unknown gateway ${gwId}`);
    attach(gw, d);
  }
  // Batches list their devices; rebuild from Device.applyId (creation order is preserved by the Map order).
  for (const s of store.scopes.values()) {
    for (const d of s.devicesByIotId.values()) store.applies.get(d.applyId)?.devices.push(d);
  }
  return header;
}

function checkHeader(file: string, h: SnapshotHeader): SnapshotHeader {
  if (!h || typeof h !== "object" || h.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`${file}: not an emulator snapshot (format ${JSON.stringify(h && (h as SnapshotHeader).format)})`);
  if (h.version !== SNAPSHOT_VERSION) throw new SnapshotError(`${file}: snapshot format version ${h.version} is not supported (this emulator reads version ${SNAPSHOT_VERSION})`);
  return h;
}

/** Adds one record to the store; a device's gateway is remembered in `pendingTopo` (it may come later). */
function loadRecord(store: Store, r: Exclude<SnapshotRecord, ["end", number]>, pendingTopo: [Device, string][], where: string): void {
  switch (r[0]) {
    case "p": {
      const s = store.scope(r[1]);
      s.products.set(r[2].productKey, new Product(s, r[2]));
      return;
    }
    case "d": {
      const p = store.scope(r[1]).products.get(r[2]);
      if (!p) throw new SnapshotError(`${where}: device of unknown product ${r[2]}`);
      const d = store.addDevice(new Device(p, r[3], r[4], r[5], r[6] ?? undefined, r[7], r[8]));
      if (r[9]) pendingTopo.push([d, r[9]]);
      return;
    }
    case "r": {
      const d = new Driver(r[2]);
      for (const v of r[3]) d.versions.set(v.driverVersion, v);
      store.scope(r[1]).drivers.set(d.rec.driverId, d);
      return;
    }
    case "a":
      store.addApply(new Apply(r[1]));
      return;
    default:
      throw new SnapshotError(`${where}: unknown record type ${JSON.stringify((r as unknown[])[0])}`);
  }
}

/**
 * Calls `fn` for each line of `file`, streaming in 1 MB chunks. `last` is true for the text after the
 * final newline (empty when the file ends with a newline).
 */
export function forEachLine(file: string, fn: (line: string, last: boolean, endOffset: number) => void): void {
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    let offset = 0; // file offset of carry[0]
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      let data = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : Buffer.from(chunk.subarray(0, n));
      let start = 0;
      for (;;) {
        const nl = data.indexOf(10, start);
        if (nl < 0) break;
        fn(data.toString("utf8", start, nl), false, offset + nl + 1);
        start = nl + 1;
      }
      offset += start;
      carry = data.subarray(start);
      data = carry;
    }
    fn(carry.toString("utf8"), true, offset + carry.length);
  } finally {
    fs.closeSync(fd);
  }
}

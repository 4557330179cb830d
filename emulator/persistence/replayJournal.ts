import * as path from "path";
import { DataDirError } from "./dataDirError";
import { decodeLine, JOURNAL_FORMAT, JOURNAL_VERSION } from "./journal";
import { forEachLine } from "./snapshot";
import type { Mutation } from "../state/mutation";
import type { Store } from "../state/store";

export interface ReplayResult {
  seq: number;
  records: number;
  bytes: number;
  /** Set when a torn tail was dropped: the length to truncate the file to. */
  truncateTo?: number;
}

/**
 * Applies one journal generation's records to `store`, checking the header, every line's CRC and that
 * sequence numbers follow `startSeq`. A bad last line of the newest journal is a torn append: it is
 * reported in `truncateTo`, not applied; anywhere else it is corruption (DataDirError).
 */
export function replayJournal(file: string, gen: number, startSeq: number, store: Store, newest: boolean, log: (l: string) => void): ReplayResult {
  const name = path.basename(file);
  let seq = startSeq;
  let records = 0;
  let lineNo = 0;
  let headerSeen = false;
  let goodOffset = 0;
  let bad: { lineNo: number; why: string } | undefined;
  let truncateTo: number | undefined;
  let bytes = 0;
  forEachLine(file, (line, last, endOffset) => {
    if (last) {
      bytes = endOffset;
      if (line === "") return; // the file ends with a newline (a bad line just before it is still the last line)
    } else {
      lineNo++;
    }
    if (bad) {
      // A bad line followed by more data is corruption, not a torn append.
      throw new DataDirError(`cannot start: ${name} line ${bad.lineNo} is corrupt (${bad.why}) and is not the last line. Refusing to start with a partial state; restore the data dir from a backup or move it aside.`);
    }
    const lineLabel = last ? lineNo + 1 : lineNo;
    const v = decodeLine(line.replace(/\0+$/, ""));
    if (v === undefined) {
      bad = { lineNo: lineLabel, why: "checksum or JSON mismatch" };
      return;
    }
    if (!headerSeen) {
      const h = v as { format?: string; version?: number; gen?: number };
      if (h.format !== JOURNAL_FORMAT) throw new DataDirError(`cannot start: ${name} is not an emulator journal (format ${JSON.stringify(h.format)}).`);
      if (h.version !== JOURNAL_VERSION) throw new DataDirError(`cannot start: ${name} has journal format version ${h.version}; this emulator reads version ${JOURNAL_VERSION}.`);
      if (h.gen !== gen) throw new DataDirError(`cannot start: ${name} says it is generation ${h.gen}.`);
      headerSeen = true;
      goodOffset = endOffset;
      return;
    }
    const r = v as { s?: number; m?: Mutation };
    if (typeof r.s !== "number" || !r.m) throw new DataDirError(`cannot start: ${name} line ${lineLabel} is not a journal record.`);
    if (r.s !== seq + 1) throw new DataDirError(`cannot start: ${name} line ${lineLabel} has sequence ${r.s}, expected ${seq + 1}.`);
    try {
      store.apply(r.m);
    } catch (e) {
      throw new DataDirError(`cannot start: ${name} line ${lineLabel} does not apply to the state: ${(e as Error).message}`);
    }
    seq = r.s;
    records++;
    goodOffset = endOffset;
  });
  if (bad) {
    if (!newest) {
      throw new DataDirError(`cannot start: ${name} line ${bad.lineNo} is corrupt (${bad.why}) and ${name} is not the newest journal.`);
    }
    log(`warning: ${name}: dropping a torn last line (line ${bad.lineNo}); it was never acknowledged`);
    truncateTo = headerSeen ? goodOffset : 0;
  } else if (!headerSeen) {
    if (!newest) throw new DataDirError(`cannot start: ${name} is empty and is not the newest journal.`);
    truncateTo = 0; // created but its header never reached the disk
  }
  return { seq, records, bytes, truncateTo };
}


import * as fs from "fs";
import * as path from "path";
import { DataDirError } from "./dataDirError";
import { createJournalFile, Journal, JOURNAL_RE, journalName } from "./journal";
import { replayJournal } from "./replayJournal";
import { loadSnapshot, SNAPSHOT_FILE, SNAPSHOT_TMP, SnapshotError } from "./snapshot";
import type { Store } from "../state/store";

/** What start-up recovered from a data dir, and the journal that continues it. */
export interface Recovered {
  journal: Journal;
  /** The last sequence number the snapshot holds (0 without one). */
  snapshotSeq: number;
  replayedRecords: number;
  droppedTornLines: number;
}

/**
 * Start-up: loads the snapshot into the empty `store`, replays the journals from the snapshot's
 * generation on, drops a torn last line of the newest one, and opens the journal for appending.
 */
export function recoverDataDir(dir: string, store: Store, log: (line: string) => void, onFatal: (e: Error) => void): Recovered {
  const tmp = path.join(dir, SNAPSHOT_TMP);
  if (fs.existsSync(tmp)) fs.unlinkSync(tmp); // an unfinished compaction; the journals still hold its data
  const snap = loadSnapshotOf(dir, store);
  const live = liveGenerations(dir, snap.gen, snap.present);
  let seq = snap.seq;
  let replayed = 0;
  let dropped = 0;
  let lastBytes = 0;
  for (let i = 0; i < live.length; i++) {
    const g = live[i];
    const file = path.join(dir, journalName(g));
    const r = replayJournal(file, g, seq, store, i === live.length - 1, log);
    seq = r.seq;
    replayed += r.records;
    lastBytes = r.bytes;
    if (r.truncateTo !== undefined) {
      dropped++;
      truncate(dir, g, r.truncateTo);
      lastBytes = r.truncateTo;
    }
  }
  const journalGen = live.length ? live[live.length - 1] : snap.gen;
  if (!live.length) {
    createJournalFile(dir, journalGen);
    lastBytes = 0;
  }
  return { journal: new Journal(dir, journalGen, seq, lastBytes, onFatal), snapshotSeq: snap.seq, replayedRecords: replayed, droppedTornLines: dropped };
}

/** The snapshot's journal generation and last sequence number (1 and 0 without a snapshot). */
function loadSnapshotOf(dir: string, store: Store): { present: boolean; gen: number; seq: number } {
  const snapPath = path.join(dir, SNAPSHOT_FILE);
  if (!fs.existsSync(snapPath)) return { present: false, gen: 1, seq: 0 };
  try {
    const h = loadSnapshot(snapPath, store);
    return { present: true, gen: h.gen, seq: h.seq };
  } catch (e) {
    if (e instanceof SnapshotError) throw new DataDirError(`cannot start: ${e.message}. Refusing to start with a partial state; restore the data dir from a backup or move it aside.`);
    throw e;
  }
}

/**
 * The journal generations that continue the snapshot (generation `gen` on), which must be
 * contiguous; older ones, which the snapshot covers, are deleted.
 */
function liveGenerations(dir: string, gen: number, haveSnapshot: boolean): number[] {
  const gens = fs
    .readdirSync(dir)
    .map((f) => JOURNAL_RE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  for (const g of gens.filter((g) => g < gen)) fs.unlinkSync(path.join(dir, journalName(g))); // covered by the snapshot
  const live = gens.filter((g) => g >= gen);
  if (!haveSnapshot && live.length && live[0] !== 1) {
    throw new DataDirError(`cannot start: ${SNAPSHOT_FILE} is missing but the journals start at generation ${live[0]}; the state before it is lost. Restore the data dir from a backup or move it aside.`);
  }
  if (live.length && live[0] !== gen) {
    throw new DataDirError(`cannot start: ${SNAPSHOT_FILE} continues with journal generation ${gen} but the first journal is generation ${live[0]}.`);
  }
  for (let i = 1; i < live.length; i++) {
    if (live[i] !== live[i - 1] + 1) throw new DataDirError(`cannot start: journal generation ${live[i - 1] + 1} is missing (found ${live[i - 1]} and ${live[i]}).`);
  }
  return live;
}

/** Cuts a journal back to `length` bytes (0: recreated with only its header), durably. */
function truncate(dir: string, gen: number, length: number): void {
  const file = path.join(dir, journalName(gen));
  if (length === 0) {
    fs.unlinkSync(file);
    createJournalFile(dir, gen);
    return;
  }
  const fd = fs.openSync(file, "r+");
  try {
    fs.ftruncateSync(fd, length);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

import * as fs from "fs";
import * as path from "path";
import { createJournalFile, decodeLine, fsyncDir, Journal, JOURNAL_FORMAT, JOURNAL_RE, JOURNAL_VERSION, journalName } from "./journal";
import { forEachLine, loadSnapshot, serializeStore, SNAPSHOT_FILE, SNAPSHOT_TMP, SnapshotError } from "./snapshot";
import { Mutation } from "../state/mutation";
import { Store } from "../state/store";

/**
 * Durable state in a data directory: a lock file, `snapshot.jsonl` (optional) and
 * `journal-<gen>.jsonl` files.
 *
 * Start-up: take the lock, load the snapshot, replay the journals from the snapshot's generation on,
 * checking every line's CRC and that sequence numbers are contiguous. Anything unexpected stops
 * start-up with a `DataDirError` that names the file and line — the state is never silently reset.
 * The single exception is a torn last line of the newest journal (a crash in the middle of an
 * append): it was never fsync'd, so never acknowledged, and it is dropped with a warning.
 *
 * Compaction: rotate the journal to a new generation, serialize the store (a consistent cut, taken
 * synchronously), write it to a temp file, fsync, rename over `snapshot.jsonl`, fsync the directory,
 * then delete the journals the snapshot covers. A crash at any point leaves either the old snapshot
 * plus all journals or the new snapshot plus (possibly stale, then ignored) journals.
 */

export class DataDirError extends Error {
  override readonly name = "DataDirError";
}

export const LOCK_FILE = "LOCK";

const lockedInProcess = new Set<string>();

export interface PersistenceOptions {
  /** Compact once the current journal holds this many bytes. */
  compactAfterBytes: number;
  log: (line: string) => void;
  onFatal: (e: Error) => void;
}

export interface PersistenceStats {
  dataDir: string;
  journalGen: number;
  journalBytes: number;
  seq: number;
  durableSeq: number;
  fsyncs: number;
  compactions: number;
  replayedRecords: number;
  droppedTornLines: number;
}

export class Persistence {
  private compacting: Promise<void> | undefined;
  private snapshotSeq: number;
  private compactions = 0;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly store: Store,
    readonly journal: Journal,
    snapshotSeq: number,
    private readonly opts: PersistenceOptions,
    private readonly replayedRecords: number,
    private readonly droppedTornLines: number,
  ) {
    this.snapshotSeq = snapshotSeq;
    store.sink = (m: Mutation) => {
      journal.append(m);
    };
  }

  /** Opens (creating if needed) `dir`, loads its state into the empty `store` and starts journaling. */
  static open(dir: string, store: Store, opts: PersistenceOptions): Persistence {
    const abs = path.resolve(dir);
    fs.mkdirSync(abs, { recursive: true });
    lock(abs);
    try {
      return Persistence.load(abs, store, opts);
    } catch (e) {
      unlock(abs);
      throw e;
    }
  }

  private static load(dir: string, store: Store, opts: PersistenceOptions): Persistence {
    const tmp = path.join(dir, SNAPSHOT_TMP);
    if (fs.existsSync(tmp)) fs.unlinkSync(tmp); // an unfinished compaction; the journals still hold its data

    let gen = 1;
    let seq = 0;
    const snapPath = path.join(dir, SNAPSHOT_FILE);
    const haveSnapshot = fs.existsSync(snapPath);
    if (haveSnapshot) {
      try {
        const h = loadSnapshot(snapPath, store);
        gen = h.gen;
        seq = h.seq;
      } catch (e) {
        if (e instanceof SnapshotError) throw new DataDirError(`cannot start: ${e.message}. Refusing to start with a partial state; restore the data dir from a backup or move it aside.`);
        throw e;
      }
    }
    const snapshotSeq = seq;

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

    let replayed = 0;
    let dropped = 0;
    let lastBytes = 0;
    for (let i = 0; i < live.length; i++) {
      const g = live[i];
      const newest = i === live.length - 1;
      const file = path.join(dir, journalName(g));
      const r = replayJournal(file, g, seq, store, newest, opts.log);
      seq = r.seq;
      replayed += r.records;
      if (r.truncateTo !== undefined) {
        dropped++;
        if (r.truncateTo === 0) {
          fs.unlinkSync(file);
          createJournalFile(dir, g);
          lastBytes = 0;
        } else {
          const fd = fs.openSync(file, "r+");
          try {
            fs.ftruncateSync(fd, r.truncateTo);
            fs.fsyncSync(fd);
          } finally {
            fs.closeSync(fd);
          }
          lastBytes = r.truncateTo;
        }
      } else {
        lastBytes = r.bytes;
      }
    }
    let journalGen = live.length ? live[live.length - 1] : gen;
    if (!live.length) {
      createJournalFile(dir, journalGen);
      lastBytes = 0;
    }
    const journal = new Journal(dir, journalGen, seq, lastBytes, opts.onFatal);
    journalGen = journal.gen;
    return new Persistence(dir, store, journal, snapshotSeq, opts, replayed, dropped);
  }

  /** Resolves when every mutation committed so far is on disk. */
  durable(): Promise<void> {
    return this.journal.waitDurable();
  }

  /** Starts a compaction in the background when the journal is big enough. */
  maybeCompact(): void {
    if (this.closed || this.compacting || this.journal.bytes < this.opts.compactAfterBytes) return;
    this.compacting = this.compact()
      .catch((e: Error) => this.opts.log(`compaction failed (the journal keeps everything; will retry): ${e.message}`))
      .finally(() => {
        this.compacting = undefined;
      });
  }

  /** Rotates the journal and writes a snapshot of the current state. */
  async compact(): Promise<void> {
    const seq = this.journal.seq;
    const newGen = this.journal.gen + 1;
    this.journal.rotate(newGen);
    const chunks = serializeStore(this.store, newGen, seq); // synchronous: a consistent cut at `seq`
    const tmp = path.join(this.dir, SNAPSHOT_TMP);
    const fh = await fs.promises.open(tmp, "w");
    try {
      for (const c of chunks) await fh.write(c);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, path.join(this.dir, SNAPSHOT_FILE));
    fsyncDir(this.dir);
    await this.journal.waitDurable(seq);
    for (const f of await fs.promises.readdir(this.dir)) {
      const m = JOURNAL_RE.exec(f);
      if (m && Number(m[1]) < newGen) await fs.promises.unlink(path.join(this.dir, f));
    }
    fsyncDir(this.dir);
    this.snapshotSeq = seq;
    this.compactions++;
  }

  /** Flushes the journal, writes a final snapshot if anything changed, releases the lock. */
  async close(opts: { snapshot: boolean }): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.compacting) await this.compacting;
      await this.journal.waitDurable();
      if (opts.snapshot && this.journal.seq > this.snapshotSeq) await this.compact();
      await this.journal.close();
    } finally {
      this.store.sink = undefined;
      unlock(this.dir);
    }
  }

  stats(): PersistenceStats {
    return {
      dataDir: this.dir,
      journalGen: this.journal.gen,
      journalBytes: this.journal.bytes,
      seq: this.journal.seq,
      durableSeq: this.journal.durableSeq,
      fsyncs: this.journal.syncs,
      compactions: this.compactions,
      replayedRecords: this.replayedRecords,
      droppedTornLines: this.droppedTornLines,
    };
  }
}

interface ReplayResult {
  seq: number;
  records: number;
  bytes: number;
  /** Set when a torn tail was dropped: the length to truncate the file to. */
  truncateTo?: number;
}

function replayJournal(file: string, gen: number, startSeq: number, store: Store, newest: boolean, log: (l: string) => void): ReplayResult {
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

function lock(dir: string): void {
  const p = path.join(dir, LOCK_FILE);
  if (lockedInProcess.has(dir)) throw new DataDirError(`cannot start: data dir ${dir} is already in use by this process.`);
  try {
    const fd = fs.openSync(p, "wx");
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const pid = Number(fs.readFileSync(p, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new DataDirError(`cannot start: data dir ${dir} is in use by process ${pid} (${p}).`);
    }
    fs.writeFileSync(p, String(process.pid)); // stale lock of a process that is gone
  }
  lockedInProcess.add(dir);
}

function unlock(dir: string): void {
  lockedInProcess.delete(dir);
  try {
    fs.unlinkSync(path.join(dir, LOCK_FILE));
  } catch {
    /* already gone */
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

import * as fs from "fs";
import * as path from "path";
import { lock, unlock } from "./dataDirLock";
import { fsyncDir, Journal, JOURNAL_RE } from "./journal";
import { recoverDataDir } from "./recoverDataDir";
import { serializeStore, SNAPSHOT_FILE, SNAPSHOT_TMP } from "./snapshot";
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
      const r = recoverDataDir(abs, store, opts.log, opts.onFatal);
      return new Persistence(abs, store, r.journal, r.snapshotSeq, opts, r.replayedRecords, r.droppedTornLines);
    } catch (e) {
      unlock(abs);
      throw e;
    }
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

import * as fs from "fs";
import * as path from "path";
import { crc32Hex } from "./crc32";

/**
 * Append-only journal of committed mutations, with group commit.
 *
 * File `journal-<gen>.jsonl`: a header line, then one line per mutation. Every line is
 * `<crc32 hex> <json>\n`, the CRC covering the JSON text, so a torn or flipped line is detected.
 *
 * `append()` is synchronous and only queues the line; a flush loop writes every queued line with one
 * `write` and one `fdatasync`, then resolves the `waitDurable()` promises of everything it covered.
 * Requests that arrive while a flush is running are batched into the next one, so many concurrent
 * writes share one fsync. The server answers a request only after `waitDurable()` for the last
 * sequence number that existed when the handler finished: no acknowledged write is ever only in memory.
 */

export const JOURNAL_FORMAT = "alicloud-iot-emulator/journal";
export const JOURNAL_VERSION = 1;

export const journalName = (gen: number): string => `journal-${String(gen).padStart(8, "0")}.jsonl`;
export const JOURNAL_RE = /^journal-(\d{8})\.jsonl$/;

/** `<crc> <json>` line (without the newline). */
export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${crc32Hex(json)} ${json}`;
}

/** Parses a `<crc> <json>` line; returns undefined when the line is torn or corrupt. */
export function decodeLine(line: string): unknown {
  if (line.length < 10 || line[8] !== " ") return undefined;
  const json = line.slice(9);
  if (crc32Hex(json) !== line.slice(0, 8)) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** fsync of a directory, so a create/rename/unlink in it is durable. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch (e) {
    // Some platforms/filesystems refuse fsync on a directory (EISDIR/EINVAL/EPERM); nothing more can be done there.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EINVAL" && code !== "EPERM" && code !== "EBADF") throw e;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

interface JournalFile {
  fd: number;
  gen: number;
  path: string;
}

interface Batch {
  file: JournalFile;
  lines: string[];
  lastSeq: number;
}

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

export class Journal {
  private current: JournalFile;
  private queue: Batch[] = [];
  private waiters: Waiter[] = [];
  private flushing = false;
  private scheduled = false;
  private failed: Error | undefined;
  private retired: JournalFile[] = [];
  /** Last sequence number handed out. */
  seq: number;
  /** Last sequence number known to be on disk. */
  durableSeq: number;
  /** Bytes in the current journal file (to decide when to compact). */
  bytes: number;
  /** Number of fdatasync calls (stats; shows group commit at work). */
  syncs = 0;

  /** Opens `file` for appending; it must already hold a valid header (see `createJournalFile`). */
  constructor(
    readonly dir: string,
    gen: number,
    lastSeq: number,
    bytes: number,
    private readonly onFatal: (e: Error) => void,
  ) {
    const p = path.join(dir, journalName(gen));
    this.current = { fd: fs.openSync(p, "a"), gen, path: p };
    this.seq = lastSeq;
    this.durableSeq = lastSeq;
    this.bytes = bytes;
  }

  get gen(): number {
    return this.current.gen;
  }

  /** Queues one record; returns its sequence number. */
  append(record: unknown): number {
    const seq = ++this.seq;
    const line = encodeLine({ s: seq, m: record }) + "\n";
    this.bytes += Buffer.byteLength(line);
    const tail = this.queue[this.queue.length - 1];
    if (tail && tail.file === this.current) {
      tail.lines.push(line);
      tail.lastSeq = seq;
    } else {
      this.queue.push({ file: this.current, lines: [line], lastSeq: seq });
    }
    this.schedule();
    return seq;
  }

  /** Resolves once every record up to `seq` (default: all appended so far) is on disk. */
  waitDurable(seq: number = this.seq): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (seq <= this.durableSeq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /**
   * Switches appends to a new journal generation. The new file is created with its header and made
   * durable synchronously; records already queued still go to the old file.
   */
  rotate(newGen: number): void {
    const p = createJournalFile(this.dir, newGen);
    this.retired.push(this.current);
    this.current = { fd: fs.openSync(p, "a"), gen: newGen, path: p };
    this.bytes = 0;
  }

  private schedule(): void {
    if (this.flushing || this.scheduled || this.failed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.failed) return;
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batches = this.queue;
        this.queue = [];
        for (const b of batches) {
          await writeAll(b.file.fd, Buffer.from(b.lines.join(""), "utf8"));
        }
        const files = new Set(batches.map((b) => b.file));
        for (const f of files) await fdatasync(f.fd);
        this.syncs++;
        this.durableSeq = batches[batches.length - 1].lastSeq;
        this.release();
        this.closeRetired();
      }
    } catch (e) {
      this.fail(e as Error);
    } finally {
      this.flushing = false;
    }
    if (this.queue.length) this.schedule();
  }

  private release(): void {
    if (!this.waiters.length) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.seq <= this.durableSeq) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private closeRetired(): void {
    const busy = new Set(this.queue.map((b) => b.file));
    this.retired = this.retired.filter((f) => {
      if (busy.has(f)) return true;
      fs.closeSync(f.fd);
      return false;
    });
  }

  private fail(e: Error): void {
    this.failed = new Error(`journal write failed: ${e.message}`);
    for (const w of this.waiters) w.reject(this.failed);
    this.waiters = [];
    this.onFatal(this.failed);
  }

  /** Waits for everything queued to be durable, then closes the files. */
  async close(): Promise<void> {
    await this.waitDurable();
    while (this.flushing) await new Promise((r) => setImmediate(r));
    for (const f of this.retired) fs.closeSync(f.fd);
    this.retired = [];
    fs.closeSync(this.current.fd);
  }
}

/** Creates `journal-<gen>.jsonl` holding only its header, durably (file fsync + dir fsync). */
export function createJournalFile(dir: string, gen: number): string {
  const p = path.join(dir, journalName(gen));
  const fd = fs.openSync(p, "wx");
  try {
    fs.writeSync(fd, encodeLine({ format: JOURNAL_FORMAT, version: JOURNAL_VERSION, gen }) + "\n");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDir(dir);
  return p;
}

function writeAll(fd: number, buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (off: number): void => {
      fs.write(fd, buf, off, buf.length - off, null, (err, n) => {
        if (err) return reject(err);
        if (off + n < buf.length) return step(off + n);
        resolve();
      });
    };
    step(0);
  });
}

function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

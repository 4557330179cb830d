import * as fs from "fs";
import * as path from "path";
import { DataDirError } from "./dataDirError";

/**
 * The data dir's lock: a `LOCK` file holding the owner's pid. A lock whose process is gone is
 * taken over; one of a live process (or of this process, twice) refuses start-up.
 */
export const LOCK_FILE = "LOCK";

const lockedInProcess = new Set<string>();

export function lock(dir: string): void {
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

export function unlock(dir: string): void {
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

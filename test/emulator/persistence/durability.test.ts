import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DataDirError } from "../../../emulator/persistence/dataDirError";
import { createJournalFile, decodeLine, encodeLine, Journal, journalName } from "../../../emulator/persistence/journal";
import { SNAPSHOT_FILE } from "../../../emulator/persistence/snapshot";
import { EmulatorProcess, startEmulatorProcess } from "../../helpers/emulatorProcess";
import { signedCall, start, TestEmulator } from "../helpers";

/**
 * Durability with --data-dir: no acknowledged write is lost across kill -9, a clean stop or a
 * restart; a corrupt or unknown file stops start-up with a clear message (never a silent reset);
 * a torn last journal line — the one thing a crash mid-append can leave — is dropped.
 */

const REPO = path.resolve(__dirname, "../../..");
const CLI = path.join(REPO, "emulator", "cli.ts");

/** Runs the CLI from source (no build needed). */
function spawnCli(args: string[]): Promise<EmulatorProcess> {
  return startEmulatorProcess({ cli: CLI, nodeArgs: ["-r", "ts-node/register/transpile-only"], cwd: REPO, args: ["--quiet", ...args] });
}

/** What signedCall needs to reach a CLI emulator (real clock). */
function remote(endpoint: string): TestEmulator {
  return { endpoint, accessKeyId: "emulator-key-id", accessKeySecret: "emulator-key-secret", clock: { now: () => Date.now() } } as unknown as TestEmulator;
}

const tmpDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "iot-emu-"));

describe("emulator durability (--data-dir)", function () {
  this.timeout(90_000);

  it("loses no acknowledged write when the process is killed with SIGKILL mid-stream", async () => {
    const dir = tmpDir();
    const first = await spawnCli(["--data-dir", dir, "--qps", "*=0", "--create-delay-ms", "0", "--check-delay-ms", "0"]);
    const emu = remote(first.endpoint);

    // State written before the stream: a product with a registered batch (random secrets) and a driver.
    const prod = await signedCall(emu, { action: "CreateProduct", params: { ProductName: "durable_prod", NodeType: "0" } });
    const productKey: string = prod.json.ProductKey;
    const batch = await signedCall(emu, { action: "BatchRegisterDevice", params: { ProductKey: productKey, Count: "20" } });
    const applyId: string = String(batch.json.Data.ApplyId);
    const page = await signedCall(emu, { action: "QueryPageByApplyId", params: { ApplyId: applyId, PageSize: "50" } });
    assert.equal(page.json.Total, 20);
    const secrets = new Map<string, string>(page.json.ApplyDeviceList.ApplyDeviceInfo.map((d: { DeviceName: string; DeviceSecret: string }) => [d.DeviceName, d.DeviceSecret]));
    const drv = await signedCall(emu, { action: "CreateEdgeDriver", params: { DriverName: "BaseDriver", DriverProtocol: "modbus", Runtime: "c" } });
    const baseDriver: string = drv.json.DriverId;

    // Stream writes from 8 concurrent workers; remember what was acknowledged.
    const drivers: { id: string; name: string }[] = [];
    const versions: string[] = [];
    const products: { key: string; name: string }[] = [];
    let killed = false;
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        try {
          const kind = i % 3;
          if (kind === 0) {
            const name = `D${w}_${i}`;
            const r = await signedCall(emu, { action: "CreateEdgeDriver", params: { DriverName: name, DriverProtocol: "customize", Runtime: "nodejs8" } });
            if (r.json?.Success) drivers.push({ id: r.json.DriverId, name });
          } else if (kind === 1) {
            const v = `${w}.${i}.0`;
            const r = await signedCall(emu, { action: "CreateEdgeDriverVersion", params: { DriverId: baseDriver, DriverVersion: v, EdgeVersion: "2.0.0", Description: `w${w}` } });
            if (r.json?.Success) versions.push(v);
          } else {
            const name = `prod_${w}_${i}`;
            const r = await signedCall(emu, { action: "CreateProduct", params: { ProductName: name, NodeType: "1" } });
            if (r.json?.Success) products.push({ key: r.json.ProductKey, name });
          }
        } catch {
          return; // the connection died with the process: that write was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    const t0 = Date.now();
    while (drivers.length + versions.length + products.length < 300 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 10));
    const stopped = first.stop("SIGKILL");
    killed = true;
    await stopped;
    await Promise.all(workers);
    const acked = drivers.length + versions.length + products.length;
    assert.ok(acked >= 30, `only ${acked} writes were acknowledged before the kill`);
    if (process.env.EMU_TEST_VERBOSE) console.log(`acknowledged before kill: ${acked}`);

    const second = await spawnCli(["--data-dir", dir, "--qps", "*=0"]);
    try {
      const emu2 = remote(second.endpoint);
      for (let i = 0; i < drivers.length; i += 30) {
        const chunk = drivers.slice(i, i + 30);
        const params: Record<string, string> = {};
        chunk.forEach((d, j) => (params[`DriverIds.${j + 1}`] = d.id));
        const r = await signedCall(emu2, { action: "BatchGetEdgeDriver", params });
        const got = new Map<string, string>(r.json.DriverList.map((d: { DriverId: string; DriverName: string }) => [d.DriverId, d.DriverName]));
        for (const d of chunk) assert.equal(got.get(d.id), d.name, `driver ${d.name} was acknowledged but is gone`);
      }
      const vq = await signedCall(emu2, { action: "QueryEdgeDriverVersion", params: { DriverId: baseDriver, CurrentPage: "1", PageSize: "30" } });
      const total = vq.json.Data.Total as number;
      const all = new Set<string>();
      for (let p = 1; (p - 1) * 30 < total; p++) {
        const r = await signedCall(emu2, { action: "QueryEdgeDriverVersion", params: { DriverId: baseDriver, CurrentPage: String(p), PageSize: "30" } });
        for (const v of r.json.Data.DriverVersionList) all.add(v.DriverVersion);
      }
      for (const v of versions) assert.ok(all.has(v), `driver version ${v} was acknowledged but is gone`);
      for (const p of products) {
        const r = await signedCall(emu2, { action: "QueryProduct", params: { ProductKey: p.key } });
        assert.equal(r.json.Data?.ProductName, p.name, `product ${p.name} was acknowledged but is gone`);
      }
      const after = await signedCall(emu2, { action: "QueryPageByApplyId", params: { ApplyId: applyId, PageSize: "50" } });
      assert.equal(after.json.Total, 20);
      for (const d of after.json.ApplyDeviceList.ApplyDeviceInfo) assert.equal(d.DeviceSecret, secrets.get(d.DeviceName));

      // A clean stop (SIGTERM) exits 0 and keeps everything too.
      assert.equal(await second.stop(), 0);
      assert.ok(fs.existsSync(path.join(dir, SNAPSHOT_FILE)), "a clean stop writes a snapshot");
      const third = await spawnCli(["--data-dir", dir]);
      try {
        const r = await signedCall(remote(third.endpoint), { action: "QueryProduct", params: { ProductKey: productKey } });
        assert.equal(r.json.Data.DeviceCount, 20);
      } finally {
        assert.equal(await third.stop(), 0);
      }
    } finally {
      await second.stop("SIGKILL"); // resolves at once when it has already exited
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a corrupt snapshot stops the CLI at start-up with exit code 2 and a message naming the file", async () => {
    const dir = tmpDir();
    try {
      const emu = await start({ dataDir: dir });
      await signedCall(emu, { action: "CreateProduct", params: { ProductName: "will_corrupt", NodeType: "0" } });
      await emu.close();
      const file = path.join(dir, SNAPSHOT_FILE);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("will_corrupt", "wilL_corrupt"));
      await assert.rejects(spawnCli(["--data-dir", dir]), (e: Error) => {
        assert.match(e.message, /exited with 2 before listening/);
        assert.match(e.message, /snapshot\.jsonl: line 2 is corrupt/);
        assert.match(e.message, /Refusing to start/);
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("emulator data dir (in process)", () => {
  let dir: string;
  beforeEach(() => (dir = tmpDir()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function withState(opts: { snapshotOnClose?: boolean } = {}): Promise<string> {
    const emu = await start({ dataDir: dir, snapshotOnClose: opts.snapshotOnClose ?? false });
    const r = await signedCall(emu, { action: "CreateProduct", params: { ProductName: "first_prod", NodeType: "0" } });
    await signedCall(emu, { action: "CreateProduct", params: { ProductName: "second_prod", NodeType: "0" } });
    await emu.close();
    return r.json.ProductKey;
  }

  const journalPath = (gen = 1): string => path.join(dir, journalName(gen));

  it("replays the journal after a restart", async () => {
    const pk = await withState();
    const emu = await start({ dataDir: dir });
    try {
      assert.equal((await signedCall(emu, { action: "QueryProduct", params: { ProductKey: pk } })).json.Data.ProductName, "first_prod");
      assert.equal(emu.persistenceStats()!.replayedRecords, 2);
    } finally {
      await emu.close();
    }
  });

  it("drops a torn last journal line (never acknowledged) and keeps the rest", async () => {
    const pk = await withState();
    fs.appendFileSync(journalPath(), '3f2a11c0 {"s":3,"m":{"op":"product.cre');
    const logs: string[] = [];
    const emu = await start({ dataDir: dir, log: (l) => logs.push(l) });
    try {
      assert.equal((await signedCall(emu, { action: "QueryProduct", params: { ProductKey: pk } })).json.Success, true);
      assert.equal(emu.persistenceStats()!.droppedTornLines, 1);
      assert.ok(logs.some((l) => /dropping a torn last line/.test(l)));
      // Appending goes on after the good prefix.
      await signedCall(emu, { action: "CreateProduct", params: { ProductName: "third_prod", NodeType: "0" } });
    } finally {
      await emu.close();
    }
    const again = await start({ dataDir: dir });
    try {
      assert.equal(again.store.counts().products, 3);
    } finally {
      await again.close();
    }
  });

  it("refuses to start when a journal line in the middle is corrupt", async () => {
    await withState();
    const lines = fs.readFileSync(journalPath(), "utf8").split("\n");
    lines[1] = lines[1].replace("first_prod", "firsT_prod");
    fs.writeFileSync(journalPath(), lines.join("\n"));
    await assert.rejects(start({ dataDir: dir }), (e: Error) => e instanceof DataDirError && /journal-00000001\.jsonl line 2 is corrupt .* not the last line/.test(e.message));
  });

  it("refuses to start on an unknown journal or snapshot format version", async () => {
    await withState();
    const lines = fs.readFileSync(journalPath(), "utf8").split("\n");
    lines[0] = encodeLine({ format: "alicloud-iot-emulator/journal", version: 99, gen: 1 });
    fs.writeFileSync(journalPath(), lines.join("\n"));
    await assert.rejects(start({ dataDir: dir }), /journal format version 99; this emulator reads version 1/);
    fs.writeFileSync(path.join(dir, SNAPSHOT_FILE), encodeLine({ format: "alicloud-iot-emulator/snapshot", version: 7, gen: 1, seq: 0, nextApplyId: 1 }) + "\n");
    await assert.rejects(start({ dataDir: dir }), /snapshot format version 7 is not supported/);
  });

  it("refuses to start when a journal generation is missing", async () => {
    await withState({ snapshotOnClose: true }); // snapshot gen 2, journal-00000002
    fs.renameSync(journalPath(2), journalPath(3));
    await assert.rejects(start({ dataDir: dir }), /continues with journal generation 2 but the first journal is generation 3/);
  });

  it("recovers from a crash in the middle of a compaction (leftover temp file, stale journals)", async () => {
    await withState(); // journal-00000001 only
    const stale = fs.readFileSync(journalPath(1));
    const emu = await start({ dataDir: dir });
    await emu.close(); // snapshot gen 2 + journal-00000002; journal-00000001 deleted
    fs.writeFileSync(journalPath(1), stale); // as if the crash came before the old journal was deleted
    fs.writeFileSync(path.join(dir, "snapshot.jsonl.tmp"), "half a snapshot"); // and a temp file of a later compaction
    const again = await start({ dataDir: dir });
    try {
      assert.equal(again.store.counts().products, 2);
      assert.equal(again.persistenceStats()!.replayedRecords, 0, "the stale journal is covered by the snapshot");
    } finally {
      await again.close();
    }
    assert.ok(!fs.existsSync(journalPath(1)));
    assert.ok(!fs.existsSync(path.join(dir, "snapshot.jsonl.tmp")));
  });

  it("refuses a second emulator on the same data dir", async () => {
    const emu = await start({ dataDir: dir });
    try {
      await assert.rejects(start({ dataDir: dir }), /already in use/);
    } finally {
      await emu.close();
    }
  });

  it("group-commits: records appended while a flush is pending share one fdatasync", async () => {
    createJournalFile(dir, 1);
    const j = new Journal(dir, 1, 0, 0, (e) => assert.fail(e));
    for (let i = 0; i < 100; i++) j.append({ op: "reset" });
    const first = j.waitDurable(1);
    await j.waitDurable();
    await first;
    assert.equal(j.syncs, 1);
    assert.equal(j.durableSeq, 100);
    await j.close();
    const lines = fs.readFileSync(journalPath(), "utf8").trim().split("\n");
    assert.equal(lines.length, 101);
    assert.deepEqual(decodeLine(lines[100]), { s: 100, m: { op: "reset" } });
  });

  it("compacts the journal into a snapshot and restarts from snapshot + journal", async () => {
    const emu = await start({ dataDir: dir, compactAfterBytes: 4_000, qps: { "*": 0 }, createDelayMs: 0 });
    const keys: string[] = [];
    try {
      for (let i = 0; i < 40; i++) {
        const r = await signedCall(emu, { action: "CreateProduct", params: { ProductName: `compact_${i}`, NodeType: String(i % 2) } });
        keys.push(r.json.ProductKey);
      }
      const b = await signedCall(emu, { action: "BatchRegisterDevice", params: { ProductKey: keys[1], Count: "5" } });
      const gw = await signedCall(emu, { action: "QueryPageByApplyId", params: { ApplyId: String(b.json.Data.ApplyId) } });
      assert.equal(gw.json.Total, 5);
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(emu.persistenceStats()!.compactions >= 1, "compaction ran");
    } finally {
      await emu.close();
    }
    const files = fs.readdirSync(dir).filter((f) => f.startsWith("journal-"));
    assert.equal(files.length, 1, `old journals are deleted: ${files}`);
    const again = await start({ dataDir: dir });
    try {
      assert.equal(again.store.counts().products, 40);
      assert.equal(again.store.counts().devices, 5);
      for (const k of keys) assert.equal((await signedCall(again, { action: "QueryProduct", params: { ProductKey: k } })).json.Success, true);
    } finally {
      await again.close();
    }
  });
});

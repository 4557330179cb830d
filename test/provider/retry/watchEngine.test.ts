import assert from "node:assert/strict";
import { createServer } from "net";
import type { AddressInfo } from "net";
import { engineAddress, watchEngine } from "../../../provider/retry/watchEngine";

describe(watchEngine.name, () => {
  it("finds the engine address of the dynamic-provider host (first argument) and of the program (PULUMI_NODEJS_ENGINE)", () => {
    const node = "/usr/bin/node";
    assert.equal(engineAddress([node, "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider", "127.0.0.1:40123", "--x"], {}), "127.0.0.1:40123");
    assert.equal(engineAddress([node, "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:40123"], {}), "127.0.0.1:40123");
    assert.equal(engineAddress([node, "/p/node_modules/@pulumi/pulumi/cmd/run", "--monitor=x"], { PULUMI_NODEJS_ENGINE: "127.0.0.1:40999" }), "127.0.0.1:40999");
    assert.equal(engineAddress([node, "/p/node_modules/.bin/mocha", "127.0.0.1:1"], {}), undefined);
    assert.equal(engineAddress([node, "/p/cmd/dynamic-provider", "not an address"], { PULUMI_NODEJS_ENGINE: "" }), undefined);
  });

  it("keeps probing while the engine listens, and reports it gone once the connection is refused", async () => {
    let probes = 0;
    let sawProbes!: () => void;
    const probed = new Promise<void>((resolve) => (sawProbes = resolve));
    const engine = createServer((socket) => {
      socket.on("error", () => undefined);
      if (++probes === 3) sawProbes();
    });
    await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
    const address = `127.0.0.1:${(engine.address() as AddressInfo).port}`;
    let gone: string | undefined;
    const reported = new Promise<void>((resolve) => {
      const watch = watchEngine(
        address,
        (reason) => {
          gone = reason;
          watch.stop();
          resolve();
        },
        { intervalMs: 10 },
      );
    });
    await probed;
    assert.equal(gone, undefined, "reported gone while the engine was listening");
    await new Promise<void>((resolve) => engine.close(() => resolve()));
    await reported;
    assert.equal(gone, `the Pulumi engine at ${address} is gone (ECONNREFUSED): the CLI that started this process has exited`);
  });
});

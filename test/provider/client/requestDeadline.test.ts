import assert from "node:assert/strict";
import { createServer } from "net";
import type { AddressInfo, Server, Socket } from "net";
import { RpcClient } from "../../../provider/client/RpcClient";
import type { ResolvedConfig } from "../../../provider/config";
import { isIotApiError } from "../../../provider/errors/IotApiError";
import type { IotApiError } from "../../../provider/errors/IotApiError";
import type { Permit, RateLimiter } from "../../../provider/retry/RateLimiter";

/** A limiter that never waits. */
const freeLimiter: RateLimiter = { acquire: (): Promise<Permit> => Promise.resolve({ release: () => undefined }) };

/**
 * A loopback TCP server that behaves as a slow or dead endpoint: `trickle` answers a valid HTTP
 * response one byte every `everyMs`; `blackHole` accepts the connection and never reads or answers.
 */
async function startSlowServer(mode: "trickle" | "blackHole", everyMs = 20): Promise<{ endpoint: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    if (mode === "blackHole") return socket.pause();
    const body = JSON.stringify({ RequestId: "R", Success: true, Padding: "x".repeat(200) });
    const response = Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= response.length || socket.destroyed) return clearInterval(timer);
      socket.write(response.subarray(sent, sent + 1));
      sent++;
    }, everyMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function configFor(endpoint: string): ResolvedConfig {
  return { endpoint, region: "cn-shanghai", accessKeyId: "LTAI5tDeadlineTest", accessKeySecret: "deadline-secret", qpsOverrides: {} };
}

async function rejection(promise: Promise<unknown>): Promise<IotApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isIotApiError(err), `expected an IotApiError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected the call to reject");
}

describe("RpcClient request deadline", () => {
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  it("fails a response trickled one byte at a time at the deadline, not at an idle timeout", async () => {
    // 20 ms per byte keeps every socket event well inside any idle timeout; the ~300-byte answer would take ~6 s.
    const server = await startSlowServer("trickle", 20);
    servers.push(server);
    const client = new RpcClient(configFor(server.endpoint), { limiter: freeLimiter, timeoutMs: 150, maxAttempts: 1 });
    const err = await rejection(client.call("QueryDeviceDetail", {}));
    assert.equal(err.code, "REQUEST_DEADLINE_EXCEEDED");
    assert.equal(err.kind, "network");
    assert.match(err.message, /no complete response arrived within the request deadline/);
  });

  it("fails a black-holed endpoint at the deadline, and its retries stay within the operation's budget", async () => {
    const server = await startSlowServer("blackHole");
    servers.push(server);
    const sleeps: number[] = [];
    const client = new RpcClient(configFor(server.endpoint), {
      limiter: freeLimiter,
      timeoutMs: 100,
      maxTotalMs: 250,
      maxAttempts: 8,
      random: () => 0,
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
    });
    const err = await rejection(client.call("QueryDeviceDetail", {}));
    assert.equal(err.code, "REQUEST_DEADLINE_EXCEEDED");
    assert.equal(err.retryRefusal, "timeBudgetExhausted");
    // Each attempt waits its full deadline (100 ms), cut to what is left of the 250 ms budget; the
    // backoffs (random 0: 100 ms, 200 ms) count too, so the budget allows two attempts, not eight.
    assert.ok(err.attempts !== undefined && err.attempts < 8, `attempts ${err.attempts}`);
    assert.ok(server.connections() >= 1 && server.connections() <= (err.attempts ?? 0), `${server.connections()} connections`);
  });

  it("does not retry a deadline of a non-idempotent action (the request may have run)", async () => {
    const server = await startSlowServer("blackHole");
    servers.push(server);
    const client = new RpcClient(configFor(server.endpoint), { limiter: freeLimiter, timeoutMs: 50, sleep: () => Promise.resolve() });
    const err = await rejection(client.call("CreateEdgeDriver", {}));
    assert.equal(err.code, "REQUEST_DEADLINE_EXCEEDED");
    assert.equal(err.retryRefusal, "outcomeUnknown");
    assert.equal(err.attempts, 1);
  });
});

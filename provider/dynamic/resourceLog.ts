import { currentOperation } from "./operationContext";

/**
 * Messages of a long operation, attached to the resource's row when the engine allows it.
 *
 * Why not `console.log` or `pulumi.log`: the Node dynamic-provider host (`@pulumi/pulumi`
 * cmd/dynamic-provider) has no engine connection of its own, so `pulumi.log.info(msg, resource)`
 * falls back to `console.log` there, and the engine shows a plugin's stdout as Info messages with no
 * URN: on the `pulumi:pulumi:Stack` row, and again under Diagnostics (pulumi/pulumi#18253, #6065).
 * The host does receive the engine's address as its first argument (the one
 * `pulumi-resource-pulumi-nodejs` passes on), and the engine serves `pulumirpc.Engine/Log` there,
 * whose `urn` attaches a message to a row and whose `ephemeral` flag shows it in the row's status
 * without repeating it under Diagnostics. The requests the host gets carry the URN, but the host does
 * not pass it to the provider, so each resource class sends its own URN as the `__urn` input
 * (`pulumi.createUrn`; keys starting with `__` are never shown in a diff).
 *
 * When any of this is missing (not inside the provider host, no `__urn` in 0.1.0 state, an SDK
 * without the generated engine client, the engine gone) messages go to `console.log` as before.
 */
export interface ResourceLog {
  /** A progress line: on the resource's row while it runs; not repeated under Diagnostics. */
  progress(message: string): void;
  /** A line kept under Diagnostics, under the resource's name. */
  info(message: string): void;
  /** A warning under the resource's name. */
  warn(message: string): void;
  /** Resolves once every message so far has reached the engine (or the console). */
  flush(): Promise<void>;
}

/** How a message reaches the engine; a fake in unit tests. */
export interface EngineLogSink {
  log(message: { severity: "info" | "warning"; message: string; urn: string; ephemeral: boolean }): Promise<void>;
}

const SINK_KEY = Symbol.for("pulumi-alicloud-iot.engineLogSink");
type SinkSlot = { sink: EngineLogSink | null };

/** The process's sink to the engine, or null outside the dynamic-provider host (built once, on globalThis). */
export function engineLogSink(argv: readonly string[] = process.argv): EngineLogSink | null {
  const g = globalThis as unknown as Record<symbol, SinkSlot | undefined>;
  let slot = g[SINK_KEY];
  if (slot === undefined) {
    slot = { sink: connect(argv) };
    g[SINK_KEY] = slot;
  }
  return slot.sink;
}

/** For tests: the sink {@link engineLogSink} returns from now on (null: the console). */
export function setEngineLogSink(sink: EngineLogSink | null): void {
  (globalThis as unknown as Record<symbol, SinkSlot>)[SINK_KEY] = { sink };
}

/**
 * A log for the resource `urn` (its `__urn` input; undefined in 0.1.0 state). `prefix` starts
 * console lines, where no row names the resource.
 */
export function resourceLog(given: unknown, prefix: string, sink: EngineLogSink | null = engineLogSink()): ResourceLog {
  // Without a URN of its own, the log writes to the row of the operation in progress, if it has one.
  const urn = typeof given === "string" ? given : currentOperation()?.urn;
  let chain: Promise<void> = Promise.resolve();
  let target = typeof urn === "string" && urn.startsWith("urn:pulumi:") ? sink : null;
  const send = (severity: "info" | "warning", message: string, ephemeral: boolean): void => {
    if (target === null) {
      (severity === "warning" ? console.error : console.log)(severity === "warning" ? `warning: ${prefix}${message}` : `${prefix}${message}`);
      return;
    }
    const to = target;
    chain = chain.then(() =>
      to.log({ severity, message, urn: urn as string, ephemeral }).catch(() => {
        // The engine went away or refused: the rest goes to the console.
        target = null;
        console.log(`${prefix}${message}`);
      }),
    );
  };
  return {
    progress: (m) => send("info", m, true),
    info: (m) => send("info", m, false),
    warn: (m) => send("warning", m, false),
    flush: () => chain,
  };
}

/** The gRPC Engine client, when this process is the dynamic-provider host started by the engine. */
function connect(argv: readonly string[]): EngineLogSink | null {
  const script = argv[1] ?? "";
  const address = argv[2];
  if (!/dynamic-provider([\\/]index\.js)?$/.test(script) || address === undefined || !/^[\w.:[\]-]+:\d+$/.test(address)) return null;
  try {
    /* eslint-disable @typescript-eslint/no-var-requires */
    const path = require("path") as typeof import("path");
    const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
    const services = require(path.join(sdkDir, "proto", "engine_grpc_pb.js"));
    const messages = require(path.join(sdkDir, "proto", "engine_pb.js"));
    /* eslint-enable @typescript-eslint/no-var-requires */
    const client = new services.EngineClient(address, grpc.credentials.createInsecure());
    return {
      log({ severity, message, urn, ephemeral }) {
        const req = new messages.LogRequest();
        req.setSeverity(severity === "warning" ? messages.LogSeverity.WARNING : messages.LogSeverity.INFO);
        req.setMessage(message);
        req.setUrn(urn);
        req.setEphemeral(ephemeral);
        return new Promise<void>((resolve, reject) => client.log(req, (err: Error | null) => (err ? reject(err) : resolve())));
      },
    };
  } catch {
    return null;
  }
}

/**
 * The log of the provider operation in progress (its resource's row, see resourceOperations.ts), or
 * the console outside one (unit tests, the program side).
 */
export function operationLog(): ResourceLog {
  return currentOperation()?.log ?? resourceLog(undefined, "", null);
}

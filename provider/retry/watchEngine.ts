import { connect } from "net";
import { ENGINE_WATCH } from "../limits";

/**
 * The address of the Pulumi engine that started this process, when it is one of the engine's Node
 * processes: the dynamic-provider host (`node …/@pulumi/pulumi/cmd/dynamic-provider <engine> …`, the
 * engine address is its first argument) or the program (`PULUMI_NODEJS_ENGINE`, set by
 * `@pulumi/pulumi/cmd/run`). Otherwise undefined (tests, scripts, the emulator).
 */
export function engineAddress(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const isAddress = (a: string | undefined): a is string => a !== undefined && /^[A-Za-z0-9.\-[\]:]+:\d+$/.test(a);
  if (/[\\/]cmd[\\/]dynamic-provider([\\/]index(\.js)?)?$/.test(argv[1] ?? "") && isAddress(argv[2])) return argv[2];
  const fromEnv = env.PULUMI_NODEJS_ENGINE;
  return isAddress(fromEnv) ? fromEnv : undefined;
}

/** Options of {@link watchEngine}. */
export interface WatchEngineOptions {
  /** Time between two probes, ms. Defaults to `ENGINE_WATCH.intervalMs`. */
  readonly intervalMs?: number;
  /** A probe that neither connects nor is refused within this long counts as alive (a busy host), ms. */
  readonly probeTimeoutMs?: number;
}

/** A running watch; `stop()` ends it. */
export interface EngineWatch {
  stop(): void;
}

/**
 * Probes the engine's gRPC address with a plain TCP connect every `intervalMs`, and calls `onGone`
 * once when the connection is refused: the engine's listener is gone, so the CLI process died
 * (`kill -9`, a crashed CI runner). Why a probe: the engine starts the dynamic provider through a
 * shell script, so the provider's parent is that shell, which outlives the CLI; the engine's gRPC
 * calls to the provider simply stop, and nothing else tells the provider. The timers are unref'd, so
 * the watch never keeps a process alive.
 */
export function watchEngine(address: string, onGone: (reason: string) => void, options: WatchEngineOptions = {}): EngineWatch {
  const watch = new EngineProbe(address, onGone, options.intervalMs ?? ENGINE_WATCH.intervalMs, options.probeTimeoutMs ?? ENGINE_WATCH.probeTimeoutMs);
  watch.schedule();
  return watch;
}

/** One watch: a probe every interval until refused or stopped (a class, so Pulumi's closure serializer can capture the module). */
class EngineProbe implements EngineWatch {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly host: string;
  private readonly port: number;

  constructor(
    private readonly address: string,
    private readonly onGone: (reason: string) => void,
    private readonly intervalMs: number,
    private readonly probeTimeoutMs: number,
  ) {
    const colon = address.lastIndexOf(":");
    this.host = address.slice(0, colon).replace(/^\[|\]$/g, "");
    this.port = Number(address.slice(colon + 1));
  }

  schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.probe(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private probe(): void {
    const socket = connect({ host: this.host, port: this.port });
    socket.unref();
    socket.setTimeout(this.probeTimeoutMs);
    socket.once("connect", () => {
      socket.destroy();
      this.schedule();
    });
    socket.once("timeout", () => {
      socket.destroy();
      this.schedule();
    });
    socket.once("error", (e: NodeJS.ErrnoException) => {
      socket.destroy();
      if (this.stopped) return;
      if (e.code === "ECONNREFUSED" || e.code === "ENOENT") {
        this.stopped = true;
        this.onGone(`the Pulumi engine at ${this.address} is gone (${e.code}): the CLI that started this process has exited`);
      } else {
        this.schedule();
      }
    });
  }
}

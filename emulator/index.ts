import { resetScopes, parseResetScopes } from "./http/admin";
import type { Clock } from "./state/clock";
import type { PersistenceStats } from "./persistence/dataDir";
import type { Fault, FaultSpec } from "./http/faults";
import type { Invocation } from "./handlers/context";
import { EmulatorOptions, resolveOptions, StsOptions } from "./options";
import { EmulatorServer } from "./http/server";
import type { SeedResult } from "./seed/applySeed";
import { loadSeedFile } from "./seed/loadSeedFile";
import { parseSeed } from "./seed/parseSeed";
import { describeSeedResult, seedServer } from "./seed/seedServer";
import { writeFileSync } from "fs";
import type { AddressInfo } from "net";
import { DEFAULT_ACCOUNT } from "./options";
import { generateTlsCertificate } from "./sts/generateTlsCertificate";
import type { IssuedCredential } from "./sts/StsServer";
import { StsServer } from "./sts/StsServer";
import type { ActionStats } from "./http/stats";
import type { Device } from "./state/device";
import type { Store } from "./state/store";

/**
 * A local emulator of the Alibaba Cloud IoT Platform API (product Iot, 2018-01-20, RPC) — the
 * embedded default for the demo, the tests and users' CI. See docs/emulator.md.
 *
 *   const emu = await startEmulator({ clock: new FakeClock() });
 *   // emu.endpoint = "http://127.0.0.1:PORT"; the Tea SDK wants emu.address = "127.0.0.1:PORT".
 *   …
 *   await emu.close();
 */

export interface EmulatorHandle {
  /** `http://HOST:PORT` */
  readonly endpoint: string;
  /** `HOST:PORT` (what `@alicloud/openapi-client` Config.endpoint takes, with `protocol: "http"`). */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly regionId: string;
  /** The emulator's clock (the injected one, plus any offset set through /_emulator/clock). */
  readonly clock: Clock;
  /** The state, for white-box assertions. Read it; change it only through API calls. */
  readonly store: Store;
  /**
   * Test seam: the devices of `productKey` as the emulator holds them (any account or instance),
   * in creation order, with their secrets and topology (`gw`, `subs`). Read-only by contract.
   */
  devicesOf(productKey: string): readonly Device[];
  /** Recorded InvokeThingsService calls, oldest first. */
  invocations(): Invocation[];
  /** Per-action counters (same as GET /_emulator/stats `actions`). */
  stats(): Record<string, ActionStats>;
  /** Adds a fault (same as POST /_emulator/faults). */
  addFault(spec: FaultSpec): Fault;
  clearFaults(): void;
  /** Same as POST /_emulator/reset; default "all". */
  reset(scope?: string): Promise<void>;
  /** Same as `POST /_emulator/seed` (validates the seed document, then creates what is missing). */
  seed(doc: unknown): Promise<SeedResult>;
  /** Journal statistics when running with a data dir. */
  persistenceStats(): PersistenceStats | null;
  /** Resolves once every acknowledged change is on disk (no-op in memory). */
  durable(): Promise<void>;
  /** Stops the server, finishes in-flight requests, flushes and snapshots the data dir. */
  close(): Promise<void>;
  /** The server object itself (for advanced tests). */
  readonly server: EmulatorServer;
  /** The STS listener, when started with the `sts` option. */
  readonly sts: StsHandle | undefined;
}

export interface StsHandle {
  /** `127.0.0.1:PORT`: what `alicloud-iot:stsEndpoint` / ALIBABA_CLOUD_STS_ENDPOINT take (always https). */
  readonly endpoint: string;
  /** The listener's certificate (PEM), to trust it. */
  readonly caCert: string;
  /** Every credential issued so far, oldest first. */
  issued(): IssuedCredential[];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const opts = resolveOptions(options);
  const server = new EmulatorServer(opts);
  let addr: AddressInfo;
  let sts: StartedSts | undefined;
  try {
    // The fleet exists before the port opens: "listening" means ready.
    if (opts.seed !== undefined) {
      const spec = typeof opts.seed === "string" ? loadSeedFile(opts.seed) : parseSeed(opts.seed);
      opts.log(describeSeedResult(await seedServer(server, spec)));
    }
    addr = await server.listen();
    if (opts.sts) sts = await startSts(server, opts.sts, hostOf(addr));
  } catch (e) {
    await server.close().catch(() => undefined);
    throw e;
  }
  return handleFor(server, addr, sts);
}

/** `addr`'s address as it goes in a URL (IPv6 in brackets). */
const hostOf = (addr: AddressInfo): string => (addr.family === "IPv6" ? `[${addr.address}]` : addr.address);

interface StartedSts {
  server: StsServer;
  handle: StsHandle;
}

/** The STS listener beside `server`, sharing its clock, keys and nonces (a certificate is made when none is given). */
async function startSts(server: EmulatorServer, options: StsOptions, host: string): Promise<StartedSts> {
  const opts = server.opts;
  const tls = options.tls ?? (await generateTlsCertificate());
  if (options.caFile !== undefined) writeFileSync(options.caFile, tls.cert);
  const sts = new StsServer({
    host: opts.host,
    port: options.port ?? 0,
    tls,
    clock: server.clock,
    credentials: server.credentials,
    nonces: server.nonces,
    timestampWindowMs: opts.timestampWindowMs,
    oidcProviders: options.oidcProviders ?? [],
    oidcAccount: DEFAULT_ACCOUNT,
    maxSessionMs: options.maxSessionMs,
  });
  const stsAddr = await sts.listen();
  return { server: sts, handle: { endpoint: `${host}:${stsAddr.port}`, caCert: tls.cert, issued: () => sts.issued.slice() } };
}

function handleFor(server: EmulatorServer, addr: AddressInfo, sts: StartedSts | undefined): EmulatorHandle {
  const { opts } = server;
  const host = hostOf(addr);
  return {
    endpoint: `http://${host}:${addr.port}`,
    address: `${host}:${addr.port}`,
    host: addr.address,
    port: addr.port,
    accessKeyId: opts.accessKeyId,
    accessKeySecret: opts.accessKeySecret,
    regionId: opts.region,
    clock: server.clock,
    store: server.store,
    devicesOf: (productKey) => server.store.devicesOf(productKey),
    server,
    invocations: () => server.invocations.slice(),
    stats: () => server.stats.snapshot(),
    addFault: (spec) => server.faults.add(spec),
    clearFaults: () => server.faults.clear(),
    reset: async (scope) => {
      resetScopes(server, parseResetScopes(scope));
      await server.durable();
    },
    seed: async (doc) => seedServer(server, parseSeed(doc)),
    persistenceStats: () => server.persistence?.stats() ?? null,
    durable: () => server.durable(),
    close: async () => {
      await sts?.server.close();
      await server.close();
    },
    sts: sts?.handle,
  };
}

export { FakeClock, systemClock } from "./state/clock";
export type { Clock } from "./state/clock";
export { DataDirError } from "./persistence/dataDirError";
export type { EmulatorOptions, StsOptions } from "./options";
export type { OidcProvider } from "./sts/verifyOidcToken";
export type { IssuedCredential } from "./sts/StsServer";
export { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_CLI_PORT } from "./options";
export type { Fault, FaultSpec } from "./http/faults";
export type { Invocation } from "./handlers/context";
export type { ActionStats } from "./http/stats";
export { EmulatorServer } from "./http/server";
export { SeedError } from "./seed/seedError";
export type { SeedSpec } from "./seed/seedSpec";
export type { SeedResult } from "./seed/applySeed";
export type { Device } from "./state/device";

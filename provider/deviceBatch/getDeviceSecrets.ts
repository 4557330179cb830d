import * as pulumi from "@pulumi/pulumi";
import type { LookupOptions } from "../dynamic/LookupOptions";
import { clientFromProgramConfig } from "../client/clientFromProgramConfig";
import { fetchDeviceDetails } from "./api/fetchDeviceDetails";

/** Arguments of {@link getDeviceSecrets}. */
export interface GetDeviceSecretsArgs {
  /** ProductKey of the devices. */
  readonly productKey: string;
  /** DeviceNames to look up (duplicates are fine). */
  readonly deviceNames: readonly string[];
  /** The IoT instance. Defaults to the `alicloud-iot:iotInstanceId` config, or none. */
  readonly iotInstanceId?: string;
}

/** {@link GetDeviceSecretsArgs} whose values may be Outputs. */
export interface GetDeviceSecretsOutputArgs {
  readonly productKey: pulumi.Input<string>;
  readonly deviceNames: pulumi.Input<pulumi.Input<string>[]>;
  readonly iotInstanceId?: pulumi.Input<string | undefined>;
}

/** Options of {@link getDeviceSecrets}. */
export type GetDeviceSecretsOptions = LookupOptions;

/** Error of {@link getDeviceSecrets} when some devices do not exist. */
export class DevicesNotFoundError extends Error {
  declare readonly name: "DevicesNotFoundError";
  /** The names BatchQueryDeviceDetail did not return, in input order, without duplicates. */
  readonly missingDeviceNames: string[];
  constructor(productKey: string, missing: string[]) {
    const shown = missing.slice(0, 10).map((n) => JSON.stringify(n)).join(", ");
    super(`No device ${shown}${missing.length > 10 ? ` (and ${missing.length - 10} more)` : ""} exists in product ${productKey} (BatchQueryDeviceDetail did not return it)`);
    this.missingDeviceNames = missing;
  }
}
Object.defineProperty(DevicesNotFoundError.prototype, "name", { value: "DevicesNotFoundError", enumerable: false });

/**
 * The DeviceSecrets of devices, looked up when the program runs: BatchQueryDeviceDetail, 100 names a
 * call at its 5 QPS (1,000 devices ≈ 2 s; 100,000 ≈ 200 s). DeviceBatch returns no DeviceSecret
 * among its outputs — an output travels to the program in the engine's answer, which
 * `pulumi up --debug` prints whole, secret or not — so a program that needs secrets asks here, and
 * only for the devices it needs. Fails with {@link DevicesNotFoundError} when a device does not exist.
 */
export async function getDeviceSecrets(args: GetDeviceSecretsArgs, opts: GetDeviceSecretsOptions = {}): Promise<Record<string, string>> {
  const names = [...new Set(args.deviceNames)];
  for (const n of names) {
    if (typeof n !== "string" || n === "") throw new TypeError(`Expected every \`deviceNames\` entry to be a non-empty string, got ${JSON.stringify(n)}`);
  }
  const client = opts.client ?? clientFromProgramConfig(opts.connection);
  const scope = args.iotInstanceId ? { productKey: args.productKey, iotInstanceId: args.iotInstanceId } : { productKey: args.productKey };
  const found = new Map((await fetchDeviceDetails(client, scope, names)).map((d) => [d.name, d.secret]));
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0) throw new DevicesNotFoundError(args.productKey, missing);
  const out: Record<string, string> = {};
  for (const n of names) out[n] = found.get(n) as string;
  return out;
}

/**
 * {@link getDeviceSecrets} over Inputs; the result is a secret Output (never shown in plaintext). In
 * a preview it is unknown and nothing is called, so a no-op preview stays free of API calls; `up`
 * looks the secrets up.
 */
export function getDeviceSecretsOutput(args: GetDeviceSecretsOutputArgs, opts: GetDeviceSecretsOptions = {}): pulumi.Output<Record<string, string>> {
  if (pulumi.runtime.isDryRun()) return pulumi.secret(pulumi.output(pulumi.unknown as unknown as Record<string, string>));
  return pulumi.secret(
    pulumi.output(args).apply((a) => getDeviceSecrets({ productKey: a.productKey, deviceNames: a.deviceNames, ...(a.iotInstanceId ? { iotInstanceId: a.iotInstanceId } : {}) }, opts)),
  );
}

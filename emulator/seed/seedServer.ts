import { DEFAULT_ACCOUNT } from "../options";
import type { EmulatorServer } from "../http/server";
import { scopeKey } from "../state/scope";
import { applySeed, SeedResult } from "./applySeed";
import { SeedError } from "./seedError";
import type { SeedSpec } from "./seedSpec";

/**
 * Applies a validated seed to a running (or starting) emulator: resolves its scope (the seed's
 * `account`, default the main account; its `iotInstanceId`, which must be one of `--instance`),
 * creates what is missing, and resolves once the changes are durable.
 */
export async function seedServer(server: EmulatorServer, spec: SeedSpec): Promise<SeedResult> {
  if (spec.iotInstanceId !== undefined && !server.instances.has(spec.iotInstanceId)) {
    throw new SeedError([`seed.iotInstanceId: ${JSON.stringify(spec.iotInstanceId)} is not an instance of this emulator; start it with --instance ${spec.iotInstanceId}`]);
  }
  const result = applySeed(server.store, scopeKey(spec.account ?? DEFAULT_ACCOUNT, spec.iotInstanceId), spec, server.clock.now());
  await server.durable();
  return result;
}

/** One log line: what the seed created and what already existed. */
export function describeSeedResult(r: SeedResult): string {
  const c = (name: string, x: { created: number; existing: number }): string => `${name} ${x.created} created/${x.existing} existing`;
  return `seed applied to ${r.scope}: ${c("products", r.products)}, ${c("devices", r.devices)}, ${c("drivers", r.drivers)}, ${c("driver versions", r.driverVersions)}, ${r.released} released, ${r.thingModels} thing models published, ${r.topology.attached} sub-devices attached (${r.topology.unchanged} already)`;
}

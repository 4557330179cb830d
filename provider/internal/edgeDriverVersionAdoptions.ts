/**
 * Versions that `create` adopted (adoptExisting) in this process, so that `delete` does not then
 * delete them as "the resource being replaced".
 *
 * Why: a replacement that keeps DriverId + DriverVersion must delete first, and `diff` asks for
 * that; but `pulumi up --replace <urn>` skips the provider's diff and replaces create-before-delete
 * (pulumi step_generator.go: a targeted replace returns a fixed diff). The create then finds the old
 * version; with `adoptExisting` it adopts it, and the engine's next step deletes the old resource,
 * whose id is the same version. Remembering the adoption turns that delete into a no-op.
 *
 * Process-wide on purpose (on globalThis, like the shared limiter): the engine runs every resource of
 * one deployment in one provider process, and a new process starts
 * with nothing adopted, so an entry never outlives the operation that made it.
 */
const KEY = Symbol.for("pulumi-alicloud-iot/edgeDriverVersionAdoptions/v1");

type Holder = { [KEY]?: Set<string> };

function adoptions(): Set<string> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Set());
}

/** Records that the version with resource id `id` was adopted by a create in this process. */
export function recordAdoption(id: string): void {
  adoptions().add(id);
}

/** True (once) when `id` was adopted in this process: its delete belongs to the replaced resource. */
export function takeAdoption(id: string): boolean {
  return adoptions().delete(id);
}

import type { ApiCaller } from "../../dynamic/ApiCaller";
import type { AuthType, ProductScope } from "../deviceBatchTypes";

/**
 * How the product's devices authenticate, from one QueryProduct call (its `Data.AuthType`:
 * `secret`, `id2` or `x509`; IoT Platform API reference: QueryProduct). Only X.509 changes what
 * DeviceBatch does (BatchCheckDeviceNames takes 1,000 names instead of 10,000), so `id2` counts as
 * `secret` here.
 */
export async function productAuthType(caller: ApiCaller, scope: ProductScope): Promise<AuthType> {
  const body = await caller.call<{ Data?: { AuthType?: string } }>("QueryProduct", { ProductKey: scope.productKey, IotInstanceId: scope.iotInstanceId });
  return String(body.Data?.AuthType ?? "secret").toLowerCase() === "x509" ? "x509" : "secret";
}

/**
 * The authType to register with: the product's, when the program declared none or the same one.
 * Throws {@link AuthTypeMismatchError} when the declaration contradicts the product, before anything
 * is registered: a `secret` batch on an X.509 product would send 10,000 names per call, and the
 * service is reported to drop the names past 1,000 without an error.
 */
export function resolveAuthType(productKey: string, declared: AuthType | undefined, actual: AuthType): AuthType {
  if (declared !== undefined && declared !== actual) throw new AuthTypeMismatchError(productKey, declared, actual);
  return actual;
}

/** A declared `authType` that contradicts the product's AuthType. Nothing was registered. */
export class AuthTypeMismatchError extends Error {
  constructor(
    readonly productKey: string,
    readonly declared: AuthType,
    readonly actual: AuthType,
  ) {
    super(
      `DeviceBatch: authType is "${declared}" but product ${productKey} authenticates its devices with ` +
        `${actual === "x509" ? "X.509 certificates (AuthType x509)" : "device secrets (AuthType secret or id2)"}, as QueryProduct reports; ` +
        `nothing was registered. Set \`authType: "${actual}"\`, or leave authType out to follow the product.`,
    );
    this.name = "AuthTypeMismatchError";
  }
}

/**
 * The emulator's error table: every code it can answer with, its HTTP status and default message.
 *
 * Two classes, as on the real service (IoT Platform API reference: Common parameters, Error codes):
 *  - gateway errors (signature, throttling, common parameters): HTTP 4xx/5xx with
 *    `{RequestId, HostId, Code, Message, Recommend}`;
 *  - IoT business errors: HTTP 200 with `{RequestId, Success:false, Code, ErrorMessage}`.
 *
 * Codes marked `documented: false` are not in any Alibaba source the project has; the
 * emulator needs *some* code for those situations and picks a name in the service's style. They are
 * listed in docs/emulator.md ("Fidelity notes") so that nobody mistakes them for the real ones.
 */

export interface GatewayErrorDef {
  readonly httpStatus: number;
  /** Message; `%s` is replaced with the detail given at the throw site. */
  readonly message: string;
  readonly documented: boolean;
}

export interface BusinessErrorDef {
  readonly message: string;
  readonly documented: boolean;
}

/** Gateway (POP) errors: HTTP status + `Message`. Sources: IoT Platform API reference: Common parameters; Alibaba Cloud API signature (RPC, signature v1). */
export const GATEWAY_ERRORS = {
  MissingParameter: { httpStatus: 400, message: 'The input parameter "%s" that is mandatory for processing this request is not supplied.', documented: true },
  InvalidParameter: { httpStatus: 400, message: 'The specified parameter "%s" is not valid.', documented: true },
  InvalidVersion: { httpStatus: 400, message: "Specified parameter Version is not valid.", documented: true },
  "InvalidAction.NotFound": { httpStatus: 404, message: "Specified api is not found, please check your url and method.", documented: true },
  "InvalidAccessKeyId.NotFound": { httpStatus: 404, message: "Specified access key is not found.", documented: true },
  SignatureDoesNotMatch: { httpStatus: 400, message: "Specified signature is not matched with our calculation. server string to sign is:%s", documented: true },
  IncompleteSignature: { httpStatus: 400, message: "The request signature does not conform to Aliyun standards. %s", documented: false },
  "InvalidTimeStamp.Format": { httpStatus: 400, message: "Specified time stamp or date value is not well formatted.", documented: false },
  "InvalidTimeStamp.Expired": { httpStatus: 400, message: "Specified time stamp or date value is expired.", documented: true },
  SignatureNonceUsed: { httpStatus: 400, message: "Specified signature nonce was used already.", documented: true },
  "Throttling.User": { httpStatus: 400, message: "Request was denied due to user flow control.", documented: true },
  Throttling: { httpStatus: 400, message: "Request was denied due to request throttling.", documented: true },
  "Throttling.Api": { httpStatus: 400, message: "Request was denied due to api flow control.", documented: true },
  ServiceUnavailable: { httpStatus: 503, message: "The request has failed due to a temporary failure of the server.", documented: true },
  InternalError: { httpStatus: 500, message: "The request processing has failed due to some unknown error, exception or failure.", documented: true },
  UnsupportedHTTPMethod: { httpStatus: 400, message: "This http method is not supported: %s", documented: false },
  RequestEntityTooLarge: { httpStatus: 413, message: "The request body is larger than %s bytes.", documented: false },
  // STS credentials (Alibaba Cloud STS: Error codes; the IoT gateway answers these for a bad token).
  "InvalidSecurityToken.Expired": { httpStatus: 400, message: "Specified SecurityToken is expired.", documented: true },
  "InvalidSecurityToken.MismatchWithAccessKey": { httpStatus: 400, message: "Specified SecurityToken mismatch with the AccessKey.", documented: true },
  "MissingSecurityToken": { httpStatus: 400, message: "SecurityToken is mandatory for this action.", documented: false },
  "InvalidParameter.RoleArn": { httpStatus: 400, message: "The parameter RoleArn is wrongly formed.", documented: true },
  "InvalidParameter.RoleSessionName": { httpStatus: 400, message: "The parameter RoleSessionName is wrongly formed.", documented: true },
  "InvalidParameter.DurationSeconds": { httpStatus: 400, message: "The Min/Max value of DurationSeconds is 15min/%s.", documented: true },
  "InvalidParameter.OIDCToken": { httpStatus: 400, message: "The OIDC token is invalid: %s", documented: false },
  "AuthenticationFail.OIDCToken.Expired": { httpStatus: 400, message: "The OIDC token has expired.", documented: false },
  "AuthenticationFail.OIDCToken.Audience": { httpStatus: 400, message: "The audience of the OIDC token (%s) is not a client id of the OIDC provider.", documented: false },
  "AuthenticationFail.OIDCToken.Issuer": { httpStatus: 400, message: "The issuer of the OIDC token (%s) does not match the OIDC provider.", documented: false },
  "EntityNotExist.OIDCProvider": { httpStatus: 404, message: "The OIDC provider %s does not exist.", documented: false },
} as const satisfies Record<string, GatewayErrorDef>;

export type GatewayCode = keyof typeof GATEWAY_ERRORS;

/** IoT business errors (HTTP 200, `Success:false`). Sources: IoT Platform: Error codes (help.aliyun.com 87387, 135200). */
export const BUSINESS_ERRORS = {
  // System / common (documented).
  "iot.system.SystemException": { message: "A system exception has occurred.", documented: true },
  "iot.system.InstanceNotFound": { message: "The specified instance does not exist.", documented: true },
  "iot.common.InvalidPageParams": { message: "The paging parameters are invalid: %s", documented: true },
  "iot.common.InvalidParam": { message: "Request parameter error: %s", documented: true },
  "iot.common.ParameterSizeLimit": { message: "Too many items in one request: %s", documented: true },
  "iot.common.HighFrequentDeny": { message: "Requests are too frequent. Try again later.", documented: true },
  "iot.common.InvalidFormattedParameter": { message: "The parameter format is invalid: %s", documented: true },
  // Products.
  "iot.prod.NotExistedProduct": { message: "The product does not exist.", documented: true },
  "iot.prod.NullProductKey": { message: "The ProductKey parameter is not set.", documented: true },
  "iot.prod.InvalidFormattedProductName": { message: "The product name is invalid: %s", documented: false },
  "iot.prod.AlreadyExistedProductName": { message: "A product with this name already exists.", documented: false },
  "iot.prod.ProductHasDevices": { message: "The product still has devices; delete them first.", documented: false },
  // Devices.
  "iot.device.AlreadyExistedDeviceName": { message: "The device name already exists in the product.", documented: true },
  "iot.device.CreateDeviceTaskIsRunning": { message: "The application task is still running.", documented: true },
  "iot.device.DeviceApplyIsNotFound": { message: "The device application does not exist.", documented: true },
  "iot.device.DeviceCountExceeded": { message: "The number of devices exceeds the limit: %s", documented: true },
  "iot.device.IncorrentDeviceApplyInfo": { message: "The device application is in the wrong state: %s", documented: true },
  "iot.device.InvalidFormattedDeviceName": { message: "Invalid device names: %s", documented: true },
  "iot.device.InvalidFormattedDeviceNickname": { message: "Invalid device nicknames: %s", documented: false },
  "iot.device.InvalidFormattedNickname": { message: "Invalid nickname: %s", documented: false },
  "iot.device.RepeatedDeviceName": { message: "Device names are repeated in the request: %s", documented: false },
  "iot.device.NoneDeviceNameElement": { message: "No device name was given.", documented: true },
  "iot.device.NullDeviceName": { message: "The DeviceName parameter is not set.", documented: true },
  "iot.device.NotExistedDevice": { message: "The device does not exist: %s", documented: true },
  "iot.device.InvalidIoTId": { message: "The IotId is invalid.", documented: true },
  "iot.device.InvokeThingServiceFailed": { message: "Failed to invoke the service: %s", documented: true },
  "iot.device.AddTopoRelationFailed": { message: "Failed to add the topological relationship: %s", documented: true },
  "iot.device.RemoveTopoRelationFailed": { message: "Failed to remove the topological relationship: %s", documented: true },
  "iot.device.QueryTopoRelationFailed": { message: "Failed to query the topological relationship: %s", documented: true },
  "iot.device.TopoRelationCountExceeded": { message: "The gateway cannot hold more sub-devices: %s", documented: true },
  "iot.device.RegionNotSupportX509": { message: "X.509 certificates are not supported in this region.", documented: true },
  // Link IoT Edge drivers (no driver-specific codes are documented).
  "iot.edge.DriverNotExist": { message: "The driver does not exist.", documented: false },
  "iot.edge.DriverVersionNotExist": { message: "The driver version does not exist.", documented: false },
  "iot.edge.DriverVersionExisted": { message: "The driver version already exists.", documented: false },
  "iot.edge.DriverVersionPublished": { message: "The driver version is published and cannot be changed: %s", documented: false },
  "iot.edge.DriverHasPublishedVersion": { message: "The driver has a published version and cannot be deleted.", documented: false },
  "iot.edge.DriverNameExisted": { message: "A driver with this name already exists.", documented: false },
} as const satisfies Record<string, BusinessErrorDef>;

export type BusinessCode = keyof typeof BUSINESS_ERRORS;

function fill(template: string, detail: string | undefined): string {
  if (!template.includes("%s")) return template;
  return template.replace("%s", detail ?? "").replace(/[:\s]+$/, (m) => (detail ? m : ""));
}

/** A gateway error (HTTP 4xx/5xx). */
export class GatewayError extends Error {
  override readonly name = "GatewayError";
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }

  static of(code: GatewayCode, detail?: string): GatewayError {
    const def: GatewayErrorDef = GATEWAY_ERRORS[code];
    return new GatewayError(code, def.httpStatus, fill(def.message, detail));
  }
}

/** An IoT business error (HTTP 200, `Success:false`), optionally with a `Data` payload. */
export class BusinessError extends Error {
  override readonly name = "BusinessError";
  constructor(
    readonly code: string,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  static of(code: BusinessCode, detail?: string, data?: unknown): BusinessError {
    const def: BusinessErrorDef = BUSINESS_ERRORS[code];
    return new BusinessError(code, fill(def.message, detail), data);
  }
}

/** The HTTP status a code is answered with when a fault names only the code. */
export function defaultStatusFor(code: string): number {
  const g = (GATEWAY_ERRORS as Record<string, GatewayErrorDef>)[code];
  if (g) return g.httpStatus;
  if (code.startsWith("iot.")) return 200;
  return 503;
}

/** The default message for any known code (gateway or business). */
export function defaultMessageFor(code: string): string {
  const g = (GATEWAY_ERRORS as Record<string, GatewayErrorDef>)[code];
  if (g) return fill(g.message, "injected fault");
  const b = (BUSINESS_ERRORS as Record<string, BusinessErrorDef>)[code];
  if (b) return fill(b.message, "injected fault");
  return "Injected fault.";
}

export const missing = (name: string): GatewayError => GatewayError.of("MissingParameter", name);
export const invalid = (name: string): GatewayError => GatewayError.of("InvalidParameter", name);

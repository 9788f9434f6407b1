/**
 * OCPI status codes (status_codes.asciidoc) and the error that carries one up to the router. The HTTP status rides
 * along because OCPI splits errors in two layers: transport problems (bad JSON, no token, unknown object on GET) are
 * HTTP errors, while anything that reached the OCPI layer is answered 200 with the problem in `status_code`.
 */

export const OcpiStatus = {
  SUCCESS: 1000,
  CLIENT_ERROR: 2000,
  INVALID_PARAMETERS: 2001,
  NOT_ENOUGH_INFORMATION: 2002,
  UNKNOWN_LOCATION: 2003,
  UNKNOWN_TOKEN: 2004,
  SERVER_ERROR: 3000,
  CLIENT_API_UNUSABLE: 3001,
  UNSUPPORTED_VERSION: 3002,
  NO_MATCHING_ENDPOINTS: 3003,
  HUB_ERROR: 4000,
  UNKNOWN_RECEIVER: 4001,
  FORWARD_TIMEOUT: 4002,
  CONNECTION_PROBLEM: 4003,
} as const;

export type OcpiStatusCode = (typeof OcpiStatus)[keyof typeof OcpiStatus];

/** 1xxx, including the custom 19xx range. */
export function isSuccess(statusCode: number): boolean {
  return statusCode >= 1000 && statusCode < 2000;
}

export class OcpiError extends Error {
  constructor(
    /** Four-digit OCPI status code; custom x9xx codes are allowed, hence a plain number. */
    readonly statusCode: number,
    message: string,
    /** 200 unless the transport layer is at fault (the spec forbids HTTP errors for requests that reached OCPI). */
    readonly httpStatus = 200,
  ) {
    super(message);
    this.name = 'OcpiError';
  }
}

/** 2001 with what was wrong: the client can fix its request from the message alone. */
export function invalidParameters(message: string): OcpiError {
  return new OcpiError(OcpiStatus.INVALID_PARAMETERS, message);
}

/** An unknown object on GET: HTTP 404 (status_codes.asciidoc), with a 2xxx code for clients that only read the body. */
export function notFound(message: string, statusCode: number = OcpiStatus.CLIENT_ERROR): OcpiError {
  return new OcpiError(statusCode, message, 404);
}

export function unauthorized(message: string): OcpiError {
  return new OcpiError(OcpiStatus.CLIENT_ERROR, message, 401);
}

export function methodNotAllowed(message: string): OcpiError {
  return new OcpiError(OcpiStatus.CLIENT_ERROR, message, 405);
}

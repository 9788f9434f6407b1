/** The input every normalizer reads, and the shape of one action's normalizer. */
import type { OcppVersion } from '../errors';
import type { OcppEvent } from '../events';
import type { Payload } from '../frames';

/** One incoming station CALL together with the answer we sent to it. */
export interface NormalizeInput {
  stationId: string;
  version: OcppVersion;
  action: string;
  request: Payload;
  response: Payload;
  /** When the CALL reached us, ISO 8601. */
  receivedAt: string;
}

/** Turns one action's CALL into its events; pure, and expected not to throw on schema-valid payloads. */
export type ActionNormalizer = (input: NormalizeInput) => OcppEvent[];

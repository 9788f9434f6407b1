/** Id tokens and authorization statuses across versions: 1.6 knows a bare idTag, 2.0.1 a typed IdTokenType. */
import { OcppVersion } from '../errors';
import { Params } from './params';

export const ID_TOKEN_TYPES = [
  'Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'NoAuthorization',
] as const;
export type IdTokenType = (typeof ID_TOKEN_TYPES)[number];

/** A 2.0.1 IdTokenType built from a token text and an optional type parameter. */
export function idToken201(p: Params, typeParam: string, token: string, defaultType: IdTokenType): { idToken: string; type: IdTokenType } {
  return { idToken: token, type: p.choice(typeParam, ID_TOKEN_TYPES) ?? defaultType };
}

const STATUS_16 = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'] as const;
const STATUS_201 = [
  'Accepted', 'Blocked', 'ConcurrentTx', 'Expired', 'Invalid', 'NoCredit', 'NotAllowedTypeEVSE', 'NotAtThisLocation',
  'NotAtThisTime', 'Unknown',
] as const;

/**
 * An authorization status in the version's vocabulary. The statuses only 2.0.1 has all refuse the token, so on 1.6
 * they become Invalid, the generic refusal, rather than failing the whole command.
 */
export function authorizationStatus(version: OcppVersion, p: Params, name: string): string | undefined {
  const status = p.choice(name, STATUS_201);
  if (status === undefined || version === '2.0.1') return status;
  return (STATUS_16 as readonly string[]).includes(status) ? status : 'Invalid';
}

/** Certificate requests from the station (1.6 security extension and 2.0.1 blocks A and M). */
import type { OcppEvent } from '../events';
import type { NormalizeInput } from './types';
import { makeEvent } from './build';
import { str } from './read';

/**
 * The request's own fields, under the OCPP action name. Get15118EVCertificate has a field named `action`
 * (Install/Update): it moves to `certificateAction` so it cannot hide which message this was.
 */
export function certificateRequest(input: NormalizeInput): OcppEvent[] {
  const { action: certificateAction, ...fields } = input.request;
  return [makeEvent(input, 'certificate.request', undefined, {}, {
    ...fields,
    action: input.action,
    certificateAction: str(certificateAction),
    status: str(input.response.status),
  })];
}

/**
 * Security profile 3: the station proves its identity with a client certificate (OCPP 2.0.1 Part 2 A00.FR.403-408,
 * 1.6 security whitepaper §2.5). The chain must lead to the configured CA and be valid today, the subject's CN must
 * be the identity the station connects with, and its O the operator's name. Anything else closes the connection and
 * is a security event.
 */
import type { TLSSocket } from 'tls';

/** Why the certificate is refused, or undefined when it is fine. */
export function clientCertificateProblem(socket: TLSSocket, identity: string, operatorName?: string): string | undefined {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return 'no client certificate (security profile 3)';
  if (!socket.authorized) return `client certificate refused: ${String(socket.authorizationError ?? 'not trusted')}`;
  const subject = cert.subject ?? {};
  const cn = first(subject.CN);
  if (cn !== identity) return `client certificate CN ${cn ?? '(none)'} is not the station identity ${identity}`;
  const org = first(subject.O);
  if (operatorName && !org?.includes(operatorName)) return `client certificate O ${org ?? '(none)'} does not name the operator ${operatorName}`;
  return undefined;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Certificates for the TLS tests (a CA and what it signs, RSA or ECDSA), and a station's wss handshake. */
import WebSocket from 'ws';

export type Pems = { cert: string; key: string };
export const OPERATOR = 'EV Charge Operator';
export const PASSWORD = '0123456789abcdef0123';

async function selfsigned() {
  return import('selfsigned');
}

/** A CA (RSA, or ECDSA P-256), and certificates of its own key type it signs. */
export async function authority(name: string, ec = false): Promise<Pems & { sign(cn: string, o: string, options?: { notAfter?: Date; notBefore?: Date; server?: boolean }): Promise<Pems> }> {
  const { generate } = await selfsigned();
  const keyType = ec ? { keyType: 'ec' as const, curve: 'P-256' as const } : { keySize: 2048 };
  const ca = await generate([{ name: 'commonName', value: name }, { name: 'organizationName', value: name }], {
    ...keyType, algorithm: 'sha256', extensions: [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true, cRLSign: true }],
  });
  return {
    cert: ca.cert, key: ca.private,
    async sign(cn, o, options = {}) {
      const made = await generate([{ name: 'commonName', value: cn }, { name: 'organizationName', value: o }], {
        algorithm: 'sha256', ca: { key: ca.private, cert: ca.cert }, ...keyType,
        ...(options.notBefore ? { notBeforeDate: options.notBefore } : {}), ...(options.notAfter ? { notAfterDate: options.notAfter } : {}),
        extensions: options.server
          ? [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }, { name: 'extKeyUsage', serverAuth: true }]
          : [{ name: 'extKeyUsage', clientAuth: true }],
      });
      return { cert: made.cert, key: made.private };
    },
  };
}

export interface Attempt {
  opened: boolean;
  status?: number;
  socket?: WebSocket;
}

/** A wss connection as a station makes it; resolves with the handshake's outcome. */
export function connect(url: string, options: WebSocket.ClientOptions & Record<string, unknown>): Promise<Attempt> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, ['ocpp1.6'], { servername: 'localhost', ...options } as WebSocket.ClientOptions);
    ws.once('open', () => resolve({ opened: true, socket: ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode });
      res.resume();
      ws.terminate();
    });
    ws.once('error', () => resolve({ opened: false }));
  });
}


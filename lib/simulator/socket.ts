/** Opening the station's WebSocket to the CSMS: subprotocol, Basic auth, TLS, and errors that say why it failed. */
import WebSocket from 'ws';
import type { ClientRequestArgs } from 'http';
import { SUBPROTOCOLS } from '../ocpp/actions';
import { ResolvedOptions, stationUrl } from './options';

/** The WebSocket could not be opened; statusCode is set when the CSMS answered the upgrade with an HTTP error. */
export class ConnectError extends Error {
  constructor(message: string, readonly statusCode?: number) {
    super(message);
    this.name = 'ConnectError';
  }
}

type Options = WebSocket.ClientOptions & ClientRequestArgs;

function socketOptions(o: ResolvedOptions): Options {
  const options: Options = { handshakeTimeout: o.callTimeoutMs, headers: {} };
  if (o.password !== undefined) {
    const token = Buffer.from(`${o.identity}:${o.password}`, 'utf8').toString('base64');
    options.headers = { Authorization: `Basic ${token}` };
  }
  if (o.tls?.ca !== undefined) options.ca = o.tls.ca;
  if (o.tls?.rejectUnauthorized !== undefined) options.rejectUnauthorized = o.tls.rejectUnauthorized;
  return options;
}

/** Resolves with an open socket speaking the station's OCPP version, or rejects with a ConnectError. */
export function openSocket(o: ResolvedOptions): Promise<WebSocket> {
  const url = stationUrl(o);
  const wanted = SUBPROTOCOLS[o.version];
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string, statusCode?: number): void => {
      if (settled) return;
      settled = true;
      reject(new ConnectError(`${o.identity}: ${message}`, statusCode));
    };
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, [wanted], socketOptions(o));
    } catch (err) {
      fail(`cannot connect to ${url}: ${(err as Error).message}`);
      return;
    }
    // Kept for the socket's whole life: an 'error' without a listener would crash the process.
    socket.on('error', (err) => fail(`cannot connect to ${url}: ${err.message}`));
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      const text = res.statusMessage ? ` ${res.statusMessage}` : '';
      fail(`the CSMS refused the WebSocket upgrade at ${url} with HTTP ${res.statusCode}${text}`, res.statusCode);
      socket.terminate();
    });
    socket.once('open', () => {
      // ws already refuses a missing or foreign subprotocol; this guards against a future change of that default.
      if (socket.protocol !== wanted) {
        fail(`the CSMS at ${url} did not accept subprotocol ${wanted}`);
        socket.terminate();
        return;
      }
      settled = true;
      resolve(socket);
    });
  });
}

/** Closes cleanly and resolves once the socket is closed (ws clears its own close timer then). */
export function closeSocket(socket: WebSocket, code = 1000, reason = ''): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
  });
}

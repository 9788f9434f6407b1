/** A connected pair of RpcConnections (CSMS side and station side) over a real loopback WebSocket. */
import { WebSocketServer, WebSocket } from 'ws';
import { RpcConnection, CallHandler, ConnectionOptions } from '../../lib/ocpp/connection';
import { sharedValidator } from '../../lib/ocpp/validator';
import { OcppVersion } from '../../lib/ocpp/errors';

export interface Pair {
  csms: RpcConnection;
  station: RpcConnection;
  stationSocket: WebSocket;
  close(): Promise<void>;
}

type Extra = Partial<Omit<ConnectionOptions, 'version' | 'role' | 'validator' | 'handler'>>;

export async function connectedPair(version: OcppVersion, csmsHandler: CallHandler, stationHandler: CallHandler, extra: Extra = {}): Promise<Pair> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as { port: number }).port;
  const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const stationSocket = new WebSocket(`ws://127.0.0.1:${port}/`);
  await new Promise((r) => stationSocket.once('open', r));
  const csmsSocket = await serverSide;
  const validator = sharedValidator();
  const csms = new RpcConnection(csmsSocket, { version, role: 'csms', validator, handler: csmsHandler, ...extra });
  const station = new RpcConnection(stationSocket, { version, role: 'station', validator, handler: stationHandler, ...extra });
  return {
    csms, station, stationSocket,
    close: async () => {
      stationSocket.terminate();
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    },
  };
}

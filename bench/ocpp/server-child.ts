/**
 * One OCPP server under test, alone in its process so its CPU and memory are its own. Started by the parent as
 * `server-child.js <kind>`; answers 'cpu', 'mem', 'rss' and 'connections' requests over IPC.
 */
import { RPCServer } from 'ocpp-rpc';
import { ready, serve, serverOps } from './child-side';
import { SERVER_KINDS, ServerInfo, ServerKind } from './kinds';
import { HEARTBEAT_INTERVAL_S, PING_INTERVAL_MS, benchCsms } from './ours';

interface Running {
  port: number;
  connections: () => number;
  stop: () => Promise<void>;
}

async function startOurs(): Promise<Running> {
  const csms = benchCsms();
  const port = await csms.start();
  return { port, connections: () => csms.connectedCount, stop: () => csms.stop() };
}

async function startOcppRpc(strictMode: boolean): Promise<Running> {
  const server = new RPCServer({
    protocols: ['ocpp1.6', 'ocpp2.0.1'], strictMode, pingIntervalMs: PING_INTERVAL_MS,
  });
  let count = 0;
  server.on('error', () => undefined);
  server.on('client', (client) => {
    count++;
    client.once('close', () => { count--; });
    // The answers our CSMS gives to the same calls, field for field.
    client.handle('BootNotification', async () => ({
      status: 'Accepted', currentTime: new Date().toISOString(), interval: HEARTBEAT_INTERVAL_S,
    }));
    client.handle('Heartbeat', async () => ({ currentTime: new Date().toISOString() }));
    client.handle('StatusNotification', async () => ({}));
    client.handle('MeterValues', async () => ({}));
  });
  const http = await server.listen(0, '127.0.0.1');
  const address = http.address();
  if (!address || typeof address !== 'object') throw new Error('ocpp-rpc server has no address');
  return { port: address.port, connections: () => count, stop: () => server.close({ force: true }) };
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  if (!SERVER_KINDS.includes(kind)) throw new Error(`unknown server kind ${String(kind)}`);
  const running = kind === 'ours' ? await startOurs() : await startOcppRpc(kind === 'strict');
  serve(serverOps(() => running.connections()), () => running.stop());
  ready({ port: running.port, pid: process.pid } satisfies ServerInfo);
}

main().catch((err: unknown) => {
  console.error(`server child: ${String(err)}`);
  process.exit(1);
});

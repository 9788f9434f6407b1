import assert from 'node:assert/strict';
import { OcppServer, Handshake, HandshakeFailure } from '../../lib/ocpp/server';
import { StationRegistry } from '../../lib/ocpp/registry';
import { RawClient, handshakeStatus, rawUpgrade, waitFor } from '../support/net';
import WebSocket from 'ws';

const basic = (user: string, password: string) => ({ Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') });
const PASSWORD = '0123456789abcdef0123';

describe('OCPP server handshake', () => {
  let server: OcppServer;
  let url: string;
  const accepted: Handshake[] = [];
  const refused: HandshakeFailure[] = [];

  async function startServer(registry: StationRegistry, extra: Partial<ConstructorParameters<typeof OcppServer>[0]> = {}) {
    server = new OcppServer({ port: 0, host: '127.0.0.1', registry, pingIntervalMs: 0, ...extra });
    server.on('connection', (h: Handshake) => accepted.push(h));
    server.on('handshakeFailed', (f: HandshakeFailure) => refused.push(f));
    const port = await server.listen();
    url = `ws://127.0.0.1:${port}/ocpp`;
  }

  afterEach(async () => {
    accepted.length = 0;
    refused.length = 0;
    await server?.close();
  });

  it('negotiates the subprotocol by our preference order', async () => {
    await startServer(new StationRegistry({ open: true }), { protocols: ['2.0.1', '1.6'] });
    const both = new RawClient(`${url}/CP1`, ['ocpp1.6', 'ocpp2.0.1']);
    await both.open();
    assert.equal(both.ws.protocol, 'ocpp2.0.1');
    both.close();
    await server.close();
    await startServer(new StationRegistry({ open: true }), { protocols: ['1.6', '2.0.1'] });
    const again = new RawClient(`${url}/CP1`, ['ocpp2.0.1', 'ocpp1.6']);
    await again.open();
    assert.equal(again.ws.protocol, 'ocpp1.6');
    again.close();
  });

  it('completes the handshake without a subprotocol header and then closes when none is common', async () => {
    await startServer(new StationRegistry({ open: true }));
    const answer = await rawUpgrade(`${url}/CP1`, ['ocpp1.5', 'ocpp9']);
    assert.equal(answer.status, 101);
    assert.equal(answer.protocol, undefined);
    assert.ok(answer.closedByServer);
    assert.equal(accepted.length, 0);
    assert.match(refused[0].reason, /no common subprotocol/);
  });

  it('percent-decodes the identity and refuses bad ones with 400', async () => {
    await startServer(new StationRegistry({ open: true }));
    const client = new RawClient(`${url}/CP%2D01`);
    await client.open();
    await waitFor(() => accepted.length === 1, 2000, 'connection');
    assert.equal(accepted[0].identity, 'CP-01');
    client.close();
    assert.equal(await handshakeStatus(`${url}/${'x'.repeat(49)}`), 400);
    assert.equal(await handshakeStatus(`${url}/a%3Ab`), 400);
    assert.equal(await handshakeStatus(`${url}/%E0%A4%A`), 400);
    assert.equal(await handshakeStatus(`${url}/`), 400);
    assert.equal(await handshakeStatus(`ws://${url.split('//')[1].split('/')[0]}/other/CP1`), 404);
    assert.ok(refused.every((r) => r.reason.length > 0));
  });

  it('answers 404 to unknown identities when the registry is closed', async () => {
    const registry = new StationRegistry({ open: false });
    registry.add('KNOWN');
    await startServer(registry);
    assert.equal(await handshakeStatus(`${url}/UNKNOWN`), 404);
    assert.equal(await handshakeStatus(`${url}/KNOWN`), 101);
  });

  it('checks Basic auth (security profile 1) before switching protocols', async () => {
    const registry = new StationRegistry({ open: false });
    registry.add('CP1', PASSWORD);
    assert.match(registry.get('CP1')!.passwordHash!, /^scrypt\$/);
    await startServer(registry, { securityProfile: 1 });
    assert.equal(await handshakeStatus(`${url}/CP1`), 401);
    assert.equal(await handshakeStatus(`${url}/CP1`, ['ocpp1.6'], basic('CP1', 'wrong-password-123456')), 401);
    assert.equal(await handshakeStatus(`${url}/CP1`, ['ocpp1.6'], basic('CP2', PASSWORD)), 401);
    assert.equal(await handshakeStatus(`${url}/CP1`, ['ocpp1.6'], basic('CP1', PASSWORD)), 101);
    // A second login is answered from the verified cache, still correct.
    assert.equal(await handshakeStatus(`${url}/CP1`, ['ocpp1.6'], basic('CP1', PASSWORD)), 101);
    assert.ok(refused.some((r) => r.reason === 'wrong password'));
  });

  it('negotiates permessage-deflate', async () => {
    await startServer(new StationRegistry({ open: true }));
    const client = new RawClient(`${url}/CP1`, ['ocpp1.6'], { perMessageDeflate: true });
    await client.open();
    assert.match(String(client.ws.extensions), /permessage-deflate/);
    client.close();
  });

  it('serves TLS 1.2+ with the given certificate (security profile 2)', async () => {
    const selfsigned = await import('selfsigned');
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, algorithm: 'sha256' });
    const registry = new StationRegistry({ open: true });
    registry.add('CP1', PASSWORD);
    await startServer(registry, { securityProfile: 2, tls: { cert: pems.cert, key: pems.private } });
    const secure = url.replace('ws://', 'wss://');
    const ok = new WebSocket(`${secure}/CP1`, ['ocpp1.6'], { ca: pems.cert, servername: 'localhost', headers: basic('CP1', PASSWORD) } as WebSocket.ClientOptions);
    await new Promise((resolve, reject) => { ok.once('open', resolve); ok.once('error', reject); });
    ok.terminate();
    const old = new WebSocket(`${secure}/CP1`, ['ocpp1.6'], { ca: pems.cert, servername: 'localhost', headers: basic('CP1', PASSWORD), maxVersion: 'TLSv1.1', minVersion: 'TLSv1' } as WebSocket.ClientOptions);
    await assert.rejects(new Promise((resolve, reject) => { old.once('open', resolve); old.once('error', reject); }));
    assert.throws(() => new OcppServer({ port: 0, registry, securityProfile: 2 }), /TLS/);
  });

  it('finds dead sockets by ping', async () => {
    await startServer(new StationRegistry({ open: true }), { pingIntervalMs: 50 });
    const client = new RawClient(`${url}/CP1`);
    await client.open();
    // A client that stops answering pings (simulated by pausing its socket) is terminated.
    (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await waitFor(() => server.connectionCount === 0, 3000, 'dead socket removed');
    client.close();
  });

  it('answers plain HTTP requests with 426', async () => {
    await startServer(new StationRegistry({ open: true }));
    const res = await fetch(url.replace('ws://', 'http://') + '/CP1');
    assert.equal(res.status, 426);
  });
});

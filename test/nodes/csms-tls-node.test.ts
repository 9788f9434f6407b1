/**
 * evc-csms with security profile 3 in a real Node-RED runtime: the certificate files of its configuration, a
 * station with a client certificate accepted and one without refused, a renewed server certificate written over
 * the old files taken while the station stays connected; and the configuration profile 3 cannot do without.
 */
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { TLSSocket } from 'tls';
import WebSocket from 'ws';
import type { CsmsConfigNode } from '../../nodes/shared/csms-link';
import { Attempt, authority, connect, OPERATOR } from '../support/certs';
import { helper, nodeModule } from '../support/helper';
import { freePort, waitFor } from '../support/net';

const nodes = ['evc-csms'].map(nodeModule);

describe('evc-csms node with security profile 3', function () {
  this.timeout(60_000);
  const sockets: WebSocket[] = [];
  before(() => helper.startServer());
  after(() => helper.stopServer());
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    await helper.unload();
  });

  it('admits stations by certificate from the configured files, and takes a renewed server certificate without dropping them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-mtls-'));
    const ca = await authority('Park CA');
    const server = await ca.sign('localhost', OPERATOR, { server: true });
    const files = { certFile: path.join(dir, 'server.pem'), keyFile: path.join(dir, 'server.key'), caFile: path.join(dir, 'ca.pem') };
    fs.writeFileSync(files.certFile, server.cert);
    fs.writeFileSync(files.keyFile, server.key);
    fs.writeFileSync(files.caFile, ca.cert);
    const port = await freePort();
    await helper.load(nodes, [{ id: 'csms', type: 'evc-csms', port, host: '127.0.0.1', path: '/ocpp', registry: 'open', pingInterval: 0, persist: false, securityProfile: '3', operatorName: OPERATOR, ...files }]);
    const csms = (helper.getNode('csms') as unknown as CsmsConfigNode).csms!;
    const url = `wss://127.0.0.1:${port}/ocpp/CP1`;
    const station = await ca.sign('CP1', OPERATOR);
    const keep = (a: Attempt) => { if (a.socket) sockets.push(a.socket); return a; };
    const first = await waitFor(async () => {
      const a = keep(await connect(url, { ca: ca.cert, cert: station.cert, key: station.key }));
      return a.opened ? a : undefined;
    }, 5000, 'the station connected');
    assert.equal((await connect(url, { ca: ca.cert })).status, 401, 'no certificate, no entry');
    await waitFor(() => csms.store.get('CP1')?.securityProfile === 3, 3000, 'the profile recorded');

    const fingerprint = (a: Attempt) => (a.socket as unknown as { _socket: TLSSocket })._socket.getPeerCertificate().fingerprint256;
    const renewed = await ca.sign('localhost', OPERATOR, { server: true });
    fs.writeFileSync(files.keyFile, renewed.key);
    fs.writeFileSync(files.certFile, renewed.cert);
    const after = await waitFor(async () => {
      const a = keep(await connect(url.replace('CP1', 'CP2'), { ca: ca.cert, ...(await ca.sign('CP2', OPERATOR)) }));
      return a.opened && fingerprint(a) !== fingerprint(first) ? a : undefined;
    }, 20_000, 'the renewed certificate served');
    assert.ok(after.opened);
    assert.equal(first.socket!.readyState, WebSocket.OPEN, 'the first station stayed connected');
    assert.ok(csms.isConnected('CP1'));
  });

  it('refuses profile 3 without the CA or the operator name, with the reason', async () => {
    const port = await freePort();
    await helper.load(nodes, [
      { id: 'a', type: 'evc-csms', port, securityProfile: '3', operatorName: OPERATOR, certFile: '/nowhere/server.pem', keyFile: '/nowhere/server.key' },
      { id: 'b', type: 'evc-csms', port: port + 1, securityProfile: '3', caFile: '/nowhere/ca.pem' },
    ]);
    assert.match(String((helper.getNode('a') as unknown as CsmsConfigNode).problem?.params?.reason), /CA/);
    assert.match(String((helper.getNode('b') as unknown as CsmsConfigNode).problem?.params?.reason), /operator name/);
  });
});

/**
 * The OCPP server's security: profile 3 (mutual TLS: CA, CN = identity, O = operator, validity), RSA and ECDSA
 * server certificates with the cipher suites OCPP requires, certificates renewed while stations stay connected,
 * no lowering of a station's profile, and Basic-auth brute force held back per identity and per address.
 */
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import WebSocket from 'ws';
import type { TLSSocket } from 'tls';
import { OcppServer, Handshake, HandshakeFailure } from '../../lib/ocpp/server';
import { Csms } from '../../lib/ocpp/csms';
import { StationRegistry } from '../../lib/ocpp/registry';
import { RawClient, waitFor } from '../support/net';
import { Attempt, authority, connect, OPERATOR, Pems, PASSWORD } from '../support/certs';

describe('OCPP server security', function () {
  this.timeout(60_000);
  let server: OcppServer | undefined;
  let csms: Csms | undefined;
  const sockets: WebSocket[] = [];
  const refused: HandshakeFailure[] = [];
  const accepted: Handshake[] = [];
  let ca: Awaited<ReturnType<typeof authority>>;
  let ecCa: Awaited<ReturnType<typeof authority>>;
  let rsa: Pems;
  let ec: Pems;

  before(async () => {
    ca = await authority('Park CA');
    ecCa = await authority('Park ECDSA CA', true);
    rsa = await ca.sign('localhost', OPERATOR, { server: true });
    ec = await ecCa.sign('localhost', OPERATOR, { server: true });
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    refused.length = 0;
    accepted.length = 0;
    await server?.close();
    await csms?.stop();
    server = undefined;
    csms = undefined;
  });

  async function start(extra: Partial<ConstructorParameters<typeof OcppServer>[0]>, registry = new StationRegistry({ open: true })): Promise<string> {
    server = new OcppServer({ port: 0, host: '127.0.0.1', registry, pingIntervalMs: 0, ...extra });
    server.on('handshakeFailed', (f: HandshakeFailure) => refused.push(f));
    server.on('connection', (h: Handshake) => { accepted.push(h); sockets.push(h.socket); });
    return `wss://127.0.0.1:${await server.listen()}/ocpp`;
  }
  const keep = (a: Attempt): Attempt => {
    if (a.socket) sockets.push(a.socket);
    return a;
  };

  it('profile 3 accepts a station certificate of our CA with its identity and our name, and refuses a wrong CN, a wrong CA, an expired one or none', async () => {
    const url = await start({ securityProfile: 3, operatorName: OPERATOR, tls: { cert: rsa.cert, key: rsa.key, ca: ca.cert } });
    const station = (pems: Pems) => ({ ca: ca.cert, cert: pems.cert, key: pems.key });

    const good = keep(await connect(`${url}/CP1`, station(await ca.sign('CP1', `${OPERATOR} SAS`))));
    assert.equal(good.opened, true);
    assert.deepEqual([accepted[0].identity, accepted[0].securityProfile], ['CP1', 3]);

    const other = await authority('Rogue CA');
    const cases: Array<[string, Attempt, RegExp]> = [
      ['wrong CN', await connect(`${url}/CP1`, station(await ca.sign('CP2', OPERATOR))), /CN CP2 is not the station identity CP1/],
      ['wrong CA', await connect(`${url}/CP1`, station(await other.sign('CP1', OPERATOR))), /refused: .*(UNABLE|unable|self.signed|SELF_SIGNED)/i],
      ['expired', await connect(`${url}/CP1`, station(await ca.sign('CP1', OPERATOR, { notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }))), /CERT_HAS_EXPIRED|expired/i],
      ['other operator', await connect(`${url}/CP1`, station(await ca.sign('CP1', 'Someone Else'))), /does not name the operator/],
      ['no certificate', await connect(`${url}/CP1`, { ca: ca.cert }), /no client certificate/],
    ];
    for (const [what, attempt] of cases) {
      assert.deepEqual([what, attempt.opened, attempt.status], [what, false, 401]);
    }
    assert.deepEqual(refused.map((f) => f.status), [401, 401, 401, 401, 401]);
    cases.forEach(([what, , reason], i) => assert.match(refused[i].reason, reason, what));
    assert.throws(() => new OcppServer({ port: 0, registry: new StationRegistry({ open: true }), securityProfile: 3, tls: { cert: rsa.cert, key: rsa.key } }), /CA/);
  });

  it('serves RSA and ECDSA certificates with the suites OCPP requires, and takes renewed ones without dropping stations', async () => {
    const registry = new StationRegistry({ open: true });
    registry.add('CP1', PASSWORD);
    const url = await start({ securityProfile: 2, tls: { cert: [rsa.cert, ec.cert], key: [rsa.key, ec.key] } }, registry);
    const headers = { Authorization: `Basic ${Buffer.from(`CP1:${PASSWORD}`).toString('base64')}` };
    const tls12 = (ciphers: string) => ({ ca: [ca.cert, ecCa.cert], headers, ciphers, maxVersion: 'TLSv1.2' as const });
    const used = (a: Attempt) => (a.socket as unknown as { _socket: TLSSocket })._socket.getCipher().standardName;
    for (const suite of ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_GCM_SHA384']) {
      const openssl = { TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256', TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384', TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256', TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384' }[suite]!;
      const attempt = keep(await connect(`${url}/CP1`, tls12(openssl)));
      assert.equal(attempt.opened, true, `${suite}: ${String(attempt.status)} ${refused.map((f) => f.reason).join('; ')}`);
      assert.equal(used(attempt), suite);
    }

    // A renewal: the connected station stays, a new one sees the new certificate.
    const before = keep(await connect(`${url}/CP1`, { ca: [ca.cert, ecCa.cert], headers }));
    const renewed = await ca.sign('localhost', OPERATOR, { server: true });
    server!.reloadTls({ cert: renewed.cert, key: renewed.key });
    const after = keep(await connect(`${url}/CP1`, { ca: ca.cert, headers }));
    const fingerprint = (a: Attempt) => (a.socket as unknown as { _socket: TLSSocket })._socket.getPeerCertificate().fingerprint256;
    assert.notEqual(fingerprint(after), fingerprint(before));
    assert.equal(before.socket!.readyState, WebSocket.OPEN);
    await new Promise<void>((resolve, reject) => before.socket!.ping(undefined, undefined, (err) => (err ? reject(err) : resolve())));
  });

  it('never lets a station come back at a lower security profile than it used', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-profile-'));
    const stateFile = path.join(dir, 'csms.json');
    const options = { port: 0, host: '127.0.0.1', pingIntervalMs: 0, stateFile, registry: { open: true, stations: [{ identity: 'CP1', password: PASSWORD }] } };
    const headers = { Authorization: `Basic ${Buffer.from(`CP1:${PASSWORD}`).toString('base64')}` };
    csms = new Csms({ ...options, securityProfile: 2, tls: { cert: rsa.cert, key: rsa.key } });
    let port = await csms.start();
    keep(await connect(`wss://127.0.0.1:${port}/ocpp/CP1`, { ca: ca.cert, headers }));
    await waitFor(() => csms!.store.get('CP1')?.securityProfile === 2, 3000, 'the profile recorded');
    // Nor may a command lower it: refused before it leaves, in either version's words.
    await assert.rejects(csms.call('CP1', 'ChangeConfiguration', { key: 'SecurityProfile', value: '1' }), { code: 'SecurityError', message: /never lowered to 1/ });
    const setVariables = { setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'SecurityProfile' }, attributeValue: '0' }] };
    await assert.rejects(csms.call('CP1', 'SetVariables', setVariables), { code: 'SecurityError' });
    await csms.stop();

    csms = new Csms({ ...options, securityProfile: 1 });
    const failures: HandshakeFailure[] = [];
    csms.on('handshakeFailed', (f: HandshakeFailure) => failures.push(f));
    port = await csms.start();
    assert.equal((keep(await connect(`ws://127.0.0.1:${port}/ocpp/CP1`, { headers }))).status, 403);
    assert.match(failures[0].reason, /security profile 1 is lower than the 2/);
  });

  it('holds back Basic-auth guessing per identity and per address', async () => {
    const registry = new StationRegistry({ open: false });
    registry.add('CP1', PASSWORD);
    registry.add('CP2', PASSWORD);
    const port = (await start({ securityProfile: 1, throttle: { maxFailures: 3, windowMs: 60_000, lockoutMs: 400 } }, registry)).replace('wss://', 'ws://');
    const attempt = async (identity: string, password: string): Promise<number | undefined> => {
      const a = keep(await connect(`${port}/${identity}`, { headers: { Authorization: `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}` } }));
      return a.opened ? 101 : a.status;
    };
    assert.deepEqual([await attempt('CP1', 'guess-1'), await attempt('CP1', 'guess-2'), await attempt('CP1', 'guess-3')], [401, 401, 401]);
    assert.equal(await attempt('CP1', PASSWORD), 429, 'even the right password waits out the lockout');
    assert.equal(await attempt('CP2', PASSWORD), 429, 'the address is held back too');
    assert.match(refused.at(-1)!.reason, /too many failed authentications/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await attempt('CP1', PASSWORD), 101);
  });

  it('refuses connections beyond the limit, and handshakes beyond the rate with Retry-After', async () => {
    const url = (await start({ maxConnections: 2 })).replace('wss://', 'ws://');
    const [a, b, c] = [keep(await connect(`${url}/CP1`, {})), keep(await connect(`${url}/CP2`, {})), await connect(`${url}/CP3`, {})];
    assert.deepEqual([a.opened, b.opened, c.status], [true, true, 503]);
    assert.match(refused.at(-1)!.reason, /connection limit of 2/);
    await server!.close();

    const paced = (await start({ handshakesPerSecond: 5 })).replace('wss://', 'ws://');
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => connect(`${paced}/CP${i}`, {}).then(keep)));
    const opened = burst.filter((x) => x.opened).length;
    assert.ok(opened >= 5 && opened <= 6, `${opened} of 10 at once`);
    assert.ok(burst.filter((x) => x.status === 503).length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(keep(await connect(`${paced}/LATE`, {})).opened, true, 'the bucket refills');
  });

  it('refuses the messages of a station beyond its rate with a GenericError it can retry, then serves it again', async () => {
    csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0, messagesPerSecond: 5 });
    const warnings: string[] = [];
    csms.on('warn', (w: string) => warnings.push(w));
    const client = new RawClient(`ws://127.0.0.1:${await csms.start()}/ocpp/CP1`);
    await client.open();
    const answers: unknown[][] = [];
    for (let i = 0; i < 20; i++) {
      client.send([2, `hb-${i}`, 'Heartbeat', {}]);
      answers.push(await client.next());
    }
    const refusedNow = answers.filter((a) => a[0] === 4);
    assert.ok(answers.filter((a) => a[0] === 3).length >= 10, 'a burst of twice the rate is served');
    assert.ok(refusedNow.length >= 8 && refusedNow.every((a) => a[2] === 'GenericError' && /messages a second/.test(String(a[3]))), JSON.stringify(refusedNow[0]));
    assert.equal(warnings.filter((w) => /more than 5 messages a second/.test(w)).length, 1, 'said once');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    client.send([2, 'hb-later', 'Heartbeat', {}]);
    assert.equal((await client.next())[0], 3, 'served again once the rate allows');
    client.close();
  });

  it('counts a call held back during a restore once against the rate', async () => {
    csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0, messagesPerSecond: 5 });
    const client = new RawClient(`ws://127.0.0.1:${await csms.start()}/ocpp/CP1`);
    await client.open();
    let restored!: () => void;
    csms.defer(new Promise<void>((resolve) => { restored = resolve; }));
    // The bucket holds a burst of 10: ten calls fit, if the one held back is not counted again.
    for (let i = 0; i < 10; i++) client.send([2, `hb-${i}`, 'Heartbeat', {}]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    restored();
    const answers: unknown[][] = [];
    for (let i = 0; i < 10; i++) answers.push(await client.next());
    assert.deepEqual(answers.map((a) => a[0]), new Array(10).fill(3), JSON.stringify(answers.find((a) => a[0] !== 3)));
    client.close();
  });
});

/**
 * The OCPI bridge without Node-RED: a CSMS with no authorizer asks the roaming tokens itself, a description that
 * changed between two runs is pushed to the registered partners, and partners no longer configured are forgotten.
 */
import assert from 'node:assert/strict';
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { OcpiBridge, OcpiBridgeOptions, PartnerConfig } from '../../lib/ocpi/bridge';
import { readOcpiSite, OcpiSiteSpec } from '../../lib/ocpi/objects/site';
import { defaultSettings } from '../../lib/ocpi/partners';
import { Csms } from '../../lib/ocpp/csms';
import { TestEmsp } from '../support/ocpi-emsp';
import { EMSP_MODULES, SITE, token } from './ocpi-modules-park.test';
import { ScriptedStation } from './ocpi-modules-station.test';

describe('OCPI bridge', function () {
  this.timeout(20_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocpi-bridge-'));
  let csms: Csms;
  let server: http.Server;
  let bridge: OcpiBridge | undefined;
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  let base = '';
  let ocpp = '';
  const closers: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0 });
    ocpp = `ws://127.0.0.1:${await csms.start()}/ocpp`;
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    bridge?.close();
    bridge = undefined;
    for (const close of closers.splice(0)) await close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await csms.stop();
  });

  const site = (over: Partial<OcpiSiteSpec['location']> = {}): OcpiSiteSpec => {
    const read = readOcpiSite({ ...SITE, location: { ...SITE.location, ...over } });
    assert.ok(!Array.isArray(read), String(read));
    return read;
  };
  const emspConfig: PartnerConfig = { name: 'emsp', settings: defaultSettings() };
  const open = (options: Partial<OcpiBridgeOptions>): OcpiBridge => {
    bridge?.close();
    bridge = new OcpiBridge({ csms, site: site(), publicUrl: base, businessName: 'Park', partners: [emspConfig], client: { timeoutMs: 3000 }, ...options });
    handler = bridge.router.handle;
    bridge.start();
    return bridge;
  };
  const registeredEmsp = async (b: OcpiBridge): Promise<TestEmsp> => {
    const emsp = new TestEmsp({ modules: [...EMSP_MODULES] });
    await emsp.start();
    closers.push(() => emsp.stop());
    const invitation = b.invite('emsp');
    assert.equal((await emsp.registerWith(invitation.versionsUrl, invitation.token)).body?.status_code, 1000);
    return emsp;
  };

  it('lets a CSMS without an authorizer answer badges from the roaming tokens, and the default status for others', async () => {
    const b = open({});
    const emsp = await registeredEmsp(b);
    await emsp.call('PUT', `${emsp.cpoUrl('tokens')}/NL/EMS/LOST-1`, emsp.tokenForCpo, token('LOST-1', { valid: false }));
    const cp = await new ScriptedStation(ocpp, 'CP16', '1.6').connect();
    closers.push(() => cp.close());
    const status = async (idTag: string) => ((await cp.peer.call('Authorize', { idTag })) as { idTagInfo: { status: string } }).idTagInfo.status;
    assert.equal(await status('LOST-1'), 'Blocked');
    assert.equal(await status('ANYONE'), 'Accepted', 'the CSMS default for a badge nobody knows');
    b.close();
    bridge = undefined;
    assert.equal(await status('LOST-1'), 'Accepted', 'a closed bridge no longer answers');
  });

  it('pushes a changed description to the registered partners at the next start, and forgets partners no longer configured', async () => {
    const stateFile = path.join(dir, `state-${Date.now()}.json`);
    const first = open({ stateFile });
    const emsp = await registeredEmsp(first);
    await emsp.waitForPush((p) => p.path === '/locations/FR/EVC/PARK1' && p.method === 'PUT');
    const described = first.service.location().last_updated;

    // Same description: nothing is pushed again, the Location keeps its date.
    const same = open({ stateFile });
    assert.equal(same.service.location().last_updated, described);
    const pushes = emsp.pushes.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(emsp.pushes.length, pushes);

    // A new address: the whole Location goes to the partner with the new date.
    const moved = open({ stateFile, site: site({ address: '2 rue de la Paix' }) });
    const put = await emsp.waitForPush((p) => p.path === '/locations/FR/EVC/PARK1' && p.method === 'PUT' && p.body.address === '2 rue de la Paix');
    assert.notEqual(put.body.last_updated, described);
    assert.equal(moved.summary('emsp')?.status, 'registered');

    const warnings: string[] = [];
    const alone = new OcpiBridge({ csms, site: site(), publicUrl: base, businessName: 'Park', partners: [], stateFile });
    alone.on('warn', (w: string) => warnings.push(w));
    bridge?.close();
    bridge = alone;
    alone.start();
    assert.deepEqual([alone.partners.list().length, warnings.length], [0, 1]);
    assert.match(warnings[0], /emsp is no longer configured/);
  });
});

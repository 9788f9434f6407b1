/* Virtual stations against a tiny CSMS stand-in: a ws server and RpcConnection in the CSMS role, both validating. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { IncomingCall, RpcConnection } from '../../lib/ocpp/connection';
import { versionOfSubprotocol } from '../../lib/ocpp/actions';
import type { OcppVersion } from '../../lib/ocpp/errors';
import type { Payload } from '../../lib/ocpp/frames';
import { sharedValidator } from '../../lib/ocpp/validator';
import { SimulatedFleet, VirtualStation, VirtualStationOptions } from '../../lib/simulator';

interface Seen { identity: string; action: string; payload: Payload; at: number }

class MiniCsms {
  readonly seen: Seen[] = [];
  readonly conns = new Map<string, RpcConnection>();
  /** Problems on either side: our answers that failed validation, station errors reported to the test. */
  readonly errors: unknown[] = [];
  /** BootNotifications to answer Pending (interval 1 s) before accepting. */
  pending = 0;
  url = '';
  private nextTx = 100;
  private wss?: WebSocketServer;

  async listen(password?: string): Promise<this> {
    this.wss = new WebSocketServer({
      port: 0,
      handleProtocols: (offered) => [...offered].find((p) => versionOfSubprotocol(p)) ?? false,
      verifyClient: (info, done) => {
        const identity = decodeURIComponent(String(info.req.url).split('/').pop() ?? '');
        const expected = `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}`;
        if (password === undefined || info.req.headers.authorization === expected) done(true);
        else done(false, 401, 'Unauthorized');
      },
    });
    this.wss.on('connection', (ws, req) => {
      const identity = decodeURIComponent(String(req.url).split('/').pop() ?? '');
      const version = versionOfSubprotocol(ws.protocol) as OcppVersion;
      const conn = new RpcConnection(ws, {
        version, role: 'csms', validator: sharedValidator(), handler: (call) => this.answer(identity, version, call),
      });
      conn.on('handlerError', (err) => this.errors.push(err));
      this.conns.set(identity, conn);
    });
    await once(this.wss, 'listening');
    this.url = `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ocpp`;
    return this;
  }

  of(identity: string, action: string): Payload[] {
    return this.seen.filter((s) => s.identity === identity && s.action === action).map((s) => s.payload);
  }

  call(identity: string, action: string, payload: Payload): Promise<Payload> {
    return this.conns.get(identity)!.call(action, payload);
  }

  async close(): Promise<void> {
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    await new Promise((resolve) => this.wss?.close(resolve));
  }

  private answer(identity: string, version: OcppVersion, call: IncomingCall): Payload {
    this.seen.push({ identity, action: call.action, payload: call.payload, at: Date.now() });
    const currentTime = new Date().toISOString();
    const accepted = version === '1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
    switch (call.action) {
      case 'BootNotification':
        return this.pending-- > 0 ? { status: 'Pending', currentTime, interval: 1 } : { status: 'Accepted', currentTime, interval: 60 };
      case 'Heartbeat': return { currentTime };
      case 'Authorize': return accepted;
      case 'StartTransaction': return { transactionId: this.nextTx++, ...accepted };
      case 'DataTransfer': return { status: 'Accepted' };
      default: return {};
    }
  }
}

/** Polls until the probe returns something truthy. */
async function until<T>(probe: () => T | undefined | false | null, ms = 4000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) {
    const value = probe();
    if (value) return value;
  }
  throw new Error(`condition not met within ${ms} ms: ${probe.toString()}`);
}

const values = (p: Payload, field: string): string[] =>
  ((p.meterValue ?? p.transactionData) as Payload[] ?? []).flatMap((m) => (m.sampledValue as Payload[]).map((s) => String(s[field])));

for (const version of ['1.6', '2.0.1'] as const) {
  const v16 = version === '1.6';
  describe(`simulator: virtual station, OCPP ${version}`, function () {
    let csms: MiniCsms;
    let station: VirtualStation | undefined;
    const id = `CS-${version}`;
    const make = (o: Partial<VirtualStationOptions> = {}): VirtualStation => {
      station = new VirtualStation({ url: csms.url, identity: id, version, seed: 7, meterIntervalMs: 40, reconnectDelayMs: 50, ...o });
      station.on('error', (err) => csms.errors.push(err));
      return station;
    };
    const txEvents = (type: string): Payload[] => csms.of(id, 'TransactionEvent').filter((e) => e.eventType === type);
    const stops = (): Payload[] => (v16 ? csms.of(id, 'StopTransaction') : txEvents('Ended'));

    beforeEach(async () => { csms = await new MiniCsms().listen(); });
    afterEach(async () => {
      await station?.stop();
      station = undefined;
      await csms.close();
      assert.deepEqual(csms.errors, []);
    });

    it('boots, then reports every connector', async () => {
      const s = make({ connectors: 2 });
      await s.start();
      assert.equal(csms.of(id, 'BootNotification').length, 1);
      const statuses = await until(() => { const all = csms.of(id, 'StatusNotification'); return all.length >= (v16 ? 3 : 2) && all; });
      if (v16) assert.deepEqual(statuses.map((p) => [p.connectorId, p.status]), [[0, 'Available'], [1, 'Available'], [2, 'Available']]);
      else assert.deepEqual(statuses.map((p) => [p.evseId, p.connectorId, p.connectorStatus]), [[1, 1, 'Available'], [2, 1, 'Available']]);
      assert.equal(s.connected, true);
    });

    it('runs a local transaction with meter values', async () => {
      const s = make();
      await s.start();
      const txId = await s.startCharging(1, 'TAG-1');
      assert.equal(csms.of(id, 'Authorize').length, 1);
      const periodic = (): Payload[] => (v16 ? csms.of(id, 'MeterValues') : txEvents('Updated')).filter((m) => values(m, 'context').includes('Sample.Periodic'));
      const sample = (await until(() => periodic().length >= 2 && periodic()))[1];
      for (const m of ['Energy.Active.Import.Register', 'Power.Active.Import', 'Voltage', 'SoC']) assert.ok(values(sample, 'measurand').includes(m), m);
      assert.equal(values(sample, 'measurand').filter((m) => m === 'Current.Import').length, 3);
      if (v16) assert.equal(String(sample.transactionId), txId);
      const live = s.connectorsState()[0];
      assert.equal(live.transactionId, txId);
      assert.ok(live.powerW > 20000 && live.energyWh >= 0 && live.socPercent! >= 20, JSON.stringify(live));
      await s.stopCharging(1);
      const end = stops()[0];
      if (v16) {
        const start = csms.of(id, 'StartTransaction')[0];
        assert.equal(end.transactionId, Number(txId));
        assert.ok((end.meterStop as number) >= (start.meterStart as number));
        assert.ok(values(end, 'context').includes('Transaction.End'));
      } else {
        const events = csms.of(id, 'TransactionEvent');
        assert.deepEqual(events.map((e) => e.seqNo), events.map((_, i) => i));
        assert.equal((end.transactionInfo as Payload).stoppedReason, 'Local');
      }
      await s.unplug(1);
      assert.equal(s.connectorsState()[0].status, 'Available');
    });

    it('obeys remote start and stop', async () => {
      const s = make();
      await s.start();
      const started = once(s, 'transaction');
      const ask = v16 ? { connectorId: 2, idTag: 'REMOTE' } : { evseId: 2, remoteStartId: 7, idToken: { idToken: 'REMOTE', type: 'Central' } };
      assert.equal((await csms.call(id, v16 ? 'RemoteStartTransaction' : 'RequestStartTransaction', ask)).status, 'Accepted');
      const [{ transactionId, connectorId }] = await started;
      assert.equal(connectorId, 2);
      if (!v16) assert.equal((txEvents('Started')[0].transactionInfo as Payload).remoteStartId, 7);
      assert.equal((await csms.call(id, v16 ? 'RemoteStartTransaction' : 'RequestStartTransaction', ask)).status, 'Rejected');
      const stop = v16 ? { transactionId: Number(transactionId) } : { transactionId };
      assert.equal((await csms.call(id, v16 ? 'RemoteStopTransaction' : 'RequestStopTransaction', stop)).status, 'Accepted');
      const end = await until(() => stops()[0]);
      assert.equal(v16 ? end.reason : (end.transactionInfo as Payload).stoppedReason, 'Remote');
    });

    it('reboots on Reset, ending the transaction, and boots again', async () => {
      const s = make();
      await s.start();
      await s.startCharging(1, 'TAG-2');
      assert.equal((await csms.call(id, 'Reset', { type: v16 ? 'Soft' : 'Immediate' })).status, 'Accepted');
      const boots = await until(() => csms.of(id, 'BootNotification').length === 2 && csms.of(id, 'BootNotification'));
      if (!v16) assert.equal(boots[1].reason, 'RemoteReset');
      const end = stops()[0];
      assert.equal(v16 ? end.reason : (end.transactionInfo as Payload).stoppedReason, v16 ? 'SoftReset' : 'ImmediateReset');
      await until(() => s.connected);
    });

    it('reads and changes its configuration', async () => {
      const s = make();
      await s.start();
      if (v16) {
        const got = await csms.call(id, 'GetConfiguration', { key: ['HeartbeatInterval', 'NoSuchKey'] });
        assert.deepEqual(got, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }], unknownKey: ['NoSuchKey'] });
        assert.equal((await csms.call(id, 'ChangeConfiguration', { key: 'SupportedFeatureProfiles', value: 'Core' })).status, 'Rejected');
        assert.equal((await csms.call(id, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '1' })).status, 'Accepted');
      } else {
        const variable = (component: string, name: string): Payload => ({ component: { name: component }, variable: { name } });
        const got = await csms.call(id, 'GetVariables', {
          getVariableData: [variable('OCPPCommCtrlr', 'HeartbeatInterval'), variable('Nope', 'X'), variable('OCPPCommCtrlr', 'Nope')],
        });
        const results = got.getVariableResult as Payload[];
        assert.deepEqual(results.map((r) => [r.attributeStatus, r.attributeValue]), [['Accepted', '60'], ['UnknownComponent', undefined], ['UnknownVariable', undefined]]);
        const set = await csms.call(id, 'SetVariables', { setVariableData: [{ ...variable('OCPPCommCtrlr', 'HeartbeatInterval'), attributeValue: '1' }] });
        assert.equal((set.setVariableResult as Payload[])[0].attributeStatus, 'Accepted');
        assert.equal((await csms.call(id, 'GetBaseReport', { requestId: 3, reportBase: 'FullInventory' })).status, 'Accepted');
        const reports = await until(() => { const r = csms.of(id, 'NotifyReport'); return r.length > 0 && !r[r.length - 1].tbc && r; });
        assert.ok(reports.every((r) => r.requestId === 3));
      }
      await until(() => csms.of(id, 'Heartbeat').length > 0, 2500);
    });

    it('sends the messages the CSMS triggers', async () => {
      const s = make();
      await s.start();
      const before = csms.of(id, 'StatusNotification').length;
      const trigger = (requestedMessage: string, n: number): Promise<Payload> =>
        csms.call(id, 'TriggerMessage', v16 ? { requestedMessage, connectorId: n } : { requestedMessage, evse: { id: n } });
      assert.equal((await trigger('StatusNotification', 2)).status, 'Accepted');
      await until(() => csms.of(id, 'StatusNotification').length === before + 1);
      assert.equal((await trigger('MeterValues', 1)).status, 'Accepted');
      const mv = await until(() => csms.of(id, 'MeterValues')[0]);
      assert.deepEqual(new Set(values(mv, 'context')), new Set(['Trigger']));
      assert.equal((await trigger('Heartbeat', 9)).status, 'Rejected');
    });

    it('caps the power with a charging profile', async () => {
      const s = make({ meterIntervalMs: 1000 });
      await s.start();
      const txId = await s.startCharging(1, 'TAG-3');
      const schedule = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] };
      const profile = v16
        ? { connectorId: 1, csChargingProfiles: { chargingProfileId: 5, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: schedule } }
        : { evseId: 1, chargingProfile: { id: 5, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', transactionId: txId, chargingSchedule: [{ id: 1, ...schedule }] } };
      assert.equal((await csms.call(id, 'SetChargingProfile', profile)).status, 'Accepted');
      const capped = s.connectorsState()[0].powerW;
      assert.ok(capped > 10000 && capped <= 16 * 230 * 3, String(capped));
      const composite = await csms.call(id, 'GetCompositeSchedule', v16 ? { connectorId: 1, duration: 600, chargingRateUnit: 'A' } : { evseId: 1, duration: 600, chargingRateUnit: 'A' });
      const periods = ((v16 ? composite.chargingSchedule : composite.schedule) as Payload).chargingSchedulePeriod as Payload[];
      assert.equal(composite.status, 'Accepted');
      assert.equal(periods[0].limit, 16);
      if (!v16) await until(() => txEvents('Updated').some((e) => e.triggerReason === 'ChargingRateChanged'));
      const clear = v16 ? { id: 5 } : { chargingProfileId: 5 };
      assert.equal((await csms.call(id, 'ClearChargingProfile', clear)).status, 'Accepted');
      assert.ok(s.connectorsState()[0].powerW > 20000);
      const idle = await csms.call(id, 'GetCompositeSchedule', v16 ? { connectorId: 1, duration: 60 } : { evseId: 1, duration: 60 });
      assert.equal(idle.status, 'Rejected');
    });

    it('retries a Pending boot after the interval', async () => {
      csms.pending = 1;
      await make().start();
      const boots = csms.seen.filter((x) => x.action === 'BootNotification');
      assert.deepEqual(boots.map((b) => b.identity), [id, id]);
      assert.ok(boots[1].at - boots[0].at >= 900);
    });

    it('reports the HTTP 401 of a CSMS that refuses it, and passes with the password', async () => {
      await csms.close();
      csms = await new MiniCsms().listen('0123456789abcdef0123');
      await assert.rejects(make({ reconnect: false }).start(), /HTTP 401/);
      await make({ password: '0123456789abcdef0123' }).start();
      assert.equal(csms.of(id, 'BootNotification').length, 1);
    });
  });
}

describe('simulator: fleet', function () {
  const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it('starts and stops five stations, charging on their own, and leaves no timer behind', async () => {
    const csms = await new MiniCsms().listen();
    const before = timeouts();
    const fleet = new SimulatedFleet({ url: csms.url, count: 5, version: 'mixed', seed: 42, autoCharge: true, autoChargeCycleMs: 40, meterIntervalMs: 20 });
    fleet.on('error', (err) => csms.errors.push(err));
    await fleet.start();
    assert.deepEqual(fleet.stations.map((s) => `${s.identity}/${s.version}`), ['SIM001/1.6', 'SIM002/2.0.1', 'SIM003/1.6', 'SIM004/2.0.1', 'SIM005/1.6']);
    assert.equal(fleet.station('SIM003')?.connected, true);
    await until(() => csms.seen.some((x) => x.action === 'StartTransaction') && csms.seen.some((x) => x.action === 'TransactionEvent'));
    await fleet.stop();
    await csms.close();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(timeouts(), before);
    assert.ok(fleet.stations.every((s) => !s.connected));
    assert.deepEqual(csms.errors, []);
  });
});

describe('simulator: station commands by name', () => {
  it('refuses unknown commands and stations with a code', async () => {
    const { runStationCommand } = await import('../../lib/simulator');
    await assert.rejects(runStationCommand(undefined, { command: 'fly' }), (e: { code: string }) => e.code === 'ValidationFailed');
    await assert.rejects(runStationCommand(undefined, { command: 'plug', stationId: 'X' }), (e: { code: string }) => e.code === 'UnknownStation');
  });
});

/**
 * The integrations/ examples in a Node-RED runtime: their third-party nodes (Modbus, KNX, MQTT, OPC UA, e-mail)
 * are stood in for by helper nodes that send what those nodes send, or record what they would receive; everything
 * else (core nodes and ours) runs as imported, against strict ocpp-rpc stations.
 */
import assert from 'node:assert/strict';
import { helper, nodeModule } from '../support/helper';
import { freePort, waitFor } from '../support/net';
import { BOOT, Peer } from '../support/rpc';
import { nodeSuite } from '../support/node-suite';
import { integrationFlows } from '../../flows/integrations';

type Msg = Record<string, any>;
type FlowNode = Record<string, any> & { id: string; type: string };

const OURS = ['evc-csms', 'evc-ocpp-in', 'evc-ocpp-command', 'evc-stations', 'evc-power-allocator'].map(nodeModule);
const CORE = ['common/90-comment', 'common/91-global-config', 'common/20-inject', 'function/10-function', 'function/10-switch', 'function/15-change', 'function/rbe']
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  .map((file) => require(`@node-red/nodes/core/${file}.js`));
const STANDS_IN = ['modbus-read', 'knxUltimate', 'mqtt in', 'mqtt out', 'OpcUa-Item', 'OpcUa-Client', 'e-mail'];
const THIRD_PARTY_CONFIG = ['modbus-client', 'knxUltimate-config', 'mqtt-broker', 'OpcUa-Endpoint'];

function runnable(flow: FlowNode[], port: number): FlowNode[] {
  return flow
    .filter((n) => !THIRD_PARTY_CONFIG.includes(n.type))
    .map((n) => {
      if (n.type === 'evc-csms') return { ...n, port, host: '127.0.0.1', persist: false, pingInterval: 0 };
      if (STANDS_IN.includes(n.type)) return { id: n.id, z: n.z, x: n.x, y: n.y, type: 'helper', name: n.type, wires: n.wires ?? [] };
      return n;
    });
}

const example = (name: string) => integrationFlows().find(([file]) => file === `integrations/${name}`)![1] as FlowNode[];

describe('integration examples in a Node-RED runtime', function () {
  this.timeout(20_000);
  const suite = nodeSuite();
  /** This test's stations (the suite closes them after it). */
  const peers: Peer[] = [];
  beforeEach(() => { peers.length = 0; });

  /**
   * A 1.6 and a 2.0.1 station of the examples' park, each charging, that accept every profile and record its limit
   * in W; each first gets the whole of its 32 A (22,080 W), before any live limit.
   */
  async function twoStations(): Promise<Map<string, number[]>> {
    const limits = new Map<string, number[]>([['CP001', []], ['CP002', []]]);
    for (const [identity, version] of [['CP001', '1.6'], ['CP002', '2.0.1']] as const) {
      const peer = await suite.station(identity, version);
      peers.push(peer);
      peer.handle('SetChargingProfile', async ({ params: raw }: { params?: unknown }) => {
        const params = raw as Msg;
        const profile = version === '1.6' ? params.csChargingProfiles : params.chargingProfile;
        const schedule = version === '1.6' ? profile.chargingSchedule : profile.chargingSchedule[0];
        assert.deepEqual([profile.chargingProfilePurpose, schedule.chargingRateUnit], ['TxProfile', 'W']);
        limits.get(identity)!.push(Math.round(schedule.chargingSchedulePeriod[0].limit));
        return { status: 'Accepted' };
      });
      await peer.call('BootNotification', BOOT[version]);
      const now = new Date().toISOString();
      if (version === '1.6') await peer.call('StartTransaction', { connectorId: 1, idTag: 'TAG1', meterStart: 0, timestamp: now });
      else {
        await peer.call('TransactionEvent', {
          eventType: 'Started', timestamp: now, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'tx-2' },
          idToken: { idToken: 'TAG2', type: 'ISO14443' }, evse: { id: 1, connectorId: 1 },
        });
      }
    }
    await waitFor(() => [...limits.values()].every((l) => l.length === 1), 5000, 'the first limits');
    assert.deepEqual([...limits.values()], [[22_080], [22_080]]);
    return limits;
  }

  async function sharesOf(name: string, source: string, readings: unknown[]): Promise<Map<string, number[]>> {
    await helper.load([...OURS, ...CORE], runnable(example(name), suite.port));
    const limits = await twoStations();
    const sourceNode = example(name).find((n) => n.type === source)!;
    for (const payload of readings) {
      const before = limits.get('CP002')!.length;
      helper.getNode(sourceNode.id).send({ payload, topic: 'reading' });
      // A reading within the dead-band (or a limit that binds nobody) sends nothing: give it time, then go on.
      await waitFor(() => limits.get('CP002')!.length > before, 1500, 'a share').catch(() => undefined);
    }
    return limits;
  }

  it('Modbus site meter: the contract less the building load, shared by the charging stations, small changes ignored', async () => {
    const float = (kw: number) => { const b = Buffer.alloc(4); b.writeFloatBE(kw); return [b.readUInt16BE(0), b.readUInt16BE(2)]; };
    // 210 kW of building load leaves 40 kW; 209 kW (1 kW more to share) is within the 2 kW dead-band; 220 kW leaves 30.
    const limits = await sharesOf('Modbus TCP site meter', 'modbus-read', [float(210), float(209), float(220)]);
    assert.deepEqual(limits.get('CP001'), [22_080, 20_000, 15_000]);
    assert.deepEqual(limits.get('CP002'), [22_080, 20_000, 15_000]);
  });

  it('KNX set-point and OPC UA limit: the kW the BMS allows, shared by the charging stations', async () => {
    // 120 kW binds nobody (two EVSEs of 22 kW); 30 kW gives 15 kW each.
    const knx = await sharesOf('KNX building set-point', 'knxUltimate', [120, 'not a number', 30]);
    assert.deepEqual(knx.get('CP001'), [22_080, 15_000]);
    await helper.unload();
    for (const p of peers.splice(0)) await p.close({ force: true });
    suite.port = await freePort();
    const opcua = await sharesOf('OPC UA site limit', 'OpcUa-Client', [44]);
    assert.deepEqual(opcua.get('CP002'), [22_080, 22_000]);
  });

  it('MQTT: the grid allowance plus PV production is shared; station events are published by station and type', async () => {
    // 60 kW from the grid, nothing from PV at night: the two EVSEs stay at their 22 kW; then 20 kW more is no change either.
    const limits = await sharesOf('MQTT PV production', 'mqtt in', [0, 20_000]);
    assert.deepEqual(limits.get('CP001'), [22_080]);
    const published: Msg[] = [];
    const out = example('MQTT PV production').find((n) => n.type === 'mqtt out')!;
    helper.getNode(out.id).on('input', (m: Msg) => published.push(m));
    await peers[0].call('Heartbeat', {});
    await waitFor(() => published.some((m) => m.topic === 'evcharge/CP001/station.heartbeat'), 3000, 'the heartbeat published');
  });

  it('alarm e-mail: a faulted connector mails the maintenance team once per station within 10 minutes', async () => {
    await helper.load([...OURS, ...CORE], runnable(example('Alarm e-mail'), suite.port));
    const mails: Msg[] = [];
    helper.getNode(example('Alarm e-mail').find((n) => n.type === 'e-mail')!.id).on('input', (m: Msg) => mails.push(m));
    const cp = await suite.station('CP7', '1.6', { boot: true });
    const status = (s: string, errorCode = 'NoError') => cp.call('StatusNotification', { connectorId: 2, status: s, errorCode, info: 'RCD tripped', timestamp: new Date().toISOString() });
    await status('Available');
    await status('Faulted', 'GroundFailure');
    await waitFor(() => mails.length === 1, 3000, 'the e-mail');
    await status('Faulted', 'GroundFailure');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(mails.length, 1, 'one e-mail per station in 10 minutes');
    assert.equal(mails[0].to, 'maintenance@example.com');
    assert.equal(mails[0].topic, 'Charging station CP7 faulted: GroundFailure');
    assert.match(mails[0].payload, /Station: CP7 EVSE 2, connector 2\nStatus: Faulted \(GroundFailure\)\nInformation: RCD tripped/);
  });

  it('name the third-party package each one needs, with the version they were written against', () => {
    for (const [file, flow] of integrationFlows()) {
      const modules = (flow.find((n) => n.type === 'global-config')?.modules ?? {}) as Record<string, string>;
      for (const [pkg, version] of Object.entries(modules)) {
        assert.match(String(flow[1].name), new RegExp(pkg), `${file} names ${pkg} in its comment`);
        assert.match(version, /^\d+\.\d+\.\d+$/);
      }
      assert.equal(flow[1].type, 'comment');
    }
  });
});

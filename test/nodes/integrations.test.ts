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

const OURS = ['evc-csms', 'evc-ocpp-in', 'evc-ocpp-command', 'evc-stations'].map(nodeModule);
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

  /** A 1.6 and a 2.0.1 station that accept every profile and record its limit in W. */
  async function twoStations(): Promise<Map<string, number[]>> {
    const limits = new Map<string, number[]>([['CP1', []], ['CP2', []]]);
    for (const [identity, version] of [['CP1', '1.6'], ['CP2', '2.0.1']] as const) {
      const peer = await suite.station(identity, version);
      peers.push(peer);
      peer.handle('SetChargingProfile', async ({ params: raw }: { params?: unknown }) => {
        const params = raw as Msg;
        const schedule = version === '1.6' ? params.csChargingProfiles.chargingSchedule : params.chargingProfile.chargingSchedule[0];
        assert.equal(version === '1.6' ? params.csChargingProfiles.chargingProfilePurpose : params.chargingProfile.chargingProfilePurpose,
          version === '1.6' ? 'ChargePointMaxProfile' : 'ChargingStationMaxProfile');
        limits.get(identity)!.push(schedule.chargingSchedulePeriod[0].limit);
        return { status: 'Accepted' };
      });
      await peer.call('BootNotification', BOOT[version]);
    }
    return limits;
  }

  async function sharesOf(name: string, source: string, readings: unknown[]): Promise<Map<string, number[]>> {
    await helper.load([...OURS, ...CORE], runnable(example(name), suite.port));
    const limits = await twoStations();
    const sourceNode = example(name).find((n) => n.type === source)!;
    for (const payload of readings) {
      const before = limits.get('CP2')!.length;
      helper.getNode(sourceNode.id).send({ payload, topic: 'reading' });
      // A reading within the dead-band sends nothing: give it time, then go on.
      await waitFor(() => limits.get('CP2')!.length > before, 1500, 'a share').catch(() => undefined);
    }
    return limits;
  }

  it('Modbus site meter: the contract less the building load, shared by the connected stations, small changes ignored', async () => {
    const float = (kw: number) => { const b = Buffer.alloc(4); b.writeFloatBE(kw); return [b.readUInt16BE(0), b.readUInt16BE(2)]; };
    // 200 kW of building load leaves 50 kW; 199 kW (1 kW more to share) is within the 2 kW dead-band; 210 kW leaves 40.
    const limits = await sharesOf('Modbus TCP site meter', 'modbus-read', [float(200), float(199), float(210)]);
    assert.deepEqual(limits.get('CP1'), [25_000, 20_000]);
    assert.deepEqual(limits.get('CP2'), [25_000, 20_000]);
  });

  it('KNX set-point and OPC UA limit: the kW the BMS allows, shared by the connected stations', async () => {
    const knx = await sharesOf('KNX building set-point', 'knxUltimate', [120, 'not a number', 60]);
    assert.deepEqual(knx.get('CP1'), [60_000, 30_000]);
    await helper.unload();
    for (const p of peers.splice(0)) await p.close({ force: true });
    suite.port = await freePort();
    const opcua = await sharesOf('OPC UA site limit', 'OpcUa-Client', [44]);
    assert.deepEqual(opcua.get('CP2'), [22_000]);
  });

  it('MQTT: the grid allowance plus PV production is shared; station events are published by station and type', async () => {
    const limits = await sharesOf('MQTT PV production', 'mqtt in', [20_000]);
    assert.deepEqual(limits.get('CP1'), [40_000]);
    const published: Msg[] = [];
    const out = example('MQTT PV production').find((n) => n.type === 'mqtt out')!;
    helper.getNode(out.id).on('input', (m: Msg) => published.push(m));
    await peers[0].call('Heartbeat', {});
    await waitFor(() => published.some((m) => m.topic === 'evcharge/CP1/station.heartbeat'), 3000, 'the heartbeat published');
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

import assert from 'node:assert/strict';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';
import { VirtualStation } from '../../lib/simulator';
import { continuityOptions } from '../../nodes/evc-continuity/config';

const nodes = ['evc-csms', 'evc-continuity'].map(nodeModule);
type Msg = Record<string, any>;

/** The helper spies on Node.prototype.status, shared by all nodes: keep the calls made on this node. */
function statusCalls(id: string): Msg[] {
  const node = helper.getNode(id);
  return (node.status as any).getCalls().filter((c: any) => c.thisValue === node).map((c: any) => c.args[0]);
}

describe('evc-continuity node', function () {
  const suite = nodeSuite();
  const { csmsNode } = suite;

  /** Loads the node with a catch for its errors; returns what reached the output and the catch. */
  async function load(extra: Record<string, unknown> = {}) {
    await helper.load(nodes, [
      csmsNode(),
      { id: 'f1', type: 'tab' },
      { id: 'cont', type: 'evc-continuity', z: 'f1', x: 100, y: 50, csms: 'csms', ...extra, wires: [['out']] },
      { id: 'out', type: 'helper', z: 'f1' },
      // Placed (x, y): a node without a position counts as a config node, and a catch then as a circular one.
      { id: 'catch', type: 'catch', z: 'f1', x: 100, y: 100, scope: ['cont'], uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper', z: 'f1' },
    ]);
    const out: Msg[] = [];
    const caught: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    helper.getNode('caught').on('input', (m: Msg) => caught.push(m));
    return { out, caught, node: helper.getNode('cont') };
  }

  async function station(identity: string, version: '1.6' | '2.0.1' = '1.6'): Promise<VirtualStation> {
    const csms = helper.getNode('csms').csms;
    const s = new VirtualStation({ url: `ws://127.0.0.1:${suite.port}/ocpp`, identity, version, seed: 1, meterIntervalMs: 100, reconnectDelayMs: 50 });
    suite.cleanups.push(() => s.stop());
    await waitFor(async () => s.start().then(() => true, () => false), 5000, 'CSMS listening');
    await waitFor(() => csms.store.get(identity)?.connectors.length, 3000, 'statuses');
    return s;
  }

  it('loads with its defaults, sets station modes and answers the status by msg', async () => {
    const { out, caught, node } = await load();
    const csms = helper.getNode('csms').csms;
    await station('CP1');
    node.receive({ payload: { mode: 'manual', stationId: 'CP1' } });
    await waitFor(() => out.length === 1, 2000, 'mode answer');
    assert.equal(out[0].topic, 'CP1/mode');
    assert.deepEqual(out[0].payload, { stationId: 'CP1', mode: 'manual' });
    assert.equal(csms.modeOf('CP1'), 'manual');
    node.receive({ payload: { command: 'status' } });
    await waitFor(() => out.length === 2, 2000, 'status');
    assert.equal(out[1].topic, 'status');
    assert.equal(out[1].payload.running, true);
    assert.equal(out[1].payload.stall.timeoutMs, 600_000);
    assert.equal(out[1].payload.stall.recovery, 'restart');
    assert.equal(out[1].payload.stagger, null);
    assert.deepEqual(out[1].payload.stations.map((s: Msg) => [s.stationId, s.mode, s.connected]), [['CP1', 'manual', true]]);
    node.receive({ payload: { mode: 'auto', stationId: 'CP1' } });
    await waitFor(() => out.length === 3, 2000, 'back to auto');
    assert.equal(csms.modeOf('CP1'), 'auto');
    assert.deepEqual(caught, []);
  });

  it('routes bad messages to Catch with a clear message', async () => {
    const { out, caught, node } = await load();
    await station('CP1');
    node.receive({ payload: 'manual' });
    node.receive({ payload: { mode: 'sleepy', stationId: 'CP1' } });
    node.receive({ payload: { mode: 'manual' } });
    node.receive({ payload: { mode: 'manual', stationId: 'GHOST' } });
    node.receive({ payload: { command: 'reboot' } });
    await waitFor(() => caught.length === 5, 3000, 'errors');
    const messages = caught.map((m) => `${m.error.code ?? ''} ${m.error.message}`);
    assert.match(messages[0], /^ValidationFailed (Error: )?msg.payload must be \{mode/);
    assert.match(messages[1], /mode must be "auto" or "manual", got "sleepy"/);
    assert.match(messages[2], /stationId must name a station/);
    assert.match(messages[3], /^UnknownStation (Error: )?Unknown station GHOST/);
    assert.match(messages[4], /unknown command "reboot"/);
    assert.deepEqual(out, []);
  });

  it('holds a new session outside its window and outputs start.delayed', async () => {
    // A window that opened an hour ago would let it start; one opening in two hours holds it.
    const at = new Date(Date.now() + 2 * 3_600_000);
    const hh = (h: number) => String(h % 24).padStart(2, '0');
    const windows = `${hh(at.getUTCHours())}:00-${hh(at.getUTCHours() + 1)}:00`;
    const { out } = await load({ staggerEnabled: true, windows, timeZone: 'UTC', maxDelay: 30 });
    const s = await station('CP2', '2.0.1');
    const txId = await s.startCharging(1, 'NIGHT');
    const msg = await waitFor(() => out.find((m) => m.topic === 'CP2/start.delayed'), 5000, 'start.delayed');
    assert.equal(msg.payload.transactionId, txId);
    assert.equal(msg.payload.waitsForWindow, true);
    await waitFor(() => s.connectorsState()[0].powerW === 0, 3000, 'held at 0 W');
    const calls = statusCalls('cont');
    assert.equal(calls[calls.length - 1].text, 'evc-continuity.status.startDelayed');
  });

  it('shows a red status with the reason for an invalid configuration and refuses messages', async () => {
    const { caught, node } = await load({ staggerEnabled: true, windows: '22:00-25:00' });
    const status = statusCalls('cont').pop()!;
    // The test helper's RED._ returns the catalog key; the reason is in the parameters.
    assert.deepEqual(status, { fill: 'red', shape: 'ring', text: 'evc-continuity.status.invalidConfig' });
    node.receive({ payload: { command: 'status' } });
    await waitFor(() => caught.length === 1, 2000, 'error');
    assert.equal(caught[0].error.code, 'InvalidConfig');
    assert.match(caught[0].error.message, /not a time of day/);
    await helper.unload();
    await helper.load(nodes, [{ id: 'orphan', type: 'evc-continuity', csms: 'missing', wires: [[]] }]);
    assert.equal(statusCalls('orphan').pop()!.text, 'evc-continuity.status.noCsms');
  });

  it('reads its configuration with defaults and refuses what cannot work', () => {
    const defaults = continuityOptions({});
    assert.deepEqual(defaults.stall, { timeoutMs: 600_000, powerThresholdW: 50, recovery: 'restart', maxRecoveriesPerDay: 3, suspendedEvIsStall: false });
    assert.equal(defaults.stagger, undefined);
    const stagger = continuityOptions({ staggerEnabled: true, windows: '22:00-06:00', timeZone: 'Europe/Paris', delayPerPercent: '0.5', maxDelay: '45' });
    assert.ok(stagger.stagger);
    const group = stagger.stagger.groups[0];
    assert.equal(group.zone.name, 'Europe/Paris');
    assert.equal(group.perOccupiedPercentMs, 30_000);
    assert.equal(group.maxDelayMs, 45 * 60_000);
    assert.throws(() => continuityOptions({ recovery: 'pray' }), /recovery must be one of restart, reset, event/);
    assert.throws(() => continuityOptions({ stallTimeout: 0 }), /stall timeout must be a number from 1 to 1440/);
    assert.throws(() => continuityOptions({ maxRecoveries: 1.5 }), /max recoveries per day must be an integer/);
    assert.throws(() => continuityOptions({ staggerEnabled: true, timeZone: 'Nowhere/Land' }), /unknown time zone/);
    assert.throws(() => continuityOptions({ staggerEnabled: true, windows: '12:00-12:30', maxDelay: 30 }), /shorter than the shortest window/);
  });
});

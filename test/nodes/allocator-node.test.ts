import assert from 'node:assert/strict';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';
import type { Peer } from '../support/rpc';

const nodes = ['evc-csms', 'evc-power-allocator'].map(nodeModule);
type Msg = Record<string, any>;

function lastStatus(id: string): Msg | undefined {
  const node = helper.getNode(id);
  const calls = (node.status as any).getCalls().filter((c: any) => c.thisValue === node);
  return calls.length ? calls[calls.length - 1].args[0] : undefined;
}

const TREE = JSON.stringify({ voltageV: 230, root: { id: 'site', limitA: 32, children: [{ station: 'CP1', evse: 1 }, { station: 'CP2', evse: 1 }] } });

describe('evc-power-allocator node', function () {
  this.timeout(20_000);
  const suite = nodeSuite();

  const flow = (extra: Record<string, unknown> = {}) => [
    { id: 'f1', type: 'tab', label: 'allocator' },
    suite.csmsNode(),
    { id: 'alloc', z: 'f1', x: 100, y: 100, type: 'evc-power-allocator', csms: 'csms', tree: TREE, interval: 3600, thresholdA: 1, unit: 'A', stackLevel: 5, wires: [['out']], ...extra },
    { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['alloc'], wires: [['errors']] },
    { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' }, { id: 'errors', z: 'f1', x: 100, y: 100, type: 'helper' },
  ];

  /** A 1.6 station charging on connector 1 that records the limits it is sent. */
  async function charging(identity: string): Promise<{ peer: Peer; limits: number[] }> {
    const limits: number[] = [];
    const peer = await suite.station(identity, '1.6', { boot: true });
    peer.handle('SetChargingProfile', async ({ params }: { params?: unknown }) => {
      const p = (params as Msg).csChargingProfiles;
      assert.deepEqual([p.chargingProfilePurpose, p.chargingProfileKind, p.stackLevel], ['TxProfile', 'Relative', 5]);
      limits.push(p.chargingSchedule.chargingSchedulePeriod[0].limit);
      return { status: 'Accepted' };
    });
    await peer.call('StartTransaction', { connectorId: 1, idTag: `TAG-${identity}`, meterStart: 0, timestamp: new Date().toISOString() });
    return { peer, limits };
  }

  it('shares the site among the charging stations, follows a live limit down and back up, decreases first', async () => {
    await helper.load(nodes, flow());
    const out: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    const cp1 = await charging('CP1');
    await waitFor(() => cp1.limits.length === 1, 5000, 'CP1 alone');
    assert.deepEqual(cp1.limits, [32]);
    const cp2 = await charging('CP2');
    await waitFor(() => cp1.limits.length === 2 && cp2.limits.length === 1, 5000, 'both shared');
    assert.deepEqual([cp1.limits[1], cp2.limits[0]], [16, 16]);
    // A site meter says only 20 A are left.
    helper.getNode('alloc').receive({ payload: { group: 'site', limitA: 20 } });
    await waitFor(() => cp1.limits.length === 3 && cp2.limits.length === 2, 5000, 'the live limit');
    assert.deepEqual([cp1.limits[2], cp2.limits[1]], [10, 10]);
    const last = out[out.length - 1].payload;
    assert.deepEqual(last.groups.find((g: Msg) => g.id === 'site/L1'), { id: 'site/L1', limit: 20, load: 20, headroom: 0 });
    assert.ok(last.changes.every((c: Msg) => c.decrease));
    helper.getNode('alloc').receive({ payload: { group: 'site' } });
    await waitFor(() => cp1.limits.length === 4 && cp2.limits.length === 3, 5000, 'the limit lifted');
    assert.deepEqual([cp1.limits[3], cp2.limits[2]], [16, 16]);
    assert.equal(lastStatus('alloc')!.fill, 'green');
  });

  it('serves first the session that must leave soon, as a flow or the EV itself says', async () => {
    await helper.load(nodes, flow());
    const cp1 = await charging('CP1');
    const cp2 = await charging('CP2');
    await waitFor(() => cp1.limits.at(-1) === 16 && cp2.limits.at(-1) === 16, 5000, 'both shared');
    // CP2's driver leaves in an hour and needs 7 kWh: at 32 A that takes 57 min. CP1 keeps its 6 A minimum.
    const departure = new Date(Date.now() + 3600_000).toISOString();
    helper.getNode('alloc').receive({ payload: { evse: 'CP2/1', departure, energyWh: 7000 } });
    await waitFor(() => cp1.limits.at(-1) === 6 && cp2.limits.at(-1) === 26, 5000, 'the urgent one first');
    // Forgotten: fair again.
    helper.getNode('alloc').receive({ payload: { evse: 'CP2/1', departure: null } });
    await waitFor(() => cp1.limits.at(-1) === 16 && cp2.limits.at(-1) === 16, 5000, 'fair again');
  });

  it("tells a 2.0.1 station a schedule will follow its EV's charging needs while it runs", async () => {
    const needs = { evseId: 1, chargingNeeds: { requestedEnergyTransfer: 'AC_three_phase', departureTime: new Date(Date.now() + 3600_000).toISOString(), acChargingParameters: { energyAmount: 7000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 } } };
    await helper.load(nodes, flow());
    const peer = await suite.station('CP2', '2.0.1', { boot: true });
    assert.deepEqual(await peer.call('NotifyEVChargingNeeds', needs), { status: 'Accepted' });
    await helper.unload();
    await helper.load(nodes, flow().filter((n) => n.id !== 'alloc'));
    const alone = await suite.station('CP2', '2.0.1', { boot: true });
    assert.deepEqual(await alone.call('NotifyEVChargingNeeds', needs), { status: 'Rejected' });
  });

  it('says why a configuration or a message is refused', async () => {
    await helper.load(nodes, [...flow({ tree: '{"root": {"id": "site", "children": [{"id": "x"}]}}' })]);
    await waitFor(() => lastStatus('alloc'), 2000, 'status');
    assert.equal(lastStatus('alloc')!.fill, 'red');
    await helper.unload();
    await helper.load(nodes, flow());
    const errors: Msg[] = [];
    helper.getNode('errors').on('input', (m: Msg) => errors.push(m));
    helper.getNode('alloc').receive({ payload: { group: 'nope', limitA: 10 } });
    helper.getNode('alloc').receive({ payload: { group: 'site', limitA: -3 } });
    helper.getNode('alloc').receive({ payload: 'hello' });
    helper.getNode('alloc').receive({ payload: { evse: 'CP9/1', departure: Date.now() + 60_000, energyWh: 10 } });
    helper.getNode('alloc').receive({ payload: { evse: 'CP1/1', departure: 'tomorrow', energyWh: 10 } });
    helper.getNode('alloc').receive({ payload: { evse: 'CP1/1', departure: Date.now() + 60_000, targetSocPercent: 80 } });
    await waitFor(() => errors.length === 6, 3000, 'errors');
    assert.match(errors[0].error.message, /no group nope/);
    assert.match(errors[1].error.message, /0 or more/);
    assert.match(errors[2].error.message, /msg.payload must be/);
    assert.match(errors[3].error.message, /no EVSE CP9\/1/);
    assert.match(errors[4].error.message, /departure must be a date/);
    assert.match(errors[5].error.message, /go together/);
  });
});

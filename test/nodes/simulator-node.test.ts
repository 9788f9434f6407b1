import assert from 'node:assert/strict';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';

const nodes = ['evc-csms', 'evc-simulator', 'evc-stations'].map(nodeModule);
type Msg = Record<string, any>;

describe('evc-simulator node', function () {
  const suite = nodeSuite();

  it('connects its stations to the CSMS and obeys commands by msg', async () => {
    await helper.load(nodes, [
      suite.csmsNode(),
      { id: 'sim', type: 'evc-simulator', url: `ws://127.0.0.1:${suite.port}/ocpp`, count: 2, version: 'mixed', prefix: 'T', meterInterval: 0.2, autoStart: true, wires: [['events']] },
      { id: 'events', type: 'helper' },
      { id: 'state', type: 'evc-stations', csms: 'csms', wires: [['out']] },
      { id: 'out', type: 'helper' },
    ]);
    const events: Msg[] = [];
    helper.getNode('events').on('input', (m: Msg) => events.push(m));
    const csms = helper.getNode('csms').csms;
    await waitFor(() => csms.connectedCount === 2, 10_000, 'two stations');
    assert.equal(csms.versionOf('T001'), '1.6');
    assert.equal(csms.versionOf('T002'), '2.0.1');
    await waitFor(() => events.some((e) => e.topic === 'T002/booted'), 5000, 'boot event');
    helper.getNode('sim').receive({ payload: { command: 'charge', stationId: 'T002', connectorId: 1, idTag: 'NODE' } });
    await waitFor(() => csms.store.openTransactions('T002').length === 1, 5000, 'transaction');
    helper.getNode('sim').receive({ payload: { command: 'stopCharge', stationId: 'T002', connectorId: 1 } });
    await waitFor(() => csms.store.openTransactions('T002').length === 0, 5000, 'transaction ended');
    helper.getNode('sim').receive({ payload: { command: 'stop' } });
    await waitFor(() => csms.connectedCount === 0, 5000, 'stations stopped');
  });

  it('refuses a bad configuration with a red status, and treats count 0 as no stations', async () => {
    await helper.load(nodes, [
      { id: 'bad', type: 'evc-simulator', url: 'http://nowhere', count: 2, wires: [[]] },
      { id: 'none', type: 'evc-simulator', url: 'ws://127.0.0.1:1/ocpp', count: 0, wires: [[]] },
    ]);
    const statusOf = (id: string) => {
      const node = helper.getNode(id);
      const calls = (node.status as any).getCalls().filter((c: any) => c.thisValue === node);
      return calls[calls.length - 1]?.args[0];
    };
    assert.equal(statusOf('bad').fill, 'red');
    await waitFor(() => statusOf('none')?.text === 'evc-simulator.status.stopped', 2000, 'stopped status');
  });
});

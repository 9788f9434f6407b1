/**
 * The hooks every node-red-node-test-helper suite with OCPP stations repeats: one runtime per suite, a free port
 * per test for its CSMS, and after each test the stations closed and the flows unloaded. Call inside `describe`.
 */
import { helper } from './helper';
import { freePort, waitFor } from './net';
import { strictClient, BOOT, Peer, PeerVersion } from './rpc';

type Msg = Record<string, any>;

export interface NodeSuite {
  /** This test's port; the CSMS of `csmsNode` listens on it. */
  port: number;
  /** An evc-csms config node (id `csms`) on this test's port, open to any station, not persisted. */
  csmsNode(extra?: Record<string, unknown>): Msg;
  /** A strict ocpp-rpc station connected to this test's CSMS (booted when asked), closed after the test. */
  station(identity: string, version: PeerVersion, options?: { boot?: boolean }): Promise<Peer>;
  /** Run after each test, before the flows are unloaded (stations of other kinds to stop). */
  cleanups: Array<() => Promise<unknown>>;
}

export function nodeSuite(): NodeSuite {
  const peers: Peer[] = [];
  const suite: NodeSuite = {
    port: 0,
    csmsNode: (extra = {}) => ({
      id: 'csms', type: 'evc-csms', port: suite.port, host: '127.0.0.1', path: '/ocpp', registry: 'open', pingInterval: 0, persist: false, ...extra,
    }),
    async station(identity, version, options = {}) {
      const client = strictClient(`ws://127.0.0.1:${suite.port}/ocpp`, identity, version);
      peers.push(client);
      await waitFor(async () => client.connect().then(() => true, () => false), 5000, 'CSMS listening');
      if (options.boot) await client.call('BootNotification', BOOT[version]);
      return client;
    },
    cleanups: [],
  };
  before(() => helper.startServer());
  after(() => helper.stopServer());
  beforeEach(async () => { suite.port = await freePort(); });
  afterEach(async () => {
    for (const p of peers.splice(0)) await p.close({ force: true }).catch(() => {});
    for (const cleanup of suite.cleanups.splice(0)) await cleanup();
    await helper.unload();
  });
  return suite;
}

import assert from 'node:assert/strict';
import { EventEmitter } from 'events';
import { AllocatingCsms, AllocationService } from '../../lib/allocation/service';
import { siteFromJson } from '../../lib/allocation/site-json';
import { DEFAULT_PROFILE_SETTINGS } from '../../lib/allocation/csms-link';
import type { StationSnapshot } from '../../lib/stations/types';

/** A CSMS with two 2.0.1 stations charging on EVSE 1, recording the limits it is asked to send. */
function fakeCsms(): AllocatingCsms & { emit(event: string, e: unknown): boolean; sent: Array<[string, number]> } {
  const station = (identity: string): StationSnapshot => ({
    identity, version: '2.0.1', connected: true, connectors: [], meter: {},
    transactions: [{ transactionId: `tx-${identity}`, evseId: 1, startedAt: '', energyWh: 1000, updatedAt: '' }],
  });
  const bus = new EventEmitter();
  const sent: Array<[string, number]> = [];
  return Object.assign(bus, {
    sent,
    store: { list: () => [station('CP1'), station('CP2')] },
    command: async (stationId: string, command: { profile?: { schedule: { periods: Array<{ limit: number }> } } }) => {
      sent.push([stationId, command.profile!.schedule.periods[0].limit]);
      return {};
    },
  }) as never;
}

describe('allocation: the service beside a CSMS', () => {
  it("serves first the EV whose own charging needs (2.0.1 NotifyEVChargingNeeds) say it leaves soon", async () => {
    const csms = fakeCsms();
    const site = siteFromJson(JSON.stringify({ voltageV: 230, root: { id: 'site', limitA: 32, children: [{ station: 'CP1', evse: 1 }, { station: 'CP2', evse: 1 }] } }));
    const service = new AllocationService(csms, site, { intervalMs: 3600_000, allocator: {}, profiles: DEFAULT_PROFILE_SETTINGS });
    service.start();
    try {
      await service.recompute();
      assert.deepEqual(csms.sent.splice(0), [['CP1', 16], ['CP2', 16]]);
      const departureTime = new Date(Date.now() + 3600_000).toISOString();
      csms.emit('event', { type: 'charging.needs', stationId: 'CP2', version: '2.0.1', timestamp: new Date().toISOString(), evseId: 1, departureTime, energyAmountWh: 7000 });
      const result = await service.recompute();
      assert.deepEqual(result.evses.map((e) => [e.id, e.limitA]), [['CP1/1', 6], ['CP2/1', 26]]);
      assert.deepEqual(csms.sent, [['CP1', 6], ['CP2', 26]], 'the decrease first');
    } finally {
      service.stop();
    }
  });
});

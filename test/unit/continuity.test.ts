/* Service continuity: stall detection and recovery, staggered start. Rules alone, then a real Csms with virtual stations and a manual clock. */
import assert from 'node:assert/strict';
import { Csms } from '../../lib/ocpp/csms';
import { VirtualStation } from '../../lib/simulator';
import type { StationSnapshot } from '../../lib/stations/types';
import {
  ContinuityAction, ContinuityService, ManualClock, StaggerGroup, allowedStart, formatWindows, occupancyDelayMs, occupancyOf,
  parseTimeZone, parseWindows, planStart,
} from '../../lib/continuity';
import { RecoveryBudget } from '../../lib/continuity/recovery';
import { TxWatch, judge, recordSample, vehicleState } from '../../lib/continuity/stall-watch';
import { waitFor } from '../support/net';

const MIN = 60_000;
const HOUR = 60 * MIN;
const utc = (text: string): number => Date.parse(text);

describe('continuity: rules', () => {
  it('reads daily windows and refuses malformed ones', () => {
    assert.deepEqual(parseWindows('22:00-06:00, 12:30-14:00'), [{ from: 1320, to: 360 }, { from: 750, to: 840 }]);
    assert.deepEqual(parseWindows(''), []);
    assert.equal(formatWindows(parseWindows('7:05-24:00;0:00-1:00')), '07:05-24:00, 00:00-01:00');
    assert.throws(() => parseWindows('22h-6h'), /HH:MM-HH:MM/);
    assert.throws(() => parseWindows('25:00-06:00'), /time of day/);
    assert.throws(() => parseWindows('22:00-06:61'), /time of day/);
  });

  it('reads time zones: IANA names, fixed offsets, and refuses unknown ones', () => {
    assert.equal(parseTimeZone('+02:00').offsetMinutes(0), 120);
    assert.equal(parseTimeZone('UTC-5').offsetMinutes(0), -300);
    assert.equal(parseTimeZone('Z').name, 'UTC+00:00');
    const paris = parseTimeZone('Europe/Paris');
    assert.equal(paris.offsetMinutes(utc('2026-01-15T12:00:00Z')), 60);
    assert.equal(paris.offsetMinutes(utc('2026-07-15T12:00:00Z')), 120);
    assert.throws(() => parseTimeZone('Mars/Olympus'), /unknown time zone/);
    assert.throws(() => parseTimeZone('+15:00'), /out of range/);
  });

  it('starts inside a window across midnight, waits for the next one outside it', () => {
    const zone = parseTimeZone('+01:00');
    const night = parseWindows('22:00-06:00');
    // 18:00 local: wait for 22:00 local (21:00Z), plus the delay.
    assert.equal(allowedStart(utc('2026-03-10T17:00:00Z'), night, zone, 0), utc('2026-03-10T21:00:00Z'));
    assert.equal(allowedStart(utc('2026-03-10T17:00:00Z'), night, zone, 15 * MIN), utc('2026-03-10T21:15:00Z'));
    // 23:00 and 02:00 local: inside, from now.
    assert.equal(allowedStart(utc('2026-03-10T22:00:00Z'), night, zone, 10 * MIN), utc('2026-03-10T22:10:00Z'));
    assert.equal(allowedStart(utc('2026-03-11T01:00:00Z'), night, zone, 0), utc('2026-03-11T01:00:00Z'));
    // 05:50 local with 30 min of delay: past the 06:00 close, so the next night.
    assert.equal(allowedStart(utc('2026-03-11T04:50:00Z'), night, zone, 30 * MIN), utc('2026-03-11T21:30:00Z'));
    // No windows: any time.
    assert.equal(allowedStart(1000, [], zone, 5000), 6000);
    // Two windows, the later one nearer.
    assert.equal(allowedStart(utc('2026-03-10T10:00:00Z'), parseWindows('22:00-06:00, 12:00-14:00'), zone, 0), utc('2026-03-10T11:00:00Z'));
  });

  it('follows summer time in an IANA zone', () => {
    const paris = parseTimeZone('Europe/Paris');
    const night = parseWindows('22:00-06:00');
    assert.equal(allowedStart(utc('2026-01-10T12:00:00Z'), night, paris, 0), utc('2026-01-10T21:00:00Z'));
    assert.equal(allowedStart(utc('2026-07-10T12:00:00Z'), night, paris, 0), utc('2026-07-10T20:00:00Z'));
    // The night summer time begins (29 March 2026): 22:00 on the 28th is still winter time.
    assert.equal(allowedStart(utc('2026-03-28T12:00:00Z'), night, paris, 0), utc('2026-03-28T21:00:00Z'));
    assert.equal(allowedStart(utc('2026-03-29T12:00:00Z'), night, paris, 0), utc('2026-03-29T20:00:00Z'));
  });

  it('delays by occupancy, capped, and counts charging points with an open transaction', () => {
    const g = { baseDelayMs: 2 * MIN, perOccupiedPercentMs: 0.5 * MIN, maxDelayMs: 30 * MIN };
    assert.equal(occupancyDelayMs(0, g), 2 * MIN);
    assert.equal(occupancyDelayMs(50, g), 27 * MIN);
    assert.equal(occupancyDelayMs(100, g), 30 * MIN);
    const station = (identity: string, evses: number[], busy: number[]): StationSnapshot => ({
      identity, connected: true, meter: {},
      connectors: [{ evseId: 0, connectorId: 0, status: 'Available', updatedAt: '' }, ...evses.map((e) => ({ evseId: e, connectorId: 1, status: 'Available', updatedAt: '' }))],
      transactions: busy.map((e) => ({ transactionId: `T${e}`, evseId: e, connectorId: 1, startedAt: '', energyWh: 0, updatedAt: '' })),
    });
    const occ = occupancyOf([station('A', [1, 2], [1]), station('B', [1, 2], [1, 2])]);
    assert.deepEqual(occ, { evses: 4, occupied: 3, percent: 75 });
    assert.equal(occupancyOf([]).percent, 0);
    const group: StaggerGroup = { name: 'site', windows: parseWindows('22:00-06:00'), zone: parseTimeZone('UTC'), ...g };
    const plan = planStart(utc('2026-03-10T23:00:00Z'), group, occ);
    assert.equal(plan.delayMs, 30 * MIN);
    assert.equal(plan.waitsForWindow, false);
    const evening = planStart(utc('2026-03-10T20:00:00Z'), group, occ);
    assert.equal(evening.startAt, utc('2026-03-10T22:30:00Z'));
    assert.equal(evening.waitsForWindow, true);
  });

  it('sees energy flow from power or from a rising register, not from a trickle', () => {
    const w: TxWatch = { stationId: 'S', transactionId: '1', evseId: 1, flowAt: 0, samples: 0 };
    assert.equal(recordSample(w, { timestamp: '', energyWh: 1000, powerW: 7000 }, 0, 50), true);
    assert.equal(recordSample(w, { timestamp: '', energyWh: 1000, powerW: 20 }, 10 * MIN, 50), false);
    // 1 Wh in 10 minutes is a 6 W trickle: no flow at a 50 W threshold.
    assert.equal(recordSample(w, { timestamp: '', energyWh: 1001 }, 10 * MIN, 50), false);
    // 100 Wh since energy last flowed (10 min ago) is 600 W: flowing, even without a power reading.
    assert.equal(recordSample(w, { timestamp: '', energyWh: 1100 }, 10 * MIN, 50), true);
    assert.equal(w.flowAt, 10 * MIN);
    assert.equal(w.samples, 4);
  });

  it('judges a session only when an EV is there, power is allowed and samples came in', () => {
    assert.equal(vehicleState('Charging', undefined), 'connected');
    assert.equal(vehicleState('SuspendedEVSE', undefined), 'connected');
    assert.equal(vehicleState('SuspendedEV', undefined), 'suspendedEV');
    assert.equal(vehicleState('Occupied', 'SuspendedEV'), 'suspendedEV');
    assert.equal(vehicleState('Finishing', undefined), 'absent');
    assert.equal(vehicleState('Occupied', 'Idle'), 'absent');
    assert.equal(vehicleState(undefined, undefined), 'connected');
    const snapshot = (status: string, connected = true): StationSnapshot => ({
      identity: 'S', connected, meter: {}, transactions: [], connectors: [{ evseId: 1, connectorId: 1, status, updatedAt: '' }],
    });
    const w: TxWatch = { stationId: 'S', transactionId: '1', evseId: 1, flowAt: 0, samples: 1 };
    const ctx = { now: 11 * MIN, timeoutMs: 10 * MIN, suspendedEvIsStall: false, powerAllowed: true };
    assert.deepEqual(judge(w, { ...ctx, snapshot: snapshot('SuspendedEVSE') }), { stalled: true, sinceMs: 0 });
    assert.deepEqual(judge(w, { ...ctx, now: 9 * MIN, snapshot: snapshot('Charging') }), { stalled: false });
    assert.deepEqual(judge(w, { ...ctx, snapshot: snapshot('Charging', false) }), { stalled: false, pause: 'offline' });
    assert.deepEqual(judge(w, { ...ctx, snapshot: snapshot('Finishing') }), { stalled: false, pause: 'absent' });
    assert.deepEqual(judge(w, { ...ctx, snapshot: snapshot('SuspendedEV') }), { stalled: false, pause: 'suspendedEV' });
    assert.equal(judge(w, { ...ctx, suspendedEvIsStall: true, snapshot: snapshot('SuspendedEV') }).stalled, true);
    assert.deepEqual(judge(w, { ...ctx, heldUntil: 12 * MIN, snapshot: snapshot('Charging') }), { stalled: false, pause: 'held' });
    // The hold ended a minute ago: the timeout counts from there.
    assert.deepEqual(judge(w, { ...ctx, heldUntil: 10 * MIN, snapshot: snapshot('Charging') }), { stalled: false });
    assert.deepEqual(judge(w, { ...ctx, powerAllowed: false, snapshot: snapshot('Charging') }), { stalled: false, pause: 'notAllowed' });
    assert.deepEqual(judge({ ...w, samples: 0 }, { ...ctx, snapshot: snapshot('Charging') }), { stalled: false });
  });

  it('limits recoveries per station over a rolling day', () => {
    const budget = new RecoveryBudget(2);
    assert.equal(budget.take('A', 0), true);
    assert.equal(budget.take('A', HOUR), true);
    assert.equal(budget.take('A', 2 * HOUR), false);
    assert.equal(budget.take('B', 2 * HOUR), true);
    assert.equal(budget.count('A', 24 * HOUR + 1), 1);
    assert.equal(budget.take('A', 24 * HOUR + 1), true);
  });

  it('runs a manual clock\'s timers in time order as it moves', () => {
    const clock = new ManualClock(0);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 200);
    const dropped = clock.setTimeout(() => seen.push('never'), 150);
    clock.setTimeout(() => { seen.push(`a@${clock.now()}`); clock.setTimeout(() => seen.push(`c@${clock.now()}`), 50); }, 100);
    clock.clearTimeout(dropped);
    clock.advance(199);
    assert.deepEqual(seen, ['a@100', 'c@150']);
    clock.advance(1);
    assert.deepEqual(seen, ['a@100', 'c@150', 'b@200']);
    assert.equal(clock.size, 0);
  });
});

/** A real CSMS, virtual stations connected to it and a continuity service on a manual clock. */
function rig() {
  const state = {
    csms: undefined as unknown as Csms,
    url: '',
    clock: new ManualClock(),
    stations: [] as VirtualStation[],
    services: [] as ContinuityService[],
    actions: [] as ContinuityAction[],
    commands: [] as Array<{ identity: string; action: string; payload: any; response?: any }>,
    warnings: [] as string[],
  };
  beforeEach(async () => {
    state.csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0 });
    state.url = `ws://127.0.0.1:${await state.csms.start()}/ocpp`;
    state.clock = new ManualClock(Date.now());
    state.actions.length = 0;
    state.commands.length = 0;
    state.warnings.length = 0;
  });
  afterEach(async () => {
    for (const s of state.services.splice(0)) s.stop();
    for (const s of state.stations.splice(0)) await s.stop();
    await state.csms.stop();
    assert.deepEqual(state.warnings, []);
  });
  return {
    state,
    async station(identity: string, version: '1.6' | '2.0.1', extra: Record<string, unknown> = {}): Promise<VirtualStation> {
      const s = new VirtualStation({ url: state.url, identity, version, seed: 3, meterIntervalMs: 50, reconnectDelayMs: 50, connectors: 2, ...extra });
      s.on('command', (c: { action: string; payload: unknown; response?: unknown }) => state.commands.push({ identity, ...c }));
      state.stations.push(s);
      await s.start();
      await waitFor(() => state.csms.store.get(identity)?.connectors.some((c) => c.evseId === 2), 3000, 'connector statuses');
      return s;
    },
    service(options: ConstructorParameters<typeof ContinuityService>[1]): ContinuityService {
      const service = new ContinuityService(state.csms, { clock: state.clock, ...options });
      service.on('action', (a: ContinuityAction) => state.actions.push(a));
      service.on('warn', (text: string) => state.warnings.push(text));
      state.services.push(service);
      service.start();
      return service;
    },
    /** Caps the whole station at 0 W with a profile the service did not send: the station stops delivering. */
    async starve(identity: string): Promise<void> {
      const answer = await state.csms.command(identity, {
        command: 'setChargingProfile', evseId: 0,
        profile: { id: 77, stackLevel: 0, purpose: 'StationMax', kind: 'Absolute', schedule: { startSchedule: new Date(Date.now() - MIN).toISOString(), unit: 'W', periods: [{ start: 0, limit: 0 }] } },
      });
      assert.equal(answer.response.status, 'Accepted');
    },
    of(type: string): ContinuityAction[] {
      return state.actions.filter((a) => a.type === type);
    },
  };
}

/** Waits until the service has seen the session's power at the given level. */
async function seenPower(service: ContinuityService, transactionId: string, test: (w: number) => boolean): Promise<void> {
  await waitFor(() => service.stall!.list().some((w) => w.transactionId === transactionId && w.powerW !== undefined && test(w.powerW)), 5000, 'meter values');
}

describe('continuity: stalled sessions on a real CSMS', function () {
  const t = rig();
  const stall = { timeoutMs: 10 * MIN, powerThresholdW: 50, checkIntervalMs: MIN, maxRecoveriesPerDay: 1 };

  for (const version of ['1.6', '2.0.1'] as const) {
    it(`restarts a stalled ${version} session with the same badge, then only reports past the daily limit`, async () => {
      const station = await t.station(`ST-${version}`, version);
      const id = station.identity;
      // The simulator keeps a stopped connector Finishing until the cable is pulled and refuses a new start there
      // (the next test); a station that takes the F2 transition (Finishing -> Preparing on a new start) does not.
      // Here the EV is plugged again as its session ends, so the restart can go through.
      station.on('transaction', (e: { phase: string; connectorId: number }) => {
        if (e.phase === 'ended') void station.unplug(e.connectorId).then(() => station.plug(e.connectorId));
      });
      const service = t.service({ stall: { ...stall, recovery: 'restart' } });
      const txId = await station.startCharging(1, 'BADGE-7');
      await seenPower(service, txId, (w) => w > 1000);
      await t.starve(id);
      await seenPower(service, txId, (w) => w === 0);
      t.state.clock.advance(9 * MIN);
      assert.deepEqual(t.of('stall.detected'), []);
      t.state.clock.advance(2 * MIN);
      const [detected] = t.of('stall.detected');
      assert.equal(detected.action, 'restart');
      assert.equal(detected.transactionId, txId);
      assert.equal(detected.idTag, 'BADGE-7');
      assert.equal(detected.evseId, 1);
      assert.ok((detected.stalledForMs as number) >= 10 * MIN);
      const [recovered] = await waitFor(() => t.of('stall.recovered').length > 0 && t.of('stall.recovered'), 5000, 'recovered');
      assert.equal(recovered.action, 'restart');
      // The old session ended and a new one runs on the same charging point with the same badge.
      const fresh = await waitFor(() => t.state.csms.store.openTransactions(id).find((tx) => tx.transactionId !== txId), 5000, 'new session');
      assert.equal(fresh.idTag, 'BADGE-7');
      assert.equal(fresh.evseId, 1);
      assert.deepEqual(t.state.commands.filter((c) => c.identity === id).map((c) => c.action).filter((a) => a !== 'SetChargingProfile'),
        version === '1.6' ? ['RemoteStopTransaction', 'RemoteStartTransaction'] : ['RequestStopTransaction', 'RequestStartTransaction']);
      // Still starved: the new session stalls too, and the station has used its one recovery of the day.
      await seenPower(service, fresh.transactionId, (w) => w === 0);
      t.state.clock.advance(11 * MIN);
      const again = t.of('stall.detected')[1];
      assert.equal(again.transactionId, fresh.transactionId);
      assert.equal(again.action, 'none');
      assert.equal(again.reason, 'limit');
      assert.equal(again.recoveriesToday, 1);
      assert.equal(t.state.csms.store.openTransactions(id)[0].transactionId, fresh.transactionId);
    });
  }

  it('reports a failed recovery when the station refuses to start again', async () => {
    const station = await t.station('NO', '1.6');
    const service = t.service({ stall: { ...stall, recovery: 'restart' } });
    const txId = await station.startCharging(1, 'B');
    await t.starve('NO');
    await seenPower(service, txId, (w) => w === 0);
    t.state.clock.advance(11 * MIN);
    const [failed] = await waitFor(() => t.of('stall.recoveryFailed').length > 0 && t.of('stall.recoveryFailed'), 5000, 'failure');
    assert.equal(failed.action, 'restart');
    assert.equal(failed.error, 'remoteStart answered Rejected');
    assert.deepEqual(failed.responses, [{ status: 'Accepted' }, { status: 'Rejected' }]);
    assert.equal(service.status('NO').stations[0].recoveriesToday, 1);
  });

  it('resets a 2.0.1 station with Immediate (a 2.0.1 OnIdle reset would wait for the stalled session)', async () => {
    const station = await t.station('RS', '2.0.1');
    const service = t.service({ stall: { ...stall, recovery: 'reset' } });
    const txId = await station.startCharging(2, 'B');
    await t.starve('RS');
    await seenPower(service, txId, (w) => w === 0);
    t.state.clock.advance(11 * MIN);
    assert.equal(t.of('stall.detected')[0].action, 'reset');
    await waitFor(() => t.of('stall.recovered').length === 1, 5000, 'recovered');
    assert.deepEqual(t.state.commands.find((c) => c.action === 'Reset')?.payload, { type: 'Immediate' });
    await waitFor(() => t.state.csms.store.openTransactions('RS').length === 0, 5000, 'session ended by the reset');
  });

  it('never acts on a station in manual mode, and only reports with recovery "event"', async () => {
    const manual = await t.station('MAN', '1.6');
    const quiet = await t.station('EVT', '2.0.1');
    t.state.csms.setMode('MAN', 'manual');
    const service = t.service({ stations: 'MAN', stall: { ...stall, recovery: 'restart' } });
    const reporter = t.service({ stations: 'EVT', stall: { ...stall, recovery: 'event' } });
    const a = await manual.startCharging(1, 'X');
    const b = await quiet.startCharging(1, 'Y');
    await t.starve('MAN');
    await t.starve('EVT');
    await seenPower(service, a, (w) => w === 0);
    await seenPower(reporter, b, (w) => w === 0);
    t.state.clock.advance(11 * MIN);
    const detected = t.of('stall.detected');
    assert.deepEqual(detected.map((d) => [d.stationId, d.action, d.reason]).sort(), [['EVT', 'event', undefined], ['MAN', 'none', 'manual']]);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(t.state.commands.map((c) => c.action).filter((x) => x !== 'SetChargingProfile'), []);
    assert.deepEqual(t.of('stall.recovered'), []);
    assert.equal(service.status('MAN').stations[0].mode, 'manual');
    // Still stalled a timeout later: reported again, with the whole duration.
    t.state.clock.advance(10 * MIN);
    const [first, second] = t.of('stall.detected').filter((d) => d.stationId === 'MAN');
    assert.equal(second.since, first.since);
    assert.equal(second.stalledForMs, (first.stalledForMs as number) + 10 * MIN);
  });

  it('counts a SuspendedEV session (full battery) as stalled only when told to', async () => {
    const station = await t.station('FULL', '1.6', { batteryWh: 1 });
    const strict = t.service({ stall: { ...stall, recovery: 'event', suspendedEvIsStall: true } });
    t.service({ stall: { ...stall, recovery: 'event' } });
    await station.startCharging(1, 'Z');
    await waitFor(() => t.state.csms.store.get('FULL')?.connectors.find((c) => c.evseId === 1)?.status === 'SuspendedEV', 5000, 'SuspendedEV');
    await waitFor(() => strict.stall!.list()[0]?.samples > 0, 3000, 'samples');
    t.state.clock.advance(11 * MIN);
    assert.equal(t.of('stall.detected').length, 1);
  });
});

describe('continuity: staggered start on a real CSMS', function () {
  const t = rig();

  /** A window opening `fromMin` minutes from now for an hour, in UTC. */
  const windowFromNow = (fromMin: number): string => {
    const at = new Date(t.state.clock.now() + fromMin * MIN);
    const h = at.getUTCHours();
    const m = at.getUTCMinutes();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(h)}:${pad(m)}-${pad((h + 1) % 24)}:${pad(m)}`;
  };
  const group = (extra: Partial<StaggerGroup>): StaggerGroup => ({
    name: 'site', windows: [], zone: parseTimeZone('UTC'), baseDelayMs: 0, perOccupiedPercentMs: 0, maxDelayMs: 0, ...extra,
  });

  for (const version of ['1.6', '2.0.1'] as const) {
    it(`holds a ${version} session that starts outside the windows with a TxProfile the station accepts`, async () => {
      const station = await t.station(`W-${version}`, version);
      const service = t.service({ stall: { timeoutMs: 10 * MIN, checkIntervalMs: MIN, recovery: 'event' }, stagger: { groups: [group({ windows: parseWindows(windowFromNow(120)) })], sendDelayMs: 50 } });
      const txId = await station.startCharging(1, 'NIGHT');
      const [delayed] = await waitFor(() => t.of('start.delayed').length > 0 && t.of('start.delayed'), 5000, 'start.delayed');
      assert.equal(delayed.transactionId, txId);
      assert.equal(delayed.waitsForWindow, true);
      assert.ok(Math.abs((delayed.delayMs as number) - 120 * MIN) < MIN, String(delayed.delayMs));
      const sent = t.state.commands.find((c) => c.action === 'SetChargingProfile')!;
      assert.deepEqual(sent.response, { status: 'Accepted' });
      const profile = version === '1.6' ? sent.payload.csChargingProfiles : sent.payload.chargingProfile;
      const schedule = version === '1.6' ? profile.chargingSchedule : profile.chargingSchedule[0];
      assert.equal(profile.chargingProfilePurpose, 'TxProfile');
      assert.equal(profile.chargingProfileKind, 'Absolute');
      assert.equal(String(profile.transactionId), txId);
      assert.deepEqual(schedule.chargingSchedulePeriod, [{ startPeriod: 0, limit: 0 }]);
      assert.ok(Math.abs(schedule.duration - 7200) <= 60, String(schedule.duration));
      await waitFor(() => station.connectorsState()[0].powerW === 0, 3000, 'power held at 0');
      await seenPower(service, txId, (w) => w === 0);
      // Held, not stalled: two hours without energy raise nothing; past the hold, ten minutes without energy do.
      t.state.clock.advance(119 * MIN);
      assert.deepEqual(t.of('stall.detected'), []);
      const heldUntil = Date.parse(service.status().stations[0].sessions[0].heldUntil!);
      t.state.clock.advance(12 * MIN);
      const [stalled] = t.of('stall.detected');
      assert.equal(stalled.transactionId, txId);
      assert.equal(stalled.since, new Date(heldUntil).toISOString());
    });
  }

  it('delays by occupancy, and the station lifts the hold itself when the schedule ends', async () => {
    const station = await t.station('OCC', '1.6');
    t.service({ stall: false, stagger: { groups: [group({ perOccupiedPercentMs: 40, maxDelayMs: 10_000 })], sendDelayMs: 20 } });
    const first = await station.startCharging(1, 'A');
    await waitFor(() => t.of('start.delayed').length === 1, 3000, 'first delay');
    // One of two charging points busy: 50 % x 40 ms; then both: 100 % x 40 ms.
    assert.equal(t.of('start.delayed')[0].occupancyPercent, 50);
    assert.equal(t.of('start.delayed')[0].delayMs, 2000);
    await station.startCharging(2, 'B');
    await waitFor(() => t.of('start.delayed').length === 2, 3000, 'second delay');
    assert.equal(t.of('start.delayed')[1].occupancyPercent, 100);
    assert.equal(t.of('start.delayed')[1].delayMs, 4000);
    assert.equal(t.of('start.delayed')[0].transactionId, first);
    await waitFor(() => station.connectorsState()[1].powerW === 0, 2000, 'held');
    await waitFor(() => station.connectorsState()[1].powerW > 1000, 8000, 'charging after the hold');
  });

  it('leaves manual stations alone and restarted sessions unheld', async () => {
    const station = await t.station('MS', '2.0.1');
    t.state.csms.setMode('MS', 'manual');
    const service = t.service({ stall: false, stagger: { groups: [group({ baseDelayMs: HOUR, maxDelayMs: HOUR })], sendDelayMs: 20 } });
    await station.startCharging(1, 'M');
    t.state.csms.setMode('MS', 'auto');
    service.stagger!.exempt('MS', 2);
    await station.startCharging(2, 'N');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(t.state.actions, []);
    assert.equal(t.state.commands.filter((c) => c.action === 'SetChargingProfile').length, 0);
  });
});

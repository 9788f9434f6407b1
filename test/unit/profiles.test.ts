import assert from 'node:assert/strict';
import {
  Profile, compareComposite, compositeFromAnswer, compositeSchedule, limitW, profileConflicts, profileFromNeutral, profileProblems,
} from '../../lib/profiles';

const T0 = Date.UTC(2026, 10, 30, 6, 0, 0);
const WIRING = { voltageV: 230, phases: 3 };
const A = (amps: number) => amps * 230 * 3;

let nextId = 1;
function profile(over: Partial<Profile>): Profile {
  return {
    id: nextId++, evseId: 0, stackLevel: 0, purpose: 'TxDefault', kind: 'Absolute', startSchedule: T0, unit: 'A',
    periods: [{ startPeriod: 0, limit: 16 }], installedAt: T0, ...over,
  };
}

const periodsOf = (profiles: Profile[], o: Partial<Parameters<typeof compositeSchedule>[1]> = {}) =>
  compositeSchedule(profiles, { evseId: 1, at: T0, durationS: 1800, unit: 'A', wiring: WIRING, ...o })?.periods;

describe('profiles: composite schedule', () => {
  it('the highest stack level valid at each instant prevails, then the one below takes over again', () => {
    const base = profile({ stackLevel: 0, periods: [{ startPeriod: 0, limit: 16 }] });
    const evening = profile({ stackLevel: 1, validFrom: T0 + 600_000, validTo: T0 + 1_200_000, periods: [{ startPeriod: 0, limit: 10 }] });
    assert.deepEqual(periodsOf([base, evening]), [{ startPeriod: 0, limit: 16 }, { startPeriod: 600, limit: 10 }, { startPeriod: 1200, limit: 16 }]);
    // A higher level whose schedule has ended (duration) no longer prevails.
    const short = profile({ stackLevel: 2, duration: 300, periods: [{ startPeriod: 0, limit: 6 }] });
    assert.deepEqual(periodsOf([base, short]), [{ startPeriod: 0, limit: 6 }, { startPeriod: 300, limit: 16 }]);
  });

  it('a Tx profile overrides TxDefault for its transaction, an EVSE TxDefault the station one, and the lowest purpose wins', () => {
    const tx = { ids: ['17'], startedAt: T0 - 60_000 };
    const stationDefault = profile({ evseId: 0, periods: [{ startPeriod: 0, limit: 8 }] });
    const evseDefault = profile({ evseId: 1, periods: [{ startPeriod: 0, limit: 20 }] });
    const txProfile = profile({ evseId: 1, purpose: 'Tx', kind: 'Relative', startSchedule: undefined, transactionId: '17', periods: [{ startPeriod: 0, limit: 32 }, { startPeriod: 660, limit: 12 }] });
    const otherTx = profile({ evseId: 1, purpose: 'Tx', kind: 'Relative', startSchedule: undefined, transactionId: '99', periods: [{ startPeriod: 0, limit: 2 }] });
    const all = [stationDefault, evseDefault, txProfile, otherTx];
    assert.equal(limitW(all, 2, T0, WIRING), A(8), 'EVSE 2 has only the station default');
    assert.equal(limitW(all, 1, T0, WIRING), A(20), 'no transaction: the EVSE default');
    // Relative to the transaction's start, a minute before T0: the second period starts 600 s after T0.
    assert.deepEqual(periodsOf(all, { tx }), [{ startPeriod: 0, limit: 32 }, { startPeriod: 600, limit: 12 }]);
    // The station maximum (in W) caps everything, converted to A per phase over 3 phases.
    const stationMax = profile({ purpose: 'StationMax', unit: 'W', periods: [{ startPeriod: 0, limit: 11_000 }] });
    const capped = periodsOf([...all, stationMax], { tx })!;
    assert.equal(capped[0].limit, 11_000 / 690);
    assert.equal(capped[1].limit, 12);
  });

  it('a Recurring daily profile repeats from its start, yesterday\'s tail included', () => {
    const midnight = Date.UTC(2026, 10, 1);
    const daily = profile({ kind: 'Recurring', recurrency: 'Daily', startSchedule: midnight, periods: [{ startPeriod: 0, limit: 32 }, { startPeriod: 8 * 3600, limit: 8 }, { startPeriod: 18 * 3600, limit: 32 }] });
    // From 06:00 over a day: 32 A until 08:00, 8 A until 18:00, 32 A through midnight into the next cycle.
    assert.deepEqual(periodsOf([daily], { durationS: 86_400 }), [{ startPeriod: 0, limit: 32 }, { startPeriod: 7200, limit: 8 }, { startPeriod: 43_200, limit: 32 }]);
  });

  it('is undefined where nothing limits the EVSE, and the hardware caps every period', () => {
    assert.equal(periodsOf([]), undefined);
    assert.equal(periodsOf([profile({ evseId: 2 })]), undefined, 'a profile of another EVSE');
    assert.deepEqual(periodsOf([profile({ periods: [{ startPeriod: 0, limit: 32 }] })], { unit: 'W', hardwareW: 11_000 }), [{ startPeriod: 0, limit: 11_000 }]);
  });
});

describe('profiles: what the specs forbid', () => {
  const v201 = { version: '2.0.1' as const, evses: 2, transactions: new Map([[1, ['tx-1']]]) };
  const messages = (p: Profile, facts = v201) => profileProblems(p, facts).map((x) => `${x.field ?? ''}: ${x.message}`);

  it('accepts a well-formed profile of each purpose', () => {
    assert.deepEqual(messages(profile({ purpose: 'StationMax', unit: 'W', periods: [{ startPeriod: 0, limit: 22_000 }] })), []);
    assert.deepEqual(messages(profile({ evseId: 1, purpose: 'Tx', kind: 'Relative', startSchedule: undefined, transactionId: 'tx-1' })), []);
    assert.deepEqual(messages(profile({ kind: 'Recurring', recurrency: 'Weekly', periods: [{ startPeriod: 0, limit: 6.5 }, { startPeriod: 3600, limit: 0 }] })), []);
  });

  it('names each broken rule, with its field', () => {
    const one = (p: Profile, pattern: RegExp, facts = v201) => {
      const found = messages(p, facts);
      assert.ok(found.some((m) => pattern.test(m)), `${pattern} in ${JSON.stringify(found)}`);
    };
    one(profile({ purpose: 'StationMax', evseId: 1 }), /^evseId: a station maximum profile applies to the whole station/);
    one(profile({ purpose: 'StationMax', kind: 'Relative', startSchedule: undefined }), /^kind: a station maximum profile cannot be Relative/);
    one(profile({ purpose: 'ExternalConstraints' }), /^purpose: external constraints are set by an energy management system/);
    one(profile({ kind: 'Absolute', startSchedule: undefined }), /^startSchedule: an Absolute profile needs a schedule start/);
    one(profile({ kind: 'Relative' }), /^startSchedule: a Relative profile starts with its transaction/);
    one(profile({ kind: 'Recurring' }), /^recurrency: a Recurring profile needs its recurrency/);
    one(profile({ periods: [{ startPeriod: 60, limit: 16 }] }), /^periods\[0\]\.startPeriod: the first period starts at 0 s/);
    one(profile({ periods: [{ startPeriod: 0, limit: 16 }, { startPeriod: 0, limit: 8 }] }), /^periods\[1\]\.startPeriod: periods start in increasing order/);
    one(profile({ periods: [{ startPeriod: 0, limit: 16.25 }] }), /^periods\[0\]\.limit: a limit is 0 or more, with at most one decimal/);
    one(profile({ duration: 600, periods: [{ startPeriod: 0, limit: 16 }, { startPeriod: 900, limit: 8 }] }), /^periods\[1\]\.startPeriod: the period starts after the schedule ends/);
    one(profile({ periods: [{ startPeriod: 0, limit: 16, numberPhases: 1, phaseToUse: 2 }] }), /^periods\[0\]\.phaseToUse: OCPP 1.6 has no phase to use/, { version: '1.6' } as never);
    one(profile({ periods: [{ startPeriod: 0, limit: 16, phaseToUse: 2 }] }), /^periods\[0\]\.phaseToUse: a phase to use needs a single-phase period/);
    one(profile({ evseId: 1, purpose: 'Tx', kind: 'Relative', startSchedule: undefined }), /^transactionId: a Tx profile names its transaction on OCPP 2.0.1/);
    one(profile({ evseId: 2, purpose: 'Tx', kind: 'Relative', startSchedule: undefined, transactionId: 'tx-9' }), /^evseId: no transaction is running on EVSE 2/);
    one(profile({ evseId: 1, purpose: 'Tx', kind: 'Relative', startSchedule: undefined, transactionId: 'tx-9' }), /^transactionId: transaction tx-9 is not the one running on EVSE 1 \(tx-1\)/);
    one(profile({ evseId: 1, purpose: 'Tx', kind: 'Relative', startSchedule: undefined, transactionId: 'abc' }), /^transactionId: a 1.6 transaction id is an integer/, { version: '1.6' } as never);
    one(profile({ evseId: 3 }), /^evseId: the station has 2 EVSE\(s\), not 3/);
    one(profile({ validFrom: T0 + 10, validTo: T0 }), /^validTo: the end of validity must come after its start/);
    one(profile({ transactionId: '5' }), /^transactionId: only a Tx profile names a transaction/);
  });

  it('finds profiles of one purpose and stack level on one EVSE valid at the same time', () => {
    const a = profile({ id: 101, stackLevel: 2, evseId: 1, validFrom: T0, validTo: T0 + 3_600_000 });
    const b = profile({ id: 102, stackLevel: 2, evseId: 1, validFrom: T0 + 1_800_000 });
    const later = profile({ id: 103, stackLevel: 2, evseId: 1, validFrom: T0 + 3_600_000 });
    const otherLevel = profile({ id: 104, stackLevel: 3, evseId: 1 });
    const tx1 = profile({ id: 105, evseId: 1, purpose: 'Tx', transactionId: '1' });
    const tx2 = profile({ id: 106, evseId: 1, purpose: 'Tx', transactionId: '2' });
    const found = profileConflicts([a, b, later, otherLevel, tx1, tx2]);
    assert.deepEqual(found.map((x) => x.message), [
      'profiles 101 and 102 (TxDefault, stack level 2, EVSE 1) are both valid from 2026-11-30T06:30:00.000Z to 2026-11-30T07:00:00.000Z: give one another stack level or validity (K01.FR.39)',
      'profiles 102 and 103 (TxDefault, stack level 2, EVSE 1) are both valid from 2026-11-30T07:00:00.000Z to the end: give one another stack level or validity (K01.FR.39)',
    ]);
  });
});

describe('profiles: the station\'s composite schedule against ours', () => {
  it('reads both versions\' answers and says where the station applies something else', () => {
    const start = new Date(T0).toISOString();
    const s16 = compositeFromAnswer('1.6', { status: 'Accepted', connectorId: 1, scheduleStart: start, chargingSchedule: { duration: 1800, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 600, limit: 16 }] } })!;
    const s201 = compositeFromAnswer('2.0.1', { status: 'Accepted', schedule: { evseId: 1, duration: 1800, scheduleStart: start, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_040 }, { startPeriod: 600, limit: 6900 }] } })!;
    assert.equal(compositeFromAnswer('1.6', { status: 'Rejected' }), undefined);
    const ours = compositeSchedule([profile({ evseId: 1, periods: [{ startPeriod: 0, limit: 16 }, { startPeriod: 600, limit: 10 }] })], { evseId: 1, at: T0, durationS: 1800, unit: 'A', wiring: WIRING })!;
    assert.deepEqual(compareComposite(ours, s16, WIRING), [{ from: T0 + 600_000, to: T0 + 1_800_000, localW: A(10), stationW: A(16) }]);
    // 11,040 W is 16 A and 6,900 W is 10 A on 3 × 230 V: the same schedule in another unit.
    assert.deepEqual(compareComposite(ours, s201, WIRING), []);
  });
});

describe('profiles: from the commands\' neutral form', () => {
  it('places a neutral profile on an EVSE with its instants in milliseconds', () => {
    const p = profileFromNeutral({
      id: 7, stackLevel: 1, purpose: 'TxDefault', kind: 'Absolute', validFrom: '2026-11-30T06:00:00Z',
      schedule: { startSchedule: '2026-11-30T06:00:00Z', unit: 'A', minRate: 6, periods: [{ start: 0, limit: 16, phases: 1, phaseToUse: 2 }] },
    }, 2, T0);
    assert.deepEqual([p.evseId, p.validFrom, p.startSchedule, p.minChargingRate, p.periods], [2, T0, T0, 6, [{ startPeriod: 0, limit: 16, numberPhases: 1, phaseToUse: 2 }]]);
  });
});

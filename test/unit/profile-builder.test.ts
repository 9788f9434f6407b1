import assert from 'node:assert/strict';
import { translateCommand, NeutralCommand } from '../../lib/ocpp/commands';
import { sharedValidator } from '../../lib/ocpp/validator';
import {
  InstalledProfiles, Profile, ProfileTemplate, TemplateError, buildSetProfile, installedProfilesOf, placeTemplate, previewSchedule,
  profileJson, readTemplate, templateProblems,
} from '../../lib/profiles';
import { getChargingProfilesRequest, readProfileReport } from '../../lib/profiles/report';
import { readProfileRequest, RequestError } from '../../lib/profiles/requests';

const T0 = Date.UTC(2026, 10, 30, 22, 0, 0);
const validator = sharedValidator();

/** The OCPP request a neutral command becomes, checked against the official schema of the version. */
function wire(version: '1.6' | '2.0.1', command: NeutralCommand): Record<string, unknown> {
  const { action, payload } = translateCommand(version, command);
  const failure = validator.validate(version, action, 'req', payload);
  assert.equal(failure, undefined, `${action} ${version}: ${failure?.message}`);
  return payload;
}

const template = (over: Partial<ProfileTemplate> = {}): ProfileTemplate => ({
  id: 7, stackLevel: 0, purpose: 'TxDefault', kind: 'Relative', unit: 'A', periods: [{ startPeriod: 0, limit: 16 }], ...over,
});

const fieldsOf = (err: unknown): string[] => (err as TemplateError).problems.map((p) => `${p.field}: ${p.message}`);

describe('profile templates: reading a form or a msg', () => {
  it('reads numbers and dates given as text, OCPP purpose names and kinds in any case', () => {
    const t = readTemplate({
      id: '12', stackLevel: ' 2', purpose: 'ChargePointMaxProfile', kind: 'recurring', recurrency: 'daily', unit: 'W',
      periods: [{ startPeriod: '0', limit: '11000' }, { startPeriod: 64_800, limit: 7000, numberPhases: '1' }],
      startSchedule: '2026-11-30T23:00:00+01:00', validTo: T0 + 86_400_000, duration: '', minChargingRate: '',
    });
    assert.deepEqual(t, {
      id: 12, stackLevel: 2, purpose: 'StationMax', kind: 'Recurring', recurrency: 'Daily', unit: 'W',
      periods: [{ startPeriod: 0, limit: 11_000 }, { startPeriod: 64_800, limit: 7000, numberPhases: 1 }],
      startSchedule: T0, validTo: T0 + 86_400_000,
    });
  });

  it('names every field it cannot read, all at once', () => {
    assert.throws(() => readTemplate({ kind: 'Sometimes', unit: 'kW', stackLevel: 'high', validFrom: 'tomorrow', periods: [{ startPeriod: 0 }, 'x', { startPeriod: 'noon', limit: 16 }] }), (err) => {
      assert.ok(err instanceof TemplateError);
      assert.deepEqual(fieldsOf(err), [
        'stackLevel: must be a number, got "high"',
        'kind: must be one of Absolute, Recurring, Relative, got "Sometimes"',
        'unit: must be one of A, W, got "kW"',
        'id: is required',
        'purpose: is required',
        'periods[0].limit: is required',
        'periods[1]: must be an object, got "x"',
        'periods[2].startPeriod: must be a number, got "noon"',
        'validFrom: must be a date-time such as 2026-01-05T22:00:00Z, got "tomorrow"',
      ]);
      return true;
    });
    assert.throws(() => readTemplate({ id: 1, stackLevel: 0, purpose: 'Tx', kind: 'Relative', unit: 'A', periods: 'all day' }), /periods must be a list/);
    assert.throws(() => readTemplate({ id: 1, stackLevel: 0, purpose: 'TxProfile', kind: 'Relative', unit: 'A' }), /periods is required/);
    assert.throws(() => readTemplate({ id: 1, stackLevel: 0, purpose: 'Maximum', kind: 'Relative', unit: 'A', periods: [] }), /purpose must be StationMax, TxDefault or Tx/);
    assert.throws(() => readTemplate('profile'), /a profile must be an object, got "profile"/);
  });

  it('fills what the input leaves out from the defaults given', () => {
    const t = readTemplate({ periods: [{ startPeriod: 0, limit: 10 }] }, { id: 0, purpose: 'Tx', kind: 'Relative', stackLevel: 1, unit: 'A' });
    assert.deepEqual(t, { id: 0, stackLevel: 1, purpose: 'Tx', kind: 'Relative', unit: 'A', periods: [{ startPeriod: 0, limit: 10 }] });
  });
});

describe('profile templates: the setChargingProfile command', () => {
  it('a Recurring station maximum in W becomes a 1.6 ChargePointMaxProfile on connector 0', () => {
    const t = template({ id: 3, stackLevel: 1, purpose: 'StationMax', kind: 'Recurring', recurrency: 'Daily', unit: 'W', startSchedule: T0, periods: [{ startPeriod: 0, limit: 22_000 }, { startPeriod: 28_800, limit: 11_000 }] });
    const build = buildSetProfile(t, { evseId: 0 }, { version: '1.6' }, [], T0);
    assert.deepEqual(build.problems, []);
    assert.deepEqual(wire('1.6', build.command), {
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: 3, stackLevel: 1, chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily',
        chargingSchedule: { startSchedule: '2026-11-30T22:00:00.000Z', chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 22_000 }, { startPeriod: 28_800, limit: 11_000 }] },
      },
    });
  });

  it('a Relative Tx profile becomes a 2.0.1 TxProfile naming its transaction, with its optional fields', () => {
    const t = template({ purpose: 'Tx', stackLevel: 2, minChargingRate: 6, duration: 7200, validTo: T0 + 86_400_000, periods: [{ startPeriod: 0, limit: 32, numberPhases: 3 }, { startPeriod: 3600, limit: 16 }] });
    const build = buildSetProfile(t, { evseId: 1, transactionId: 'tx-9' }, { version: '2.0.1', transactions: new Map([[1, ['tx-9']]]) }, [], T0);
    assert.deepEqual(build.problems, []);
    assert.deepEqual(wire('2.0.1', build.command), {
      evseId: 1,
      chargingProfile: {
        id: 7, stackLevel: 2, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', validTo: '2026-12-01T22:00:00.000Z', transactionId: 'tx-9',
        chargingSchedule: [{ id: 7, duration: 7200, chargingRateUnit: 'A', minChargingRate: 6, chargingSchedulePeriod: [{ startPeriod: 0, limit: 32, numberPhases: 3 }, { startPeriod: 3600, limit: 16 }] }],
      },
    });
    // The same template for a 1.6 transaction: its id is an integer there.
    const v16 = buildSetProfile(t, { evseId: 2, transactionId: '41' }, { version: '1.6', transactions: new Map([[2, ['41']]]) }, [], T0);
    assert.deepEqual(v16.problems, []);
    const sent = wire('1.6', v16.command) as { connectorId: number; csChargingProfiles: Record<string, unknown> };
    assert.deepEqual([sent.connectorId, sent.csChargingProfiles.transactionId, sent.csChargingProfiles.chargingProfilePurpose], [2, 41, 'TxProfile']);
  });

  it('reports every problem and builds nothing worth sending: spec rules, the station\'s transactions, the version', () => {
    const messages = (b: ReturnType<typeof buildSetProfile>) => b.problems.map((p) => `${p.field ?? ''}: ${p.message}`);
    const bad = template({ kind: 'Absolute', stackLevel: -1, duration: 600, periods: [{ startPeriod: 60, limit: 16.25 }, { startPeriod: 900, limit: 8, numberPhases: 4 }] });
    assert.deepEqual(messages(buildSetProfile(bad, { evseId: 1 }, { version: '2.0.1' }, [], T0)), [
      'stackLevel: the stack level must be an integer of 0 or more',
      'startSchedule: an Absolute profile needs a schedule start (K01.FR.40)',
      'periods[0].startPeriod: the first period starts at 0 s (K01.FR.31)',
      'periods[0].limit: a limit is 0 or more, with at most one decimal',
      'periods[1].startPeriod: the period starts after the schedule ends (600 s)',
      'periods[1].numberPhases: the number of phases is 1, 2 or 3',
    ]);
    const tx = template({ purpose: 'Tx' });
    assert.deepEqual(messages(buildSetProfile(tx, { evseId: 1 }, { version: '2.0.1', transactions: new Map() }, [], T0)), [
      'transactionId: a Tx profile names its transaction on OCPP 2.0.1',
      'evseId: no transaction is running on EVSE 1: the station rejects a Tx profile then',
    ]);
    assert.deepEqual(messages(buildSetProfile(tx, { evseId: 1, transactionId: 'abc' }, { version: '1.6' }, [], T0)), ['transactionId: a 1.6 transaction id is an integer, not "abc"']);
    assert.deepEqual(messages(buildSetProfile(template({ purpose: 'StationMax', kind: 'Relative' }), { evseId: 2 }, { version: '1.6' }, [], T0)), [
      'evseId: a station maximum profile applies to the whole station: EVSE 0 only',
      'kind: a station maximum profile cannot be Relative: it has no transaction to start from (K01.FR.03, K01.FR.38)',
    ]);
  });

  it('refuses to send external constraints, which only an EMS or the grid operator sets', () => {
    const build = buildSetProfile(template({ purpose: 'ExternalConstraints', kind: 'Absolute', startSchedule: T0 }), { evseId: 0 }, { version: '2.0.1' }, [], T0);
    assert.deepEqual(build.problems.map((p) => p.field), ['purpose']);
    assert.match(build.problems[0].message, /never by the CSMS/);
  });

  it('refuses a profile that meets one already on the station, and lets one with the same id replace it', () => {
    const installed = [placeTemplate(template({ id: 1, stackLevel: 3, kind: 'Absolute', startSchedule: T0, validFrom: T0, validTo: T0 + 7_200_000 }), { evseId: 1 }, T0)];
    const clash = template({ id: 2, stackLevel: 3, kind: 'Absolute', startSchedule: T0, validFrom: T0 + 3_600_000 });
    const found = buildSetProfile(clash, { evseId: 1 }, { version: '2.0.1' }, installed, T0).problems;
    assert.deepEqual(found.map((p) => p.message), [
      'profiles 1 and 2 (TxDefault, stack level 3, EVSE 1) are both valid from 2026-11-30T23:00:00.000Z to 2026-12-01T00:00:00.000Z: give one another stack level or validity (K01.FR.39)',
    ]);
    assert.deepEqual(buildSetProfile({ ...clash, id: 1 }, { evseId: 1 }, { version: '2.0.1' }, installed, T0).problems, [], 'same id: a replacement');
    assert.deepEqual(buildSetProfile({ ...clash, validFrom: T0 + 7_200_000 }, { evseId: 1 }, { version: '2.0.1' }, installed, T0).problems, [], 'after the other ends');
    assert.deepEqual(buildSetProfile(clash, { evseId: 2 }, { version: '2.0.1' }, installed, T0).problems, [], 'another EVSE');
    assert.deepEqual(buildSetProfile({ ...clash, stackLevel: 4 }, { evseId: 1 }, { version: '2.0.1' }, installed, T0).problems, [], 'another stack level');
  });

  it('judges a template on its own in the editor: the place and the transaction are not its fields', () => {
    assert.deepEqual(templateProblems(template({ purpose: 'Tx' })), []);
    assert.deepEqual(templateProblems(template({ purpose: 'StationMax', kind: 'Absolute', startSchedule: T0 })), []);
    assert.deepEqual(templateProblems(template({ kind: 'Recurring' })).map((p) => p.field), ['recurrency', 'startSchedule']);
    assert.deepEqual(templateProblems(template({ purpose: 'ExternalConstraints', kind: 'Absolute', startSchedule: T0 })).map((p) => p.field), ['purpose']);
  });

  it('writes a placed profile as plain JSON, instants in ISO 8601', () => {
    const p = placeTemplate(template({ purpose: 'Tx', validFrom: T0 }), { evseId: 2, transactionId: '5' }, T0);
    assert.deepEqual(profileJson(p), {
      id: 7, evseId: 2, transactionId: '5', stackLevel: 0, purpose: 'Tx', kind: 'Relative', unit: 'A', periods: [{ startPeriod: 0, limit: 16 }], validFrom: '2026-11-30T22:00:00.000Z',
    });
  });
});

describe('profile templates: the preview', () => {
  it('draws the periods as steps over a day, the last one running on', () => {
    assert.deepEqual(previewSchedule(template({ periods: [{ startPeriod: 0, limit: 32 }, { startPeriod: 3600, limit: 16, numberPhases: 1 }] })), {
      horizonS: 86_400,
      steps: [{ from: 0, to: 3600, limit: 32, unit: 'A' }, { from: 3600, to: 86_400, limit: 16, unit: 'A', numberPhases: 1 }],
    });
  });

  it('over the duration when it is set, one week for a weekly profile, a gap where a recurring schedule ends early', () => {
    assert.deepEqual(previewSchedule(template({ duration: 5400, periods: [{ startPeriod: 0, limit: 32 }, { startPeriod: 3600, limit: 16 }] })).steps.map((s) => [s.from, s.to]), [[0, 3600], [3600, 5400]]);
    assert.equal(previewSchedule(template({ kind: 'Recurring', recurrency: 'Weekly', startSchedule: T0 })).horizonS, 7 * 86_400);
    const nights = previewSchedule(template({ kind: 'Recurring', recurrency: 'Daily', startSchedule: T0, duration: 8 * 3600, unit: 'W', periods: [{ startPeriod: 0, limit: 11_000 }] }));
    assert.deepEqual(nights, { horizonS: 86_400, steps: [{ from: 0, to: 28_800, limit: 11_000, unit: 'W' }] });
  });

  it('still draws periods out of order or starting late, where they fall (the problems say what is wrong)', () => {
    const steps = previewSchedule(template({ periods: [{ startPeriod: 7200, limit: 8 }, { startPeriod: 600, limit: 16 }, { startPeriod: 90_000, limit: 4 }] })).steps;
    assert.deepEqual(steps.map((s) => [s.from, s.to, s.limit]), [[600, 7200, 16], [7200, 86_400, 8]]);
  });
});

describe('profile requests from msg.payload', () => {
  it('reads each action with numbers as text', () => {
    assert.deepEqual(readProfileRequest({ action: 'set', station: 'CP1', evseId: '1', transactionId: 42 }), { action: 'set', station: 'CP1', evseId: 1, transactionId: '42' });
    const withProfile = readProfileRequest({ action: 'set', station: 'CP1', evseId: 0, profile: { id: 1, stackLevel: 0, purpose: 'TxDefault', kind: 'Relative', unit: 'A', periods: [{ startPeriod: 0, limit: 6 }] } });
    assert.equal(withProfile.action === 'set' && withProfile.profile?.periods[0].limit, 6);
    assert.deepEqual(readProfileRequest({ action: 'clear', station: 'CP1', id: '5' }), { action: 'clear', station: 'CP1', criteria: { id: 5 } });
    assert.deepEqual(readProfileRequest({ action: 'clear', station: 'CP1', evseId: 1, purpose: 'TxDefaultProfile', stackLevel: 0 }), { action: 'clear', station: 'CP1', criteria: { evseId: 1, purpose: 'TxDefault', stackLevel: 0 } });
    assert.deepEqual(readProfileRequest({ action: 'list', station: 'CP1', purpose: 'tx' }), { action: 'list', station: 'CP1', filter: { purpose: 'Tx' } });
    assert.deepEqual(readProfileRequest({ action: 'composite', station: 'CP1', evseId: 1, duration: '3600', unit: 'W' }), { action: 'composite', station: 'CP1', evseId: 1, duration: 3600, unit: 'W' });
    assert.deepEqual(readProfileRequest({ action: 'badge', idTag: 'TECH-*', category: 'technicians' }), { action: 'badge', idTag: 'TECH-*', category: 'technicians' });
  });

  it('says what is wrong with a request', () => {
    const refused = (payload: unknown, pattern: RegExp) => assert.throws(() => readProfileRequest(payload), (err) => err instanceof RequestError && pattern.test(err.message));
    refused('set', /action is one of set, clear, list, composite, badge/);
    refused({ action: 'reset', station: 'CP1' }, /action is one of/);
    refused({ action: 'set', evseId: 1 }, /set needs station/);
    refused({ action: 'set', station: 'CP1' }, /set needs evseId/);
    refused({ action: 'set', station: 'CP1', evseId: 1.5 }, /evseId must be an integer of 0 or more, got 1.5/);
    refused({ action: 'clear', station: 'CP1', purpose: 'Max' }, /purpose must be StationMax, TxDefault, Tx/);
    refused({ action: 'clear', station: 'CP1', id: 'first' }, /^id must be an integer, got "first"$/);
    refused({ action: 'composite', station: 'CP1', evseId: 1 }, /composite needs duration/);
    refused({ action: 'composite', station: 'CP1', evseId: 1, duration: 60, unit: 'kW' }, /unit must be A or W/);
    refused({ action: 'badge', idTag: 'X' }, /badge needs idTag .* and category/);
    assert.throws(() => readProfileRequest({ action: 'set', station: 'CP1', evseId: 1, profile: { id: 'one' } }), TemplateError);
  });
});

describe('profiles known on a station', () => {
  const tx = (id: number, transactionId: string, evseId = 1): Profile => placeTemplate(template({ id, purpose: 'Tx' }), { evseId, transactionId }, T0);

  it('a new profile replaces the one with its id, or with its purpose and stack level on its EVSE', () => {
    const known = new InstalledProfiles();
    assert.deepEqual(known.record('CP1', placeTemplate(template({ id: 1 }), { evseId: 1 }, T0)), []);
    assert.deepEqual(known.record('CP1', placeTemplate(template({ id: 2 }), { evseId: 2 }, T0)), []);
    assert.deepEqual(known.record('CP1', placeTemplate(template({ id: 3 }), { evseId: 1 }, T0)), [1], 'same purpose and level on EVSE 1');
    assert.deepEqual(known.record('CP1', placeTemplate(template({ id: 2, stackLevel: 4 }), { evseId: 2 }, T0)), [2], 'same id');
    assert.deepEqual(known.list('CP1').map((p) => p.id), [3, 2]);
    assert.deepEqual(known.list('CP2'), []);
  });

  it('clears by id (other criteria aside) or by every criterion given; a Tx profile goes with its transaction', () => {
    const known = new InstalledProfiles();
    known.replace('CP1', [placeTemplate(template({ id: 1, stackLevel: 0 }), { evseId: 0 }, T0), placeTemplate(template({ id: 2, stackLevel: 1 }), { evseId: 1 }, T0), tx(3, '17'), tx(4, '18', 2)]);
    assert.deepEqual(known.clear('CP1', { id: 2, evseId: 0 }), [2]);
    assert.deepEqual(known.clear('CP1', { evseId: 0, stackLevel: 1 }), []);
    known.endTransaction('CP1', '17');
    assert.deepEqual(known.list('CP1').map((p) => p.id), [1, 4]);
    assert.deepEqual(known.clear('CP1', {}), [1, 4]);
  });

  it('is shared by everything that uses the same CSMS', () => {
    const csms = {};
    assert.equal(installedProfilesOf(csms), installedProfilesOf(csms));
    assert.notEqual(installedProfilesOf(csms), installedProfilesOf({}));
  });
});

describe('2.0.1 GetChargingProfiles and its reports', () => {
  it('asks with a schema-valid request, narrowed or not', () => {
    const check = (payload: Record<string, unknown>) => assert.equal(validator.validate('2.0.1', 'GetChargingProfiles', 'req', payload), undefined);
    check(getChargingProfilesRequest(4, {}));
    // Every source: narrows nothing, and is not an empty object that would be pruned on the way out.
    assert.deepEqual(getChargingProfilesRequest(4, {}), { requestId: 4, chargingProfile: {} });
    const narrowed = getChargingProfilesRequest(5, { evseId: 1, purpose: 'StationMax', stackLevel: 2 });
    check(narrowed);
    assert.deepEqual(narrowed, { requestId: 5, evseId: 1, chargingProfile: { chargingProfilePurpose: 'ChargingStationMaxProfile', stackLevel: 2 } });
  });

  it('reads the profiles of a report, with their source, and names those it cannot read', () => {
    const schedule = (id: number, limit: number) => ({ id, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] });
    const report = {
      requestId: 5, chargingLimitSource: 'EMS', evseId: 1, tbc: true,
      chargingProfile: [
        { id: 9, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: [schedule(9, 12)] },
        { id: 10, stackLevel: 2, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: [schedule(10, 8), schedule(11, 6)] },
      ],
    };
    assert.equal(validator.validate('2.0.1', 'ReportChargingProfiles', 'req', report), undefined);
    const read = readProfileReport(report, T0);
    assert.equal(read.toBeContinued, true);
    assert.deepEqual(read.profiles.map((r) => [r.source, r.profile.id, r.profile.evseId, r.profile.periods[0].limit]), [['EMS', 9, 1, 12]]);
    assert.equal(read.unreadable.length, 1);
    assert.match(read.unreadable[0], /^profile 10 on EVSE 1: .*2 charging schedules/);
  });
});

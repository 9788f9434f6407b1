import assert from 'node:assert/strict';
import { helper, nodeModule } from '../support/helper';
import { waitFor } from '../support/net';
import { nodeSuite } from '../support/node-suite';
import type { Peer } from '../support/rpc';
import { exampleFlows } from '../../flows/examples';
import { stableId } from '../../flows/ids';

const nodes = ['evc-csms', 'evc-ocpp-in', 'evc-ocpp-response', 'evc-charging-profile'].map(nodeModule);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const EXAMPLE_NODES = [...nodes, nodeModule('evc-simulator'), ...['common/90-comment', 'common/20-inject'].map((f) => require(`@node-red/nodes/core/${f}.js`))];
type Msg = Record<string, any>;
const ts = () => new Date().toISOString();

function lastStatus(id: string): Msg | undefined {
  const node = helper.getNode(id);
  const calls = (node.status as any).getCalls().filter((c: any) => c.thisValue === node);
  return calls.length ? calls[calls.length - 1].args[0] : undefined;
}

/** What a station receives, in order: `answer <Action>` for the answers to its calls, `call <Action>` for ours. */
function received(peer: Peer): string[] {
  const asked = new Map<string, string>();
  const seen: string[] = [];
  (peer as any).on('message', ({ message, outbound }: { message: string; outbound: boolean }) => {
    const frame = JSON.parse(message);
    if (outbound && frame[0] === 2) asked.set(frame[1], frame[2]);
    if (!outbound) seen.push(frame[0] === 2 ? `call ${frame[2]}` : `answer ${asked.get(frame[1]) ?? '?'}`);
  });
  return seen;
}

const CATEGORIES = [
  { name: 'sales', profile: { stackLevel: 1, unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] } },
  { name: 'technicians', profile: { stackLevel: 1, unit: 'A', periods: [{ startPeriod: 0, limit: 32 }, { startPeriod: 3600, limit: 16 }] } },
];
const BADGES = [{ idTag: 'TECH-*', category: 'technicians' }, { idTag: 'SALES-*', category: 'sales' }];

/** The form's profile: a station maximum of 22 kW, 11 kW from 18:00 to 22:00, every day. */
const FORM = {
  purpose: 'StationMax', kind: 'Recurring', recurrency: 'Daily', profileId: 1, stackLevel: 0, unit: 'W',
  periods: [{ startPeriod: 0, limit: 22000 }, { startPeriod: 64800, limit: 11000 }, { startPeriod: 79200, limit: 22000 }],
  startSchedule: '2026-01-01T00:00:00Z', duration: '', minChargingRate: '', validFrom: '', validTo: '',
};

describe('evc-charging-profile node', function () {
  this.timeout(20_000);
  const suite = nodeSuite();

  const flow = (extra: Record<string, unknown> = {}, csms: Record<string, unknown> = {}) => [
    { id: 'f1', type: 'tab', label: 'profiles' },
    suite.csmsNode(csms),
    {
      id: 'profile', z: 'f1', x: 100, y: 100, type: 'evc-charging-profile', csms: 'csms', ...FORM, categories: CATEGORIES, badges: BADGES,
      categoryFirstId: 9000, voltage: 230, phases: 3, wires: [['out']], ...extra,
    },
    { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['profile'], uncaught: false, wires: [['errors']] },
    { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' }, { id: 'errors', z: 'f1', x: 100, y: 100, type: 'helper' },
  ];

  /** Loads the flow and collects what the node outputs and what its Catch receives. */
  async function start(extra: Record<string, unknown> = {}, csms: Record<string, unknown> = {}, more: Msg[] = []) {
    await helper.load(nodes, [...flow(extra, csms), ...more]);
    const out: Msg[] = [];
    const errors: Msg[] = [];
    helper.getNode('out').on('input', (m: Msg) => out.push(m));
    helper.getNode('errors').on('input', (m: Msg) => errors.push(m));
    const send = (payload: unknown) => helper.getNode('profile').receive({ payload });
    return { out, errors, send };
  }

  /** A strict station that accepts every profile and records the requests (schema-checked by ocpp-rpc). */
  async function station(identity: string, version: '1.6' | '2.0.1'): Promise<{ peer: Peer; sets: Msg[]; clears: Msg[] }> {
    const peer = await suite.station(identity, version, { boot: true });
    const sets: Msg[] = [];
    const clears: Msg[] = [];
    peer.handle('SetChargingProfile', async ({ params }: { params?: unknown }) => { sets.push(params as Msg); return { status: 'Accepted' }; });
    peer.handle('ClearChargingProfile', async ({ params }: { params?: unknown }) => { clears.push(params as Msg); return { status: 'Accepted' }; });
    return { peer, sets, clears };
  }

  it('sets the form\'s profile on a 1.6 station and one from msg on a 2.0.1 station, each in its own version', async () => {
    const { out, errors, send } = await start();
    const cp = await station('CP1', '1.6');
    const cs = await station('CS1', '2.0.1');
    send({ action: 'set', station: 'CP1', evseId: 0 });
    await waitFor(() => out.length === 1, 5000, 'the 1.6 answer');
    assert.deepEqual(cp.sets, [{
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily',
        chargingSchedule: { startSchedule: '2026-01-01T00:00:00.000Z', chargingRateUnit: 'W', chargingSchedulePeriod: FORM.periods },
      },
    }]);
    assert.deepEqual([out[0].payload.action, out[0].payload.station, out[0].payload.status, out[0].payload.profile.purpose], ['set', 'CP1', 'Accepted', 'StationMax']);

    const profile = { id: 20, stackLevel: 2, purpose: 'TxDefault', kind: 'Relative', unit: 'A', periods: [{ startPeriod: 0, limit: 10 }, { startPeriod: 1800, limit: 6, numberPhases: 1 }] };
    send({ action: 'set', station: 'CS1', evseId: 1, profile });
    await waitFor(() => out.length === 2, 5000, 'the 2.0.1 answer');
    assert.deepEqual(cs.sets, [{
      evseId: 1,
      chargingProfile: {
        id: 20, stackLevel: 2, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative',
        chargingSchedule: [{ id: 20, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }, { startPeriod: 1800, limit: 6, numberPhases: 1 }] }],
      },
    }]);
    // The same id again modifies it: no conflict with itself.
    send({ action: 'set', station: 'CS1', evseId: 1, profile: { ...profile, periods: [{ startPeriod: 0, limit: 12 }] } });
    await waitFor(() => out.length === 3, 5000, 'the modification');
    assert.equal(cs.sets[1].chargingProfile.chargingSchedule[0].chargingSchedulePeriod[0].limit, 12);
    assert.deepEqual(errors, []);
    assert.deepEqual(lastStatus('profile'), { fill: 'green', shape: 'dot', text: 'evc-charging-profile.status.done' });
  });

  it('sends nothing when the profile breaks a rule or meets one already on the station, and reports the station\'s refusal', async () => {
    const { out, errors, send } = await start();
    const cs = await station('CS1', '2.0.1');
    const base = { id: 30, stackLevel: 1, purpose: 'TxDefault', kind: 'Absolute', startSchedule: '2026-01-01T00:00:00Z', unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] };
    send({ action: 'set', station: 'CS1', evseId: 1, profile: base });
    await waitFor(() => out.length === 1, 5000, 'the first profile');
    send({ action: 'set', station: 'CS1', evseId: 1, profile: { ...base, id: 31 } });
    send({ action: 'set', station: 'CS1', evseId: 1, profile: { ...base, id: 32, kind: 'Relative', periods: [{ startPeriod: 60, limit: 16.25 }] } });
    send({ action: 'set', station: 'CS1', evseId: 0, profile: { ...base, id: 33, purpose: 'ChargingStationExternalConstraints' } });
    await waitFor(() => errors.length === 3, 5000, 'three refusals');
    assert.deepEqual(errors.map((e) => e.error.code), ['ValidationFailed', 'ValidationFailed', 'ValidationFailed']);
    assert.match(errors[0].error.message, /profile 31 was not sent to CS1: profiles 30 and 31 \(TxDefault, stack level 1, EVSE 1\) are both valid/);
    assert.match(errors[1].error.message, /startSchedule: a Relative profile .*; periods\[0\]\.startPeriod: the first period starts at 0 s .*; periods\[0\]\.limit: a limit is 0 or more/);
    assert.match(errors[2].error.message, /purpose: external constraints are set by an energy management system or the grid operator, never by the CSMS/);
    assert.equal(cs.sets.length, 1, 'only the first profile reached the station');

    cs.peer.handle('SetChargingProfile', async () => ({ status: 'Rejected', statusInfo: { reasonCode: 'InvalidSchedule' } }));
    send({ action: 'set', station: 'CS1', evseId: 2, profile: { ...base, id: 34 } });
    await waitFor(() => errors.length === 4, 5000, 'the refusal');
    assert.equal(errors[3].error.code, 'Rejected');
    assert.equal(errors[3].error.message, 'Error: CS1 answered Rejected to SetChargingProfile (InvalidSchedule)');
    assert.equal(lastStatus('profile')!.fill, 'red');
    // What the station refused is not counted as installed.
    send({ action: 'list', station: 'CS1' });
    await waitFor(() => out.length === 2, 5000, 'the list');
    assert.equal(out[1].payload.source, 'sent', 'GetChargingProfiles is not handled by this station');
    assert.deepEqual(out[1].payload.profiles.map((p: Msg) => p.id), [30]);
  });

  it('clears by id or by criteria, and lists what a 1.6 station was sent and a 2.0.1 station reports', async () => {
    const { out, errors, send } = await start();
    const cp = await station('CP1', '1.6');
    const cs = await station('CS1', '2.0.1');
    const tx = { stackLevel: 0, purpose: 'TxDefault', kind: 'Relative', unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] };
    send({ action: 'set', station: 'CP1', evseId: 1, profile: { ...tx, id: 41 } });
    send({ action: 'set', station: 'CP1', evseId: 2, profile: { ...tx, id: 42 } });
    await waitFor(() => out.length === 2, 5000, 'two profiles');
    send({ action: 'list', station: 'CP1' });
    await waitFor(() => out.length === 3, 5000, 'the 1.6 list');
    assert.equal(out[2].payload.source, 'sent');
    assert.match(out[2].payload.note, /OCPP 1.6 cannot ask a station for its profiles/);
    assert.deepEqual(out[2].payload.profiles.map((p: Msg) => [p.id, p.evseId]), [[41, 1], [42, 2]]);

    send({ action: 'clear', station: 'CP1', id: 41 });
    await waitFor(() => out.length === 4, 5000, 'the clear by id');
    assert.deepEqual(cp.clears, [{ id: 41 }]);
    assert.deepEqual([out[3].payload.status, out[3].payload.cleared], ['Accepted', [41]]);
    send({ action: 'clear', station: 'CP1', evseId: 2, purpose: 'TxDefault' });
    await waitFor(() => out.length === 5, 5000, 'the clear by criteria');
    assert.deepEqual(cp.clears[1], { connectorId: 2, chargingProfilePurpose: 'TxDefaultProfile' });
    assert.deepEqual(out[4].payload.cleared, [42]);
    send({ action: 'clear', station: 'CP1', id: 41, evseId: 1 });
    await waitFor(() => errors.length === 1, 5000, 'id and criteria refused');
    assert.match(errors[0].error.message, /either the id of the profile to clear or the criteria/);
    assert.equal(cp.clears.length, 2);

    // The 2.0.1 station reports in two parts: one before its answer, the last after it.
    const asked: Msg[] = [];
    const stationMax = { id: 5, stackLevel: 0, chargingProfilePurpose: 'ChargingStationMaxProfile', chargingProfileKind: 'Absolute', chargingSchedule: [{ id: 5, startSchedule: '2026-01-01T00:00:00Z', chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 30000 }] }] };
    const emsLimit = { id: 6, stackLevel: 0, chargingProfilePurpose: 'ChargingStationExternalConstraints', chargingProfileKind: 'Relative', chargingSchedule: [{ id: 6, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 20 }] }] };
    cs.peer.handle('GetChargingProfiles', async ({ params }: { params?: unknown }) => {
      const p = params as Msg;
      asked.push(p);
      await cs.peer.call('ReportChargingProfiles', { requestId: p.requestId, chargingLimitSource: 'CSO', evseId: 0, chargingProfile: [stationMax], tbc: true });
      setImmediate(() => cs.peer.call('ReportChargingProfiles', { requestId: p.requestId, chargingLimitSource: 'EMS', evseId: 1, chargingProfile: [emsLimit] }));
      return { status: 'Accepted' };
    });
    send({ action: 'list', station: 'CS1' });
    await waitFor(() => out.length === 6, 5000, 'the 2.0.1 list');
    assert.deepEqual(asked.map((a) => a.chargingProfile), [{}]);
    const listed = out[5].payload;
    assert.equal(listed.source, 'station');
    assert.deepEqual(listed.profiles.map((p: Msg) => [p.id, p.evseId, p.purpose, p.source]), [[5, 0, 'StationMax', 'CSO'], [6, 1, 'ExternalConstraints', 'EMS']]);
    cs.peer.handle('GetChargingProfiles', async () => ({ status: 'NoProfiles' }));
    send({ action: 'list', station: 'CS1', purpose: 'StationMax' });
    await waitFor(() => out.length === 7, 5000, 'no profiles');
    assert.deepEqual([out[6].payload.source, out[6].payload.profiles], ['station', []]);
  });

  it('compares the station\'s composite schedule with the one computed from the profiles it holds', async () => {
    const { out, send } = await start();
    const cp = await station('CP1', '1.6');
    send({ action: 'set', station: 'CP1', evseId: 1, profile: { id: 50, stackLevel: 0, purpose: 'TxDefault', kind: 'Absolute', startSchedule: new Date(Date.now() - 60_000).toISOString(), unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] } });
    await waitFor(() => out.length === 1, 5000, 'the profile');
    let answer: (p: Msg) => Msg = () => ({});
    const asked: Msg[] = [];
    cp.peer.handle('GetCompositeSchedule', async ({ params }: { params?: unknown }) => { asked.push(params as Msg); return answer(params as Msg); });
    const scheduleStart = new Date().toISOString();
    answer = (p) => ({ status: 'Accepted', connectorId: 1, scheduleStart, chargingSchedule: { duration: p.duration, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 600, limit: 10 }] } });
    send({ action: 'composite', station: 'CP1', evseId: 1, duration: 1800, unit: 'A' });
    await waitFor(() => out.length === 2, 5000, 'the composite');
    assert.deepEqual(asked, [{ connectorId: 1, duration: 1800, chargingRateUnit: 'A' }]);
    const c = out[1].payload;
    assert.equal(c.matches, false);
    assert.deepEqual(c.localSchedule.periods, [{ startPeriod: 0, limit: 16 }]);
    assert.deepEqual(c.differences, [{ from: new Date(Date.parse(scheduleStart) + 600_000).toISOString(), to: new Date(Date.parse(scheduleStart) + 1_800_000).toISOString(), localW: 16 * 690, stationW: 10 * 690 }]);

    answer = (p) => ({ status: 'Accepted', connectorId: 1, scheduleStart, chargingSchedule: { duration: p.duration, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11040 }] } });
    send({ action: 'composite', station: 'CP1', evseId: 1, duration: 1800 });
    await waitFor(() => out.length === 3, 5000, 'the matching composite');
    assert.deepEqual([out[2].payload.matches, out[2].payload.differences], [true, []]);
  });

  it('gives a technician\'s 1.6 transaction the technicians\' Tx profile once the station knows its transaction', async () => {
    const { out } = await start();
    const peer = await suite.station('CP1', '1.6', { boot: true });
    const frames = received(peer);
    const sets: Msg[] = [];
    peer.handle('SetChargingProfile', async ({ params }: { params?: unknown }) => { sets.push(params as Msg); return { status: 'Accepted' }; });
    const tx = await peer.call('StartTransaction', { connectorId: 2, idTag: 'tech-042', meterStart: 0, timestamp: ts() });
    await waitFor(() => out.length === 1, 5000, 'the category outcome');
    // The station learns its transaction id from the StartTransaction answer: the profile naming it comes after.
    assert.deepEqual(frames, ['answer StartTransaction', 'call SetChargingProfile']);
    assert.deepEqual(sets, [{
      connectorId: 2,
      // 1.6: for the transaction running on the connector, without naming it.
      csChargingProfiles: {
        chargingProfileId: 9002, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }, { startPeriod: 3600, limit: 16 }] },
      },
    }]);
    const outcome = out[0];
    assert.equal(outcome.topic, 'category');
    assert.deepEqual(
      [outcome.payload.action, outcome.payload.station, outcome.payload.evseId, outcome.payload.transactionId, outcome.payload.category, outcome.payload.rule, outcome.payload.applied],
      ['category', 'CP1', 2, String(tx.transactionId), 'technicians', 'TECH-*', true],
    );
    assert.deepEqual(lastStatus('profile')!.text, 'evc-charging-profile.status.applied');
    // Known on the station until its transaction ends.
    const send = (payload: unknown) => helper.getNode('profile').receive({ payload });
    send({ action: 'list', station: 'CP1' });
    await waitFor(() => out.length === 2, 5000, 'the list');
    assert.deepEqual(out[1].payload.profiles.map((p: Msg) => [p.id, p.transactionId]), [[9002, String(tx.transactionId)]]);
    await peer.call('StopTransaction', { transactionId: tx.transactionId, meterStop: 100, timestamp: ts() });
    send({ action: 'list', station: 'CP1' });
    await waitFor(() => out.length === 3, 5000, 'the list after the stop');
    assert.deepEqual(out[2].payload.profiles, []);

    // A badge no rule knows: nothing sent, and the output says why.
    await peer.call('StartTransaction', { connectorId: 1, idTag: 'VISITOR-1', meterStart: 0, timestamp: ts() });
    await waitFor(() => out.length === 4, 5000, 'the second outcome');
    assert.deepEqual([out[3].payload.applied, out[3].payload.reason], [false, 'no category for badge VISITOR-1']);
    assert.equal(sets.length, 1);
  });

  it('waits for the flow\'s StartTransaction answer before sending the category profile', async () => {
    const { out } = await start({}, { startTransactionBy: 'flow', flowTimeout: 10 }, [
      { id: 'in', z: 'f1', x: 100, y: 100, type: 'evc-ocpp-in', csms: 'csms', actions: 'StartTransaction', onlyFlowAnswered: true, wires: [['fn']] },
      { id: 'fn', z: 'f1', x: 100, y: 100, type: 'helper' },
      { id: 'res', z: 'f1', x: 100, y: 100, type: 'evc-ocpp-response', csms: 'csms' },
    ]);
    const peer = await suite.station('CP1', '1.6', { boot: true });
    const frames = received(peer);
    const sets: Msg[] = [];
    peer.handle('SetChargingProfile', async ({ params }: { params?: unknown }) => { sets.push(params as Msg); return { status: 'Accepted' }; });
    helper.getNode('fn').on('input', (m: Msg) => {
      m.payload = { idTagInfo: { status: 'Accepted' } };
      helper.getNode('res').receive(m);
    });
    const tx = await peer.call('StartTransaction', { connectorId: 1, idTag: 'SALES-7', meterStart: 0, timestamp: ts() });
    await waitFor(() => out.length === 1, 5000, 'the category outcome');
    assert.equal(out[0].payload.applied, true);
    assert.deepEqual(frames, ['answer StartTransaction', 'call SetChargingProfile']);
    assert.deepEqual(sets.map((r) => [r.connectorId, r.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit]), [[1, 16]]);
    assert.equal(out[0].payload.transactionId, String(tx.transactionId));
  });

  it('on 2.0.1, applies the category when the driver badges after plugging in; a badge rule can be added while running', async () => {
    const { out, errors, send } = await start();
    const cs = await station('CS1', '2.0.1');
    const event = (eventType: string, seqNo: number, extra: Msg) => cs.peer.call('TransactionEvent', {
      eventType, timestamp: ts(), seqNo, transactionInfo: { transactionId: 'tx-1' }, ...extra,
    });
    send({ action: 'badge', idTag: 'VAN-*', category: 'technicians' });
    await waitFor(() => out.length === 1, 5000, 'the rule');
    assert.deepEqual([out[0].payload.idTag, out[0].payload.category, out[0].payload.rules.length], ['VAN-*', 'technicians', 3]);
    await event('Started', 0, { triggerReason: 'CablePluggedIn', evse: { id: 1, connectorId: 1 } });
    await event('Updated', 1, { triggerReason: 'Authorized', idToken: { idToken: 'VAN-12', type: 'ISO14443' } });
    await waitFor(() => out.length === 2, 5000, 'the category outcome');
    assert.deepEqual(cs.sets, [{
      evseId: 1,
      chargingProfile: {
        id: 9001, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', transactionId: 'tx-1',
        chargingSchedule: [{ id: 9001, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }, { startPeriod: 3600, limit: 16 }] }],
      },
    }]);
    assert.deepEqual([out[1].payload.category, out[1].payload.rule, out[1].payload.applied], ['technicians', 'VAN-*', true]);
    // The transaction ends: its Tx profile goes with it.
    await event('Ended', 2, { triggerReason: 'EVDeparted', transactionInfo: { transactionId: 'tx-1', stoppedReason: 'EVDisconnected' } });
    send({ action: 'list', station: 'CS1' });
    await waitFor(() => out.length === 3, 5000, 'the list');
    assert.deepEqual(out[2].payload.profiles, []);
    send({ action: 'badge', idTag: 'VAN-*', category: 'pilots' });
    send({ action: 'set', station: 'CS1', evseId: 1, profile: { id: 1, stackLevel: 0, purpose: 'Tx', kind: 'Relative', unit: 'A', periods: [{ startPeriod: 0, limit: 8 }] } });
    await waitFor(() => errors.length === 2, 5000, 'two refusals');
    assert.match(errors.map((e) => e.error.message).join('\n'), /no category "pilots"/);
    assert.match(errors.map((e) => e.error.message).join('\n'), /no transaction is running on EVSE 1/);
  });

  it('says why in its status when the configuration is wrong, and routes bad messages to Catch with the reason', async () => {
    // The test helper's RED._ returns the catalog key; the reason travels in the InvalidConfig errors.
    const refusedConfig = async (extra: Record<string, unknown>, reason: RegExp) => {
      const { errors, send } = await start(extra);
      assert.deepEqual(lastStatus('profile'), { fill: 'red', shape: 'ring', text: 'evc-charging-profile.status.invalidConfig' });
      send({ action: 'list', station: 'CP1' });
      await waitFor(() => errors.length === 1, 2000, 'the refusal');
      assert.equal(errors[0].error.code, 'InvalidConfig');
      assert.match(errors[0].error.message, reason);
      await helper.unload();
    };
    await refusedConfig({ badges: [{ idTag: 'TECH-*', category: 'pilots' }] }, /badge rule 1: no category "pilots"/);
    await refusedConfig({ kind: 'Absolute', startSchedule: '', periods: [{ startPeriod: 0, limit: 16.25 }] },
      /the profile: startSchedule: an Absolute profile needs a schedule start .*; periods\[0\]\.limit: a limit is 0 or more/);
    await refusedConfig({ categories: [{ name: 'night', profile: '{"periods": [' }], badges: [] }, /category night: its profile is not valid JSON/);

    const { errors, send } = await start();
    send('set');
    send({ action: 'set', station: 'CP1' });
    send({ action: 'set', station: 'CP1', evseId: 1, profile: { id: 1, kind: 'Weekly', periods: [{ startPeriod: 0, limit: 'max' }] } });
    send({ action: 'composite', station: 'CP1', evseId: 1 });
    send({ action: 'clear', station: 'CP1', purpose: 'ExternalConstraints' });
    send({ action: 'list', station: 'NOBODY' });
    await waitFor(() => errors.length === 6, 5000, 'six errors');
    const caught = errors.map((e) => `${e.error.code} ${String(e.error.message).replace(/^Error: /, '')}`);
    assert.match(caught[0], /^ValidationFailed msg.payload must be an object whose action is one of set, clear, list, composite, badge/);
    assert.match(caught[1], /^ValidationFailed set needs evseId/);
    assert.match(caught[2], /^ValidationFailed profile: kind must be one of Absolute, Recurring, Relative, got "Weekly"; stackLevel is required; purpose is required; unit is required; periods\[0\]\.limit must be a number, got "max"/);
    assert.match(caught[3], /^ValidationFailed composite needs duration/);
    assert.match(caught[4], /^ValidationFailed external constraints belong to an energy management system/);
    assert.match(caught[5], /^UnknownStation Unknown station NOBODY/);
  });

  it('without a CSMS, says so in its status and refuses station requests', async () => {
    await helper.load(nodes, [
      { id: 'f1', type: 'tab' },
      { id: 'profile', z: 'f1', x: 100, y: 100, type: 'evc-charging-profile', ...FORM, categories: CATEGORIES, badges: BADGES, wires: [['out']] },
      { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['profile'], uncaught: false, wires: [['errors']] },
      { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' }, { id: 'errors', z: 'f1', x: 100, y: 100, type: 'helper' },
    ]);
    assert.deepEqual(lastStatus('profile'), { fill: 'red', shape: 'ring', text: 'evc-charging-profile.status.noCsms' });
    const errors: Msg[] = [];
    helper.getNode('errors').on('input', (m: Msg) => errors.push(m));
    helper.getNode('profile').receive({ payload: { action: 'list', station: 'CP1' } });
    await waitFor(() => errors.length === 1, 2000, 'the refusal');
    assert.equal(errors[0].error.code, 'NoCsms');
  });

  it('previews a profile for the editor through its admin endpoint', async () => {
    await helper.load(nodes, flow());
    const ok = await helper.request().post('/evc-charging-profile/preview').send({
      id: 1, stackLevel: 0, purpose: 'TxDefault', kind: 'Relative', unit: 'A', duration: '7200',
      periods: [{ startPeriod: 0, limit: 32 }, { startPeriod: 3600, limit: 16.25 }],
    }).expect(200);
    assert.deepEqual(ok.body.steps, [{ from: 0, to: 3600, limit: 32, unit: 'A' }, { from: 3600, to: 7200, limit: 16.25, unit: 'A' }]);
    assert.equal(ok.body.horizonS, 7200);
    assert.deepEqual(ok.body.problems.map((p: Msg) => p.field), ['periods[1].limit']);
    const bad = await helper.request().post('/evc-charging-profile/preview').send({ id: 1, periods: 'none' }).expect(400);
    assert.match(bad.body.error, /periods must be a list/);
    assert.ok(bad.body.problems.some((p: Msg) => p.field === 'unit' && p.message === 'is required'));
  });

  it('runs its example: virtual stations, profiles set, listed, compared and cleared, a technician\'s badge', async () => {
    const name = '09 - Charging profiles';
    const id = (role: string) => stableId('examples', name, role);
    const flow = (exampleFlows().find(([n]) => n === name)![1] as Msg[]).map((n) => {
      if (n.type === 'evc-csms') return { ...n, port: suite.port, host: '127.0.0.1', persist: false, pingInterval: 0 };
      if (n.type === 'evc-simulator') return { ...n, url: `ws://127.0.0.1:${suite.port}/ocpp` };
      // Debug nodes become helpers the test reads.
      if (n.type === 'debug') return { id: n.id, z: n.z, x: n.x, y: n.y, type: 'helper', wires: [] };
      return n;
    });
    await helper.load(EXAMPLE_NODES, flow);
    const results: Msg[] = [];
    const refused: Msg[] = [];
    helper.getNode(id('result')).on('input', (m: Msg) => results.push(m.payload));
    helper.getNode(id('failure')).on('input', (m: Msg) => refused.push(m.error));
    const csms = (helper.getNode(stableId('examples', 'csms')) as any).csms;
    await waitFor(() => csms.isConnected('PROF001') && csms.isConnected('PROF002'), 10_000, 'the virtual stations');
    const click = async (role: string, what: (r: Msg) => boolean) => {
      helper.getNode(id(role)).receive({});
      return waitFor(() => results.find(what) ?? (refused.length ? assert.fail(JSON.stringify(refused)) : undefined), 5000, role);
    };
    assert.equal((await click('max', (r) => r.action === 'set' && r.station === 'PROF001')).status, 'Accepted');
    assert.equal((await click('default', (r) => r.action === 'set' && r.station === 'PROF002')).status, 'Accepted');
    const tech = await click('tech', (r) => r.action === 'category');
    assert.deepEqual([tech.station, tech.idTag, tech.category, tech.applied, tech.reason], ['PROF001', 'TECH-042', 'technicians', true, undefined]);
    const composite = await click('composite', (r) => r.action === 'composite');
    assert.equal(composite.stationSchedule.unit, 'W');
    assert.ok(composite.stationSchedule.periods[0].limit <= 22000, 'the station maximum caps the technician');
    const listed = await click('list', (r) => r.action === 'list');
    assert.deepEqual([listed.source, listed.profiles.map((p: Msg) => p.id)], ['sent', [2]]);
    const cleared = await click('clear', (r) => r.action === 'clear');
    assert.deepEqual(cleared.cleared, [1]);
  });
});

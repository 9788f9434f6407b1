/**
 * A month of a 4-station park reported to an Advenir-like and a QualiCharge-like receiver that fail now and then,
 * with a crash in the middle (a new engine restored from the saved journal, sessions of the downtime caught up)
 * and an outage of hours of each receiver: every session ends up at each receiver exactly once.
 */
import assert from 'node:assert/strict';
import type { TransactionRow } from '../../lib/archive/backend';
import { ManualClock } from '../../lib/continuity/clock';
import { AdvenirSink } from '../../lib/reporting/advenir';
import { ReportingEngine } from '../../lib/reporting/engine';
import { QualiChargeSink, sessionBody } from '../../lib/reporting/qualicharge';
import { daily } from '../../lib/reporting/schedule';
import type { SessionRecord } from '../../lib/reporting/model';
import { MemoryStore } from '../../lib/reporting/store';
import { Random } from '../../lib/simulator/random';
import { AdvenirReceiver, QualiChargeReceiver } from '../support/reporting-receivers';
import { parkPoints, simulatePark } from '../support/reporting-sim';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 2);
const STATIONS = ['CP01', 'CP02', 'CP03', 'CP04'];
const ALL_FAULTS = ['error500', 'hang', 'hang-after-store', 'drop', 'drop-after-store'] as const;

describe('reporting: a month of sessions, exactly once each', function () {
  this.timeout(120_000);

  it('reaches both receivers once per session across faults, a crash and an outage of each', async () => {
    const clock = new ManualClock(T0);
    const advenir = new AdvenirReceiver({ username: 'op', password: 'secret' }, { seed: 7, rate: 0.25, kinds: [...ALL_FAULTS] });
    const quali = new QualiChargeReceiver({ 'evc-op': 'pw' }, () => clock.now(), { seed: 11, rate: 0.1, kinds: [...ALL_FAULTS] });
    await advenir.start();
    await quali.start();
    const rows = simulatePark({ seed: 42, from: T0, days: 30, sessionsPerDay: 20, stations: STATIONS });
    assert.equal(rows.length, 600);
    const store = new MemoryStore();
    const jitter = new Random(3);
    const make = () => new ReportingEngine({
      clock, store, random: () => jitter.next(), points: { points: parkPoints(STATIONS) },
      backoff: { baseMs: 60_000, maxMs: HOUR },
      sinks: [
        new AdvenirSink({ url: `${advenir.url}/api/operation/put`, username: 'op', password: 'secret', userId: 'c0ffee00-0000-4000-8000-000000000001', schedule: daily('02:00'), timeoutMs: 300 }),
        new QualiChargeSink({ baseUrl: `${quali.url}/api/v1`, auth: { username: 'evc-op', password: 'pw' }, schedule: { everyMs: 4 * HOUR, offsetMs: 2 * HOUR }, timeoutMs: 300, clock }),
      ],
    });
    let engine: ReportingEngine | undefined = make();

    // An operator's daily look at QualiCharge for the sessions the engine could not settle on its own.
    const operator = { confirmed: 0, retried: 0 };
    const operatorCheck = () => {
      for (const e of engine?.entries({ sink: 'qualicharge', state: 'uncertain' }) ?? []) {
        if (!e.held || e.record.kind !== 'session') continue;
        const b = sessionBody(e.record);
        if (quali.copies(String(b.id_pdc_itinerance), String(b.start), String(b.end), Number(b.energy)) > 0) {
          assert.equal(engine?.confirm('qualicharge', e.id), undefined);
          operator.confirmed++;
        } else {
          assert.equal(engine?.retry('qualicharge', e.id), undefined);
          operator.retried++;
        }
      }
    };
    const advanceTo = async (t: number) => {
      while (clock.now() < t) {
        const before = clock.now();
        clock.advance(Math.min(5 * 60_000, t - before));
        await engine?.idle();
        if (new Date(clock.now()).getUTCHours() === 9 && new Date(before).getUTCHours() === 8) operatorCheck();
        await engine?.idle();
      }
    };
    const events: Array<{ at: number; run: () => Promise<void> | void }> = [];
    const crashAt = T0 + 14 * DAY + 2 * HOUR;
    const restartAt = T0 + 14 * DAY + 14 * HOUR;
    let inFlightAtCrash: string[] = [];
    let qualiInFlight = 0;
    events.push({ at: crashAt - 5 * 60_000, run: async () => {
      // Both sinks have a slot at 02:00: the crash comes while their requests are out, stored but unanswered.
      advenir.forced.push('hang-after-store');
      quali.forced.push('hang-after-store');
      clock.advance(5 * 60_000);
      const sentIn = (sink: string) => (store.load()?.entries ?? []).some((e) => e.sink === sink && e.state === 'sent');
      for (let i = 0; i < 400 && !(sentIn('advenir') && sentIn('qualicharge')); i++) await quietly(() => undefined, 5);
      engine?.stop();
      const saved = store.load()?.entries ?? [];
      inFlightAtCrash = saved.filter((e) => e.sink === 'advenir' && e.state === 'sent').map((e) => advenirKey(e.record as SessionRecord));
      qualiInFlight = saved.filter((e) => e.sink === 'qualicharge' && e.state === 'sent').length;
      engine = undefined;
      await quietly(() => undefined, 400);
    } });
    events.push({ at: restartAt, run: () => {
      engine = make();
      const from = engine.catchUpFrom();
      assert.ok(from);
      const archived = rows.filter((r) => Date.parse(r.stoppedAt as string) <= clock.now() && (r.startedAt as string) >= from);
      const caught = engine.catchUp(archived);
      assert.ok(caught.queued > 0, 'sessions of the downtime are queued');
      assert.equal(caught.failed, 0);
    } });
    events.push({ at: T0 + 19 * DAY + 30 * 60_000, run: () => advenir.stop() });
    events.push({ at: T0 + 19 * DAY + 9 * HOUR, run: () => advenir.start() });
    events.push({ at: T0 + 22 * DAY + 3 * HOUR, run: () => quali.stop() });
    events.push({ at: T0 + 22 * DAY + 15 * HOUR, run: () => quali.start() });

    const feed: Array<{ at: number; row: TransactionRow }> = rows.map((row) => ({ at: Date.parse(row.stoppedAt as string), row }));
    const timeline = [...feed.map((f) => ({ at: f.at, run: () => { if (engine) engine.addSession(f.row); } })), ...events].sort((a, b) => a.at - b.at);
    for (const step of timeline) {
      await advanceTo(step.at);
      await step.run();
      await engine?.idle();
    }
    await advanceTo(T0 + 32 * DAY + 10 * HOUR);
    operatorCheck();
    await engine?.pump();
    await advanceTo(clock.now() + 2 * HOUR);

    const live = engine as ReportingEngine | undefined;
    assert.ok(live);
    for (const sink of ['advenir', 'qualicharge']) {
      const entries = live.entries({ sink });
      assert.equal(entries.length, 600, `${sink} journaled every session`);
      const pending = entries.filter((e) => e.state !== 'acknowledged');
      assert.deepEqual(pending.map((e) => `${e.id} ${e.state} ${e.reason ?? ''}`), [], `${sink}: all acknowledged`);
    }
    const records = live.sessions('advenir');
    // Advenir-like: one stored transaction per session, with the right readings.
    assert.equal(advenir.stored.size, 600);
    for (const r of records) {
      const stored = advenir.stored.get(advenirKey(r));
      assert.ok(stored, `advenir holds ${r.id}`);
      assert.deepEqual(stored.value, { StartTransaction: Math.floor(Date.parse(r.start) / 1000), StopTransaction: Math.floor(Date.parse(r.end) / 1000), StartValue: r.meterStartWh, StopValue: r.meterStopWh });
    }
    // A PUT replaces, so repeats are harmless; still, a record answered 2xx is only sent again after the crash.
    const okCount = new Map<string, number>();
    for (const d of advenir.deliveries) if (d.stored && !d.fault) d.keys.forEach((k) => okCount.set(k, (okCount.get(k) ?? 0) + 1));
    const repeated = [...okCount].filter(([, n]) => n > 1).map(([k]) => k);
    assert.deepEqual(repeated.filter((k) => !inFlightAtCrash.includes(k)), []);
    // QualiCharge-like: a POST adds a row each time, so exactly one row per session is the real test.
    assert.equal(quali.sessions.length, 600);
    for (const r of records) {
      const b = sessionBody(r);
      assert.equal(quali.copies(String(b.id_pdc_itinerance), String(b.start), String(b.end), Number(b.energy)), 1, `one copy of ${r.id}`);
    }
    // The schedule did exercise every kind of failure, at both receivers.
    for (const receiver of [advenir, quali]) {
      const seen = new Set(receiver.deliveries.map((d) => d.fault).filter(Boolean));
      assert.ok(seen.size >= 4, `faults seen: ${[...seen].join(', ')}`);
    }
    // The scenario did what it says: requests out at the crash, sessions settled by the operator both ways,
    // refused connections during the outages.
    assert.ok(inFlightAtCrash.length > 0 && qualiInFlight > 0, `in flight at the crash: ${inFlightAtCrash.length} + ${qualiInFlight}`);
    assert.ok(operator.confirmed > 0 && operator.retried > 0, JSON.stringify(operator));
    for (const sink of ['advenir', 'qualicharge']) {
      const refused = live.entries({ sink }).filter((e) => e.log.some((l) => l.detail?.includes('ECONNREFUSED')));
      assert.ok(refused.length > 0, `${sink} met its receiver down`);
    }
    const summary = live.summary();
    assert.deepEqual(summary.map((s) => [s.sink, s.acknowledged, s.failed, s.uncertain, s.queued]), [['advenir', 600, 0, 0, 0], ['qualicharge', 600, 0, 0, 0]]);
    live.stop();
    await advenir.stop();
    await quali.stop();
  });
});

function advenirKey(r: SessionRecord): string {
  return `${r.idPdc}/${r.transactionId}`;
}

/** Lets real I/O (requests left in flight by a crash) settle. */
function quietly(fn: () => void, ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(() => { fn(); resolve(); }, ms));
}

/**
 * Smoke test of the alarm-storm benchmark: the compiled entry point on a tiny storm (10 stations, one round of a
 * few seconds), as `npm run bench -- --only alarms --quick` runs it. Checks the report's shape and what must hold
 * whatever the speed: no call failed, every StatusNotification answered, the damping counts exactly as expected.
 * No timing is asserted.
 */
import assert from 'node:assert/strict';
import path from 'path';
import { assertWaitShares, leftoverChildren as leftover, runBench } from '../support/bench';
import { AlarmBenchReport, formatAlarmReport } from '../../bench/alarms';
import { QUICK, togglePeriodS } from '../../bench/alarms/options';
import { expectedAlarms } from '../../bench/alarms/report';

const CHILD_FILE = path.resolve(__dirname, '../../bench/alarms/child.js');

function assertPositive(value: unknown, what: string): void {
  assert.equal(typeof value, 'number', `${what} is not a number: ${String(value)}`);
  assert.ok(Number.isFinite(value) && (value as number) > 0, `${what} is not a positive number: ${String(value)}`);
}

describe('alarm-storm benchmark (tiny)', function () {
  this.timeout(120_000);
  let report: AlarmBenchReport;

  before(async () => {
    const { code, stdout, stderr } = await runBench(['--only', 'alarms', '--quick', '--json']);
    assert.equal(code, 0, `benchmark exited with ${code}:\n${stderr}`);
    const json = JSON.parse(stdout) as { alarms?: AlarmBenchReport; servers?: unknown; planner?: unknown };
    assert.equal(json.servers, undefined, '--only alarms ran the OCPP benchmark too');
    assert.equal(json.planner, undefined, '--only alarms ran the planner benchmark too');
    assert.ok(json.alarms, 'no alarms report');
    report = json.alarms;
  });

  it('runs the quick storm: a dead-band longer than the toggle period, so the damping goal applies', () => {
    assert.deepEqual(report.options, QUICK);
    assert.ok(QUICK.deadBandS > togglePeriodS(QUICK));
    assert.deepEqual(report.expected, expectedAlarms(QUICK));
    assert.equal(report.storms.rounds.length, QUICK.rounds);
    assert.equal(report.storms.storms, QUICK.rounds);
  });

  it('measures StatusNotification latency with the router off and on, every call answered', () => {
    for (const m of ['off', 'on'] as const) {
      const f = report.storms[m];
      assertPositive(f.achievedPerSec, `${m} achievedPerSec`);
      for (const key of ['p50Ms', 'p99Ms', 'maxMs'] as const) assertPositive(f[key], `${m} ${key}`);
      assert.equal(f.errors + f.unfinished, 0, `${m}: calls failed`);
      assertWaitShares(f, m);
      const calls = report.storms.calls[m];
      assert.ok(calls.sent > 0, `${m}: no StatusNotification sent`);
      assert.equal(calls.answered, calls.sent, `${m}: StatusNotification answered / sent`);
    }
  });

  it('damps the storm to one activation per station and storm, e-mailed once, returned once', () => {
    const { stations, rounds } = QUICK;
    const { alarms, calls } = report.storms;
    assert.ok(calls.on.faults > stations * rounds, 'each station faulted more than once per storm, or there is nothing to damp');
    assert.deepEqual(alarms.transitions, { unacknowledged: stations * rounds, returned: stations * rounds });
    assert.deepEqual(alarms.routed, { email: stations * rounds, mqtt: 2 * stations * rounds });
    assert.deepEqual(alarms.raisedByType, { fault: stations * rounds });
    assert.equal(alarms.alarmIds, stations);
  });

  it('judges the three goals, damping and no errors passing whatever the speed', () => {
    assert.equal(report.goals.length, 3);
    for (const g of report.goals) assert.equal(typeof g.pass, 'boolean');
    assert.match(report.goals[0].goal, /storm damped as configured/);
    assert.equal(report.goals[0].pass, true, report.goals[0].measured);
    assert.match(report.goals[1].goal, /StatusNotification p99/);
    assert.match(report.goals[2].goal, /no errors/);
    assert.equal(report.goals[2].pass, true, report.goals[2].measured);
    assertPositive(report.ratios.find((r) => r.metric === 'p99 ms router on / off')?.value, 'ratio p99 on / off');
    assert.deepEqual(report.notes, []);
  });

  it('prints both tables and the goals', () => {
    const text = formatAlarmReport(report);
    assert.match(text, /StatusNotification latency\s+router off\s+router on\s+on\/off/);
    // An exact 1.00 prints no verdict word.
    assert.match(text, /^p99 ms \(all rounds\)\s+[\d.]+\s+[\d.]+\s+[\d.]+( (better|worse))?$/m);
    assert.match(text, /^server loop waiting for a CPU, % of window\s+[\d.]+\s+[\d.]+$/m);
    assert.match(text, /^-> unacknowledged \(raised\)\s+10\s+10$/m);
    assert.match(text, /^e-mails routed\s+10\s+10$/m);
    assert.match(text, /\[PASS\] storm damped as configured/);
    assert.match(text, /\[(PASS|FAIL)\] alarm router adds < 20% \(or < 1 ms\) to StatusNotification p99/);
    assert.match(text, /\[PASS\] no errors/);
  });

  it('leaves no child process behind', () => {
    assert.deepEqual(leftover([CHILD_FILE]), []);
  });
});

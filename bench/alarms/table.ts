/** Plain-text rendering of the alarm-storm report: router off / on side by side, the alarms, then the goals. */
import { onOffLatencyRows } from '../ocpp/on-off-table';
import { render } from '../ocpp/table';
import type { AlarmBenchReport } from './report';

function latencyTable(report: AlarmBenchReport): string {
  const { on, off, calls, rounds } = report.storms;
  return render([
    ['StatusNotification latency', 'router off', 'router on', 'on/off'],
    ...onOffLatencyRows(off, on, rounds, report.ratios, 'router'),
    ['answered / sent (whole run)', `${calls.off.answered} / ${calls.off.sent}`, `${calls.on.answered} / ${calls.on.sent}`],
  ]);
}

function alarmsTable(report: AlarmBenchReport): string {
  const { alarms, calls } = report.storms;
  const e = report.expected;
  const rows: string[][] = [['alarms (router on, whole run)', 'counted', 'expected']];
  const line = (label: string, value: number | undefined, expected: number | undefined): void => {
    rows.push([label, String(value ?? 0), expected === undefined ? '-' : String(expected)]);
  };
  line('faults sent (Faulted calls)', calls.on.faults, undefined);
  line('-> unacknowledged (raised)', alarms.transitions.unacknowledged, e?.raised);
  line('-> returned', alarms.transitions.returned, e?.returned);
  for (const [state, n] of Object.entries(alarms.transitions)) {
    if (state !== 'unacknowledged' && state !== 'returned') line(`-> ${state}`, n, e ? 0 : undefined);
  }
  line('e-mails routed', alarms.routed.email, e?.email);
  line('MQTT messages routed', alarms.routed.mqtt, e?.mqtt);
  line('distinct alarm ids', alarms.alarmIds, e?.alarmIds);
  rows.push(['raised by type', Object.entries(alarms.raisedByType).map(([type, n]) => `${type} ${n}`).join(', ') || '-', e ? `fault ${e.raised}` : '-']);
  return render(rows);
}

export function formatAlarmReport(report: AlarmBenchReport): string {
  const { options: o, environment: e } = report;
  const lines = [
    `Alarm-storm benchmark — ${o.stations} stations per CSMS faulting and recovering ${o.perMinute} times a minute ` +
      `(StatusNotification at ${report.ratePerSec}/s), ${o.rounds} round(s) of ${o.seconds} s windows (${o.warmup} s warm-up): ` +
      'latency over every call of the rounds, CPU median',
    `${e.platform}, ${e.cpus} × ${e.cpuModel}, node ${e.node}, load average at start ${e.loadAverage.join(' ')}`,
    `router on: AlarmService with a ${o.deadBandS} s dead-band and a flood cap of ${o.flood} a minute per station, every raise ` +
      'to e-mail and every transition to MQTT; the peer is the same Csms without it',
    '',
    latencyTable(report),
    '',
    alarmsTable(report),
    ...report.notes.map((n) => `note: ${n}`),
    '',
    'goals (alarms):',
    ...report.goals.map((g) => `  [${g.pass ? 'PASS' : 'FAIL'}] ${g.goal}: ${g.measured}`),
  ];
  return lines.join('\n');
}

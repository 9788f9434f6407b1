/** Plain-text rendering of the archive report: the ingest paths side by side, then archive off / on, then the goals. */
import { onOffLatencyRows } from '../ocpp/on-off-table';
import { fmt, fmtRatio, render } from '../ocpp/table';
import type { ArchiveBenchReport } from './report';
import type { IngestFigures } from './rows-phase';

const ratioNamed = (report: ArchiveBenchReport, metric: string): string => fmtRatio(report.ratios.find((r) => r.metric === metric));

function rowsTable(report: ArchiveBenchReport): string {
  const { whole, sqlite, naive } = report.rows;
  const rows: string[][] = [['meter rows', 'journal+SQLite', 'SQLite alone', 'naive 1 INSERT/row', 'ours/naive', 'SQLite/naive']];
  const line = (label: string, read: (f: IngestFigures) => number | undefined, ratios: [string, string] = ['', '']): void => {
    rows.push([label, fmt(read(whole)), fmt(read(sqlite)), fmt(read(naive)), ...ratios]);
  };
  line('rows/s', (f) => f.rowsPerSec, [
    ratioNamed(report, 'rows/s journal+SQLite / naive'), ratioNamed(report, 'rows/s SQLite alone / naive'),
  ]);
  line('ms per run', (f) => f.ms);
  line('journal µs per row', (f) => f.journalUsPerRow);
  line('journal % of the run', (f) => f.journalPercent);
  if (report.options.rowsRounds > 1) {
    rows.push(['rows/s per round', ...(['whole', 'sqlite', 'naive'] as const).map((p) => report.rows.rounds.map((r) => Math.round(r[p].rowsPerSec)).join(' '))]);
  }
  return render(rows);
}

function latencyTable(report: ArchiveBenchReport): string {
  const { on, off, rounds } = report.latency;
  return render([
    ['MeterValues latency', 'archive off', 'archive on', 'on/off'],
    ...onOffLatencyRows(off, on, rounds, report.ratios, 'archive'),
    ['rows archived / MeterValues answered', '', `${report.latency.archivedRows} / ${report.latency.meterValuesAnswered}`],
  ]);
}

export function formatArchiveReport(report: ArchiveBenchReport): string {
  const { options: o, environment: e } = report;
  const lines = [
    `Archive benchmark — ${o.rows} meter rows (${o.samples} samples per record, ${o.stations} transactions), ` +
      `writer batches of ${o.batch} records or ${o.flushMs} ms, median of ${o.rowsRounds} round(s); MeterValues at ${o.rate}/s from ` +
      `${o.stations} stations, ${o.rounds} round(s) of ${o.seconds} s windows (${o.warmup} s warm-up): latency over every call of the rounds, CPU median`,
    `${e.platform}, ${e.cpus} × ${e.cpuModel}, node ${e.node}, load average at start ${e.loadAverage.join(' ')}`,
    'a real SQLite file in the temp folder (WAL, synchronous NORMAL); the naive peer uses the same table and pragmas',
    '',
    rowsTable(report),
    '',
    latencyTable(report),
    '',
    'goals (archive):',
    ...report.goals.map((g) => `  [${g.pass ? 'PASS' : 'FAIL'}] ${g.goal}: ${g.measured}`),
  ];
  return lines.join('\n');
}

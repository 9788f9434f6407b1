/** The archive benchmark's figures, its ratios (ours / naive peer, archive on / off) and its two goals. */
import type { Environment } from '../environment';
import type { Goal, Ratio } from '../ocpp/report';
import type { ResampledRatio } from '../ocpp/resampled-ratio';
import { round } from '../ocpp/stats';
import type { LatencyPhaseFigures } from './latency-phase';
import type { ArchiveBenchOptions } from './options';
import type { RowsFigures } from './rows-phase';

export interface ArchiveBenchReport {
  options: ArchiveBenchOptions;
  environment: Environment;
  rows: RowsFigures;
  latency: LatencyPhaseFigures;
  ratios: Ratio[];
  goals: Goal[];
}

export const ROWS_GOAL = 20_000;
export const P99_GOAL = 1.2;

const ratio = (a: number, b: number): number => (b === 0 ? NaN : round(a / b, 2));

/** The ratio's spread over the rounds, when there are enough of them to draw from. */
function spreadOf(r: ResampledRatio): string {
  if (!Number.isFinite(r.low) || r.low === r.high) return '';
  return ` (rounds drawn again ${r.draws} times: 90 % of the ratios between ${r.low.toFixed(2)} and ${r.high.toFixed(2)})`;
}

function ratiosOf(rows: RowsFigures, latency: LatencyPhaseFigures): Ratio[] {
  const { on, off } = latency;
  return [
    { metric: 'rows/s journal+SQLite / naive', value: ratio(rows.whole.rowsPerSec, rows.naive.rowsPerSec), better: 'higher' },
    { metric: 'rows/s SQLite alone / naive', value: ratio(rows.sqlite.rowsPerSec, rows.naive.rowsPerSec), better: 'higher' },
    { metric: 'rows/s journal+SQLite / SQLite alone', value: ratio(rows.whole.rowsPerSec, rows.sqlite.rowsPerSec), better: 'higher' },
    { metric: 'p50 ms archive on / off', value: ratio(on.p50Ms, off.p50Ms), better: 'lower' },
    { metric: 'p99 ms archive on / off', value: ratio(on.p99Ms, off.p99Ms), better: 'lower' },
    { metric: 'max ms archive on / off', value: ratio(on.maxMs, off.maxMs), better: 'lower' },
    { metric: 'server CPU % archive on / off', value: ratio(on.serverCpuPercent, off.serverCpuPercent), better: 'lower' },
  ];
}

function goalsOf(o: ArchiveBenchOptions, rows: RowsFigures, latency: LatencyPhaseFigures, ratios: Ratio[]): Goal[] {
  const p99 = ratios.find((r) => r.metric === 'p99 ms archive on / off')?.value ?? NaN;
  const { on, off } = latency;
  const complete = latency.archivedRows === latency.meterValuesAnswered;
  return [
    {
      goal: `meter rows into SQLite with batching (journal+SQLite) >= ${ROWS_GOAL} rows/s`,
      measured: `${rows.whole.rowsPerSec} rows/s`,
      pass: rows.whole.rowsPerSec >= ROWS_GOAL,
    },
    {
      goal: `archive adds < ${Math.round((P99_GOAL - 1) * 100)}% to MeterValues p99 at ${o.rate} calls/s` +
        (o.rate === 1000 ? '' : ' (goal is set at 1000 calls/s)'),
      measured: `${on.p99Ms} / ${off.p99Ms} ms = ${p99.toFixed(2)}${spreadOf(latency.p99RatioResampled)}` +
        (complete ? '' : `, only ${latency.archivedRows} of ${latency.meterValuesAnswered} rows archived`),
      // An archive that dropped rows or calls that failed would make the comparison meaningless.
      pass: p99 < P99_GOAL && complete && on.errors + on.unfinished + off.errors + off.unfinished === 0,
    },
  ];
}

export function buildArchiveReport(options: ArchiveBenchOptions, environment: Environment, rows: RowsFigures, latency: LatencyPhaseFigures): ArchiveBenchReport {
  const ratios = ratiosOf(rows, latency);
  return { options, environment, rows, latency, ratios, goals: goalsOf(options, rows, latency, ratios) };
}

/**
 * The latency rows of the side-by-side benchmarks that run one CSMS with a feature on and one with it off (the
 * archive, the alarm router): the same figures, the same ratios, named after the feature.
 */
import type { Ratio } from './report';
import { median } from './stats';
import { fmt, fmtRatio } from './table';
import type { LatencyFigures, OnOffRound } from './window-figures';

export function onOffLatencyRows(
  off: LatencyFigures, on: LatencyFigures, rounds: readonly OnOffRound[], ratios: readonly Ratio[], feature: string,
): string[][] {
  const ratioOf = (metric: string): string => fmtRatio(ratios.find((r) => r.metric === `${metric} ${feature} on / off`));
  const line = (label: string, read: (f: LatencyFigures) => number, metric?: string): string[] =>
    [label, fmt(read(off)), fmt(read(on)), metric ? ratioOf(metric) : ''];
  const rows = [
    line('achieved calls/s', (f) => f.achievedPerSec),
    line('p50 ms (all rounds)', (f) => f.p50Ms, 'p50 ms'),
    line('p99 ms (all rounds)', (f) => f.p99Ms, 'p99 ms'),
    line('max ms (all rounds)', (f) => f.maxMs, 'max ms'),
    line('server CPU %', (f) => f.serverCpuPercent, 'server CPU %'),
    // Time the machine kept each event loop waiting while it had work: on a shared virtual machine, where the tail
    // of both modes usually comes from.
    line('server loop waiting for a CPU, % of window', (f) => f.serverWaitPercent),
    line('load loop waiting for a CPU, % of window', (f) => f.loaderWaitPercent),
  ];
  if (rounds.length > 1) {
    // Three figures, not one per round: sixty rounds in a cell would stretch every column of the table.
    const spread = (p99s: number[]): string => [Math.min(...p99s), median(p99s), Math.max(...p99s)].map(fmt).join(' / ');
    rows.push(['p99 ms of a round: lowest / median / highest', ...(['off', 'on'] as const).map((m) => spread(rounds.map((r) => r[m].p99Ms)))]);
  }
  rows.push(['errors / unfinished', `${off.errors}/${off.unfinished}`, `${on.errors}/${on.unfinished}`]);
  return rows;
}

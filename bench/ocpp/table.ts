/** Plain-text rendering of the report: one column per server, then the ratios, then the goals. */
import { SERVER_KINDS, SERVER_LABELS, ServerKind } from './kinds';
import { OcppBenchReport, Ratio, ServerFigures, metricsOf } from './report';

// Reports read back from JSON carry null where a figure was NaN.
export function fmt(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '-';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function fmtRatio(r: Ratio | undefined): string {
  if (!r || typeof r.value !== 'number' || !Number.isFinite(r.value)) return '-';
  const better = r.better === 'higher' ? r.value > 1 : r.value < 1;
  const verdict = r.value === 1 ? '' : better ? ' better' : ' worse';
  return `${r.value.toFixed(2)}${verdict}`;
}

export function render(rows: string[][]): string {
  const widths = rows[0].map((_c, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd())
    .join('\n');
}

export function formatReport(report: OcppBenchReport): string {
  const { options, servers, ratios, environment } = report;
  const kinds = SERVER_KINDS.filter((k) => servers[k]);
  const figures = kinds.map((k) => servers[k] as ServerFigures);
  const header = ['metric', ...kinds.map((k) => SERVER_LABELS[k])];
  const withRatios = Boolean(ratios.vsPlain || ratios.vsStrict);
  if (withRatios) header.push('ours/ocpp-rpc', 'ours/strict');
  const rows: string[][] = [header];

  metricsOf(options).forEach((m, i) => {
    const row = [m.metric, ...figures.map((f) => fmt(m.read(f)))];
    if (withRatios) row.push(fmtRatio(ratios.vsPlain?.[i]), fmtRatio(ratios.vsStrict?.[i]));
    rows.push(row);
  });
  const info = (label: string, read: (f: ServerFigures) => number | string): void => {
    rows.push([label, ...figures.map((f) => String(read(f)))]);
  };
  info('throughput server CPU %', (f) => f.throughput.serverCpuPercent);
  info('throughput load-process CPU %', (f) => f.throughput.loaderCpuPercent);
  info('throughput other-process CPU %', (f) => f.throughput.otherCpuPercent);
  info('ceiling server / farm CPU %', (f) => `${f.ceiling.serverCpuPercent} / ${f.ceiling.farmCpuPercent}`);
  if (options.rounds > 1) {
    info('throughput calls/s per round', (f) => f.rounds.map((r) => Math.round(r.throughput.callsPerSec)).join(' '));
    info('@rate p99 ms per round', (f) => f.rounds.map((r) => fmt(r.rate.p99Ms)).join(' '));
  }
  info('errors (loop / rate / unfinished / ceiling)', (f) => `${f.throughput.errors}/${f.rate.errors}/${f.rate.unfinished}/${f.ceiling.errors}`);
  options.idle.forEach((n, i) => info(`idle ${n}: open / RSS MB`, (f) => {
    const m = f.memory[i];
    return m ? `${m.open} / ${fmt(m.rssMb)}` : '-';
  }));
  info('startup ms', (f) => f.startupMs);

  const lines = [
    `OCPP 1.6 server benchmark — ${options.clients} clients, ${options.seconds} s windows (${options.warmup} s warm-up), ` +
      `median of ${options.rounds} round(s), ` +
      `fixed rate ${options.rate}/s, idle ${options.idle.join(' and ')}`,
    `${environment.platform}, ${environment.cpus} × ${environment.cpuModel}, node ${environment.node}, ` +
      `load average at start ${environment.loadAverage.join(' ')}`,
    'mix: 70% MeterValues (4 sampled values), 20% Heartbeat, 10% StatusNotification; ratios are ours / peer',
    `ceiling: ${options.ceilingStations} bare stations per server, ${options.ceilingRounds} alternating ${options.ceilingSeconds} s windows; ` +
      'calls per CPU-second count the server\'s user and system time; ours validates every call, plain ocpp-rpc none',
    '',
    render(rows),
  ];
  if (options.ceilingRounds > 1) {
    // Ten rounds would stretch the table's columns: listed below it, one line each.
    lines.push('', 'ceiling calls / CPU-second, round by round:');
    kinds.forEach((k, i) => lines.push(`  ${SERVER_LABELS[k]}: ${figures[i].ceiling.rounds.map((w) => w.perCpuSecond).join(' ')}`));
    const { vsPlain, vsStrict } = report.ceilingRatios;
    if (vsPlain?.length) lines.push(`  ours / ocpp-rpc: ${vsPlain.map((r) => r.toFixed(2)).join(' ')}`);
    if (vsStrict?.length) lines.push(`  ours / ocpp-rpc strict: ${vsStrict.map((r) => r.toFixed(2)).join(' ')}`);
  }
  const warnings = warningsOf(kinds, figures);
  if (warnings.length) lines.push('', ...warnings.map((w) => `note: ${w}`));
  if (report.goals.length) {
    lines.push('', 'goals (ours):');
    for (const g of report.goals) lines.push(`  [${g.pass ? 'PASS' : 'FAIL'}] ${g.goal}: ${g.measured}`);
  }
  return lines.join('\n');
}

function warningsOf(kinds: ServerKind[], figures: ServerFigures[]): string[] {
  const out: string[] = [];
  figures.forEach((f, i) => {
    const name = SERVER_LABELS[kinds[i]];
    if (f.throughput.loaderCpuPercent >= 90 && f.throughput.serverCpuPercent < 90) {
      out.push(`${name}: the load process was saturated before the server; its throughput is a lower bound`);
    }
    if (f.throughput.otherCpuPercent >= 20) {
      out.push(`${name}: other processes used ${f.throughput.otherCpuPercent}% of a core during its throughput runs; expect noise`);
    }
    if (f.throughput.errors || f.rate.errors || f.rate.unfinished || f.ceiling.errors) out.push(`${name}: calls failed or went unanswered`);
    for (const m of f.memory) {
      if (m.open !== m.connections) out.push(`${name}: ${m.open} of ${m.connections} idle connections were open`);
    }
  });
  return out;
}

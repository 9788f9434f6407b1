/**
 * Entry point of the benchmarks (`npm run bench`): the OCPP server benchmark, the archive benchmark, the allocator
 * benchmark, the planner benchmark, the alarm-storm benchmark and the scale benchmark, or the ones `--only` names. Prints the figures;
 * writes nothing. Progress goes to stderr so `--json` leaves stdout to the JSON alone.
 */
import { AlarmBenchReport, formatAlarmReport, runAlarmBench } from './alarms';
import { AllocationBenchReport, formatAllocationReport, runAllocationBench } from './allocation';
import { runArchiveBench } from './archive';
import { ArchiveBenchReport } from './archive/report';
import { formatArchiveReport } from './archive/table';
import { formatPlannerReport, PlannerBenchReport, runPlannerBench } from './planner';
import { BenchCli, parseBenchArgs } from './cli';
import { guardChildren, killAllChildren } from './ocpp/children';
import { runOcppBench } from './ocpp';
import { OcppBenchReport } from './ocpp/report';
import { formatReport } from './ocpp/table';
import { formatScaleReport, runScaleBench, ScaleBenchReport } from './scale';

/**
 * The JSON output: the OCPP report's fields at the top level, as before the archive benchmark existed (readers of
 * that report keep working), and each other benchmark's report under its name (`archive`, `allocation`, `planner`, `alarms`).
 */
type BenchJson = Partial<OcppBenchReport> & {
  archive?: ArchiveBenchReport; allocation?: AllocationBenchReport; planner?: PlannerBenchReport; alarms?: AlarmBenchReport; scale?: ScaleBenchReport;
};

async function main(): Promise<void> {
  let cli: BenchCli;
  try {
    cli = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  guardChildren();
  const log = (line: string): void => { process.stderr.write(line + '\n'); };
  const ocpp = cli.only.includes('ocpp') ? await runOcppBench(cli.ocpp, log) : undefined;
  const archive = cli.only.includes('archive') ? await runArchiveBench(cli.archive, log) : undefined;
  const allocation = cli.only.includes('allocation') ? await runAllocationBench(cli.allocation, log) : undefined;
  const planner = cli.only.includes('planner') ? await runPlannerBench(cli.planner, log) : undefined;
  const alarms = cli.only.includes('alarms') ? await runAlarmBench(cli.alarms, log) : undefined;
  const scale = cli.only.includes('scale') ? await runScaleBench(cli.scale, log) : undefined;
  let text: string;
  if (cli.json) text = JSON.stringify({ ...ocpp, archive, allocation, planner, alarms, scale } satisfies BenchJson, null, 2);
  else {
    text = [ocpp && formatReport(ocpp), archive && formatArchiveReport(archive), allocation && formatAllocationReport(allocation), planner && formatPlannerReport(planner),
      alarms && formatAlarmReport(alarms), scale && formatScaleReport(scale)]
      .filter(Boolean).join('\n\n');
  }
  await new Promise<void>((resolve) => process.stdout.write(text + '\n', () => resolve()));
}

main().then(
  () => {
    killAllChildren();
    // Client sockets being torn down must not keep a finished run alive.
    process.exit(process.exitCode ?? 0);
  },
  (err: unknown) => {
    console.error(`benchmark failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    killAllChildren();
    process.exit(1);
  },
);

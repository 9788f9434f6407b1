/** The command line of `npm run bench`: which benchmarks run, the output form, and each benchmark's own flags. */
import { Parsed, parseArgs as parseFlags } from '../bin/args';
import { ALARMS_FLAGS, ALARMS_USAGE, AlarmBenchOptions, alarmsOptionsFrom } from './alarms/options';
import { ARCHIVE_FLAGS, ARCHIVE_USAGE, ArchiveBenchOptions, archiveOptionsFrom } from './archive/options';
import { ALLOCATION_FLAGS, ALLOCATION_USAGE, AllocationBenchOptions, allocationOptionsFrom } from './allocation';
import { OCPP_FLAGS, OCPP_USAGE, OcppBenchOptions, ocppOptionsFrom } from './ocpp/options';
import { PLANNER_FLAGS, PLANNER_USAGE, PlannerBenchOptions, plannerOptionsFrom } from './planner';
import { SCALE_FLAGS, SCALE_USAGE, ScaleBenchOptions, scaleOptionsFrom } from './scale/options';

export type BenchName = 'ocpp' | 'archive' | 'allocation' | 'planner' | 'alarms' | 'scale';

export const BENCH_NAMES: readonly BenchName[] = ['ocpp', 'archive', 'allocation', 'planner', 'alarms', 'scale'];

export interface BenchCli {
  /** The benchmarks to run, in the order they run. */
  only: BenchName[];
  json: boolean;
  ocpp: OcppBenchOptions;
  archive: ArchiveBenchOptions;
  allocation: AllocationBenchOptions;
  planner: PlannerBenchOptions;
  alarms: AlarmBenchOptions;
  scale: ScaleBenchOptions;
}

const indent = (text: string): string => text.replace(/\n/g, '\n               ');

export const USAGE = `usage: node dist/bench/run.js [--only ocpp,archive,allocation,planner,alarms,scale] [--quick] [--json] [--cpu-prof-dir DIR] [--help]
  OCPP server: ${indent(OCPP_USAGE)}
  archive:     ${indent(ARCHIVE_USAGE)}
  allocation:  ${indent(ALLOCATION_USAGE)}
  planner:     ${indent(PLANNER_USAGE)}
  alarms:      ${indent(ALARMS_USAGE)}
  scale:       ${indent(SCALE_USAGE)}`;

// Parsed at once so a flag of either benchmark is known whichever runs; --cpu-prof-dir serves both.
const FLAGS = { quick: 'boolean', json: 'boolean', help: 'boolean', only: 'string', ...OCPP_FLAGS, ...ARCHIVE_FLAGS, ...ALLOCATION_FLAGS, ...PLANNER_FLAGS, ...ALARMS_FLAGS, ...SCALE_FLAGS } as const;

export function parseBenchArgs(argv: string[]): BenchCli {
  let o: Parsed;
  try {
    o = parseFlags(argv.map((a) => (a === '-h' ? '--help' : a)), FLAGS);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`);
  }
  if (o.help) throw new Error(USAGE);
  let only = [...BENCH_NAMES];
  if (o.only !== undefined) {
    const wanted = String(o.only).split(',');
    const unknown = wanted.filter((n) => !BENCH_NAMES.includes(n as BenchName));
    if (unknown.length || wanted.length === 0) throw new Error(`--only takes ${BENCH_NAMES.join(',')}\n${USAGE}`);
    only = BENCH_NAMES.filter((n) => wanted.includes(n));
  }
  return {
    only, json: o.json === true, ocpp: ocppOptionsFrom(o, USAGE), archive: archiveOptionsFrom(o, USAGE), allocation: allocationOptionsFrom(o, USAGE),
    planner: plannerOptionsFrom(o, USAGE), alarms: alarmsOptionsFrom(o, USAGE), scale: scaleOptionsFrom(o, USAGE),
  };
}

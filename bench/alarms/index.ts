/**
 * The alarm-storm benchmark: a fleet of stations faulting and recovering over and over, against our Csms with the
 * alarm router on and against the same Csms without it. Is the storm damped as the board is configured (one
 * activation per station while its faults chatter within the dead-band), and does routing it slow the OCPP path?
 */
import { readEnvironment } from '../environment';
import type { Log } from '../ocpp/load-phase';
import { measureStorms } from './latency-phase';
import { AlarmBenchOptions } from './options';
import { AlarmBenchReport, buildAlarmReport } from './report';

export { formatAlarmReport } from './table';
export type { AlarmBenchReport } from './report';

export async function runAlarmBench(options: AlarmBenchOptions, log: Log = () => undefined): Promise<AlarmBenchReport> {
  const environment = readEnvironment();
  log(`alarm storm: ${options.rounds} round(s), router off and on`);
  const storms = await measureStorms(options, log);
  return buildAlarmReport(options, environment, storms);
}

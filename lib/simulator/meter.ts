/** The meter readings of a connector as version-neutral samples; each dialect writes them in its own shape. */
import { Connector } from './connector';
import { Random } from './random';

export type ReadingContext = 'Sample.Periodic' | 'Transaction.Begin' | 'Transaction.End' | 'Trigger' | 'Other';

export interface Sample {
  measurand: string;
  value: number;
  unit: string;
  phase?: string;
  location?: string;
}

/** What the station can measure, in the order it reports it. */
export const SUPPORTED_MEASURANDS = [
  'Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import', 'Voltage', 'SoC',
] as const;

/** What a transaction begins and ends with (1.6 StopTxnSampledData, 2.0.1 TxStartedMeasurands / TxEndedMeasurands). */
export const EDGE_MEASURANDS = ['Energy.Active.Import.Register', 'SoC'];

const PHASES = ['L1', 'L2', 'L3'];

const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

export function takeSamples(c: Connector, random: Random, measurands: readonly string[]): Sample[] {
  const { phases, voltageV } = c.electrical;
  const lines = PHASES.slice(0, phases);
  const wanted = new Set(measurands);
  const out: Sample[] = [];
  if (wanted.has('Energy.Active.Import.Register')) {
    out.push({ measurand: 'Energy.Active.Import.Register', value: Math.round(c.meterWh), unit: 'Wh' });
  }
  if (wanted.has('Power.Active.Import')) out.push({ measurand: 'Power.Active.Import', value: round(c.powerW, 0), unit: 'W' });
  // Grid voltage wanders a little around nominal; the current follows from the power it carries.
  const volts = lines.map(() => round(voltageV * (1 + (random.next() - 0.5) * 0.02), 1));
  if (wanted.has('Current.Import')) {
    lines.forEach((phase, i) => {
      out.push({ measurand: 'Current.Import', value: round(c.powerW / phases / volts[i], 1), unit: 'A', phase });
    });
  }
  if (wanted.has('Voltage')) {
    lines.forEach((phase, i) => out.push({ measurand: 'Voltage', value: volts[i], unit: 'V', phase: `${phase}-N` }));
  }
  if (wanted.has('SoC') && c.plugged) {
    out.push({ measurand: 'SoC', value: round(c.socPercent, 1), unit: 'Percent', location: 'EV' });
  }
  return out;
}

/** What a batch of meter samples tells about its transaction: first and last readings, peak power, first and last SoC. */
import type { MeterSample } from '../ocpp/events';

export interface SampleSummary {
  firstEnergyWh: number | null;
  lastEnergyWh: number | null;
  maxPowerW: number | null;
  firstSocPercent: number | null;
  lastSocPercent: number | null;
  /** The latest sample instant; null when there is no sample. */
  lastAt: string | null;
}

/** Samples may come in any order within a message; instants decide first and last. */
export function summarizeSamples(samples: readonly MeterSample[]): SampleSummary {
  const summary: SampleSummary = { firstEnergyWh: null, lastEnergyWh: null, maxPowerW: null, firstSocPercent: null, lastSocPercent: null, lastAt: null };
  let firstEnergyAt = '';
  let lastEnergyAt = '';
  let firstSocAt = '';
  let lastSocAt = '';
  for (const s of samples) {
    const at = s.timestamp;
    if (summary.lastAt === null || at > summary.lastAt) summary.lastAt = at;
    if (s.energyWh !== undefined) {
      if (summary.firstEnergyWh === null || at < firstEnergyAt) { summary.firstEnergyWh = s.energyWh; firstEnergyAt = at; }
      if (summary.lastEnergyWh === null || at >= lastEnergyAt) { summary.lastEnergyWh = s.energyWh; lastEnergyAt = at; }
    }
    if (s.socPercent !== undefined) {
      if (summary.firstSocPercent === null || at < firstSocAt) { summary.firstSocPercent = s.socPercent; firstSocAt = at; }
      if (summary.lastSocPercent === null || at >= lastSocAt) { summary.lastSocPercent = s.socPercent; lastSocAt = at; }
    }
    if (s.powerW !== undefined && (summary.maxPowerW === null || s.powerW > summary.maxPowerW)) summary.maxPowerW = s.powerW;
  }
  return summary;
}

/** The columns of a meter_values row, in table order, for a sample. */
export function sampleColumns(s: MeterSample): Record<string, number | string | null> {
  return {
    sampledAt: s.timestamp,
    context: s.context ?? null,
    energyWh: s.energyWh ?? null,
    powerW: s.powerW ?? null,
    currentA: s.currentA ?? null,
    voltageV: s.voltageV ?? null,
    socPercent: s.socPercent ?? null,
    reactivePowerVar: s.reactivePowerVar ?? null,
    powerOfferedW: s.powerOfferedW ?? null,
    temperatureC: s.temperatureC ?? null,
  };
}

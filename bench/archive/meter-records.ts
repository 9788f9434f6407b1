/**
 * The meter records of the ingest measurement: what the archiver makes of MeterValues messages from stations in
 * open transactions, each message carrying several samples (a station that reports every 10 s and sends a batch),
 * each sample with the usual measurands. Dealt round-robin over the stations, as messages arrive from a park.
 */
import type { MeterRecord } from '../../lib/archive/records';
import type { MeterSample } from '../../lib/ocpp/events';

const SAMPLE_PERIOD_MS = 10_000;
const START_MS = Date.UTC(2025, 0, 6, 8, 0, 0);

export const transactionIdOf = (station: number): string => String(1000 + station);
export const stationIdOf = (station: number): string => `bench-cp-${String(station).padStart(4, '0')}`;

/** A small deterministic generator: same rows every round, so the rounds compare. */
function wobble(seed: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

function sample(station: number, index: number): MeterSample {
  const powerW = Math.round(7000 + 4000 * wobble(station * 7919 + index));
  const currentA = Math.round((powerW / 230 / 3) * 10) / 10;
  return {
    timestamp: new Date(START_MS + station * 1000 + index * SAMPLE_PERIOD_MS).toISOString(),
    context: 'Sample.Periodic',
    // About 11 kW for 10 s per sample, from a register that did not start at zero.
    energyWh: 150_000 + station * 10_000 + index * 30,
    powerW,
    currentA,
    voltageV: Math.round((228 + 4 * wobble(station + index * 31)) * 10) / 10,
    socPercent: Math.min(100, 20 + Math.floor(index / 20)),
  };
}

/** Records for exactly `rows` samples: `samplesPerRecord` each (the last may hold fewer), `stations` transactions. */
export function meterRecords(rows: number, samplesPerRecord: number, stations: number): MeterRecord[] {
  const records: MeterRecord[] = [];
  const next = new Array<number>(stations).fill(0);
  for (let done = 0, k = 0; done < rows; k++) {
    const station = k % stations;
    const count = Math.min(samplesPerRecord, rows - done);
    const samples: MeterSample[] = [];
    for (let j = 0; j < count; j++) samples.push(sample(station, next[station]++));
    records.push({ kind: 'meter', stationId: stationIdOf(station), evseId: 1, transactionId: transactionIdOf(station), samples });
    done += count;
  }
  return records;
}

export function rowCount(records: readonly MeterRecord[]): number {
  let n = 0;
  for (const r of records) n += r.samples.length;
  return n;
}

/**
 * The ACN Caltech sessions of March 2019 (data/ beside this file, see its README): 5-minute periods, 208 V, EVSEs with a
 * continuous pilot of 0 to 32 A, EVs of 6.6 kW with an ideal battery.
 */
import fs from 'fs';
import path from 'path';

export interface Session {
  id: string;
  station: string;
  /** First period it may charge in. */
  arrival: number;
  /** First period it is gone. */
  departure: number;
  energyKwh: number;
}

export const PERIOD_H = 5 / 60;
export const VOLTAGE = 208;
export const EVSE_MAX_A = 32;
export const BATTERY_MAX_KW = 6.6;
/** The most an EV draws: the EVSE's 32 A pilot, or less where the battery's 6.6 kW binds (31.7 A). */
export const EV_MAX_A = Math.min(EVSE_MAX_A, (BATTERY_MAX_KW * 1000) / VOLTAGE);

/**
 * What the algorithms know of an EV's highest rate. `pilot`, the protocol of specs/smart-charging.md and of ACN-Sim:
 * only the EVSE's 32 A pilot, so a pilot above the 31.7 A the EV draws holds capacity nobody uses. `ev`: every
 * algorithm is told the EV's own rate (an ISO 15118 EV says it), which makes least-laxity first optimal here.
 */
export type RateKnowledge = 'pilot' | 'ev';

/** The highest rate an algorithm counts on for an EV, A. */
export const knownMaxA = (knowledge: RateKnowledge): number => (knowledge === 'pilot' ? EVSE_MAX_A : EV_MAX_A);

// Kept in the repository (with its licence) so the benchmark runs wherever the code is checked out.
export const DEFAULT_DATA = path.resolve(__dirname, '../../../bench/allocation/data/acn-caltech-2019-03.csv');

export function readSessions(file = DEFAULT_DATA): Session[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const [header, ...rows] = lines;
  const cols = header.split(',');
  const at = (name: string) => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column ${name}`);
    return i;
  };
  const [a, d, e, s, id] = ['arrival_period', 'departure_period', 'requested_energy_kWh', 'station_id', 'session_id'].map(at);
  return rows.map((line) => {
    const f = line.split(',');
    return { id: f[id], station: f[s], arrival: Number(f[a]), departure: Number(f[d]), energyKwh: Number(f[e]) };
  });
}

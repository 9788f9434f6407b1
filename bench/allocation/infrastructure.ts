/**
 * Where the benchmark's EVs charge: either one aggregate limit, or the Caltech garage's real 3-phase network
 * (data/acn-caltech-network.json), where each constraint bounds the magnitude of a sum of phasors:
 * |Σⱼ coefⱼ · rⱼ · e^{i·angleⱼ}| ≤ limit. One aggregate limit is the same with one constraint, every coefficient 1
 * and every angle 0, so the baselines and the violation check use lib/allocation's phasor loads for both.
 */
import fs from 'fs';
import path from 'path';
import type { PhasorNetwork } from '../../lib/allocation/phasor';
import { Session, VOLTAGE } from './sessions';

export interface Infrastructure {
  name: string;
  /** EVSE index of each station id of the sessions. */
  evseOf: Map<string, number>;
  /** The limits as phasor magnitudes (one aggregate limit: angles 0, coefficients 1). */
  network: PhasorNetwork;
  /** The real network (phasor limits in the allocator's tree), or one aggregate limit (a plain group). */
  phasor: boolean;
}

export const NETWORK_FILE = path.resolve(__dirname, '../../../bench/allocation/data/acn-caltech-network.json');

interface NetworkJson { station_ids: string[]; phase_angles: number[]; constraint_ids: string[]; matrix: number[][]; limits: number[] }

/** The garage at one of the transformer sizes of the file (10, 20, 30, 50, 70 kW). */
export function caltechNetwork(capKw: number, file = NETWORK_FILE): Infrastructure {
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, NetworkJson>;
  const n = all[String(capKw)];
  if (!n) throw new Error(`${file}: no network for ${capKw} kW (it has ${Object.keys(all).join(', ')})`);
  return {
    name: `Caltech 3-phase network, ${capKw} kW transformer`,
    evseOf: new Map(n.station_ids.map((id, i) => [id, i])),
    network: {
      angles: n.phase_angles.map((deg) => (deg * Math.PI) / 180),
      constraints: n.constraint_ids.map((id, k) => ({
        id, limit: n.limits[k], members: n.matrix[k].flatMap((coef, evse) => (coef === 0 ? [] : [{ evse, coef }])),
      })),
    },
    phasor: true,
  };
}

/** One aggregate limit of `capKw` (at 208 V) over the sessions' stations. */
export function singleLimit(capKw: number, sessions: readonly Session[]): Infrastructure {
  const limitA = (capKw * 1000) / VOLTAGE;
  const ids = [...new Set(sessions.map((s) => s.station))];
  return {
    name: 'one aggregate limit', evseOf: new Map(ids.map((id, i) => [id, i])),
    network: { angles: ids.map(() => 0), constraints: [{ id: 'site', limit: limitA, members: ids.map((_, evse) => ({ evse, coef: 1 })) }] },
    phasor: false,
  };
}


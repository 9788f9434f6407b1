/**
 * A site's electrical tree for the allocator: site -> feeders -> sub-groups -> EVSEs. A group may limit the current
 * on each phase (A) and its total power (W); an EVSE draws on the grid phases it is wired to, as many of them as
 * its EV charges on. The tree compiles into linear constraints on the current of each EVSE, in A per phase.
 */

export type Phase = 1 | 2 | 3;

export interface EvseNode {
  kind: 'evse';
  id: string;
  /** The grid phases the EVSE's L1, L2, L3 are wired to, in that order (a 1-phase EVSE on L2: [2]). */
  gridPhases: Phase[];
  /** What the charger can give, A per phase. */
  maxA: number;
  /** Below this the charger cannot charge (IEC 61851's 6 A): it gets this much or nothing. */
  minA: number;
  /** The phase angle of its current, degrees, where the site has phasor limits (a 208 V delta: 30, -90, 150). */
  angleDeg?: number;
  /** The station and EVSE (1.6 connector) this is, for the allocator that reads sessions from a CSMS. */
  station?: { id: string; evse: number };
  /** The EV plugged in; absent when the EVSE is free (it gets nothing). */
  session?: {
    /** Phases the EV charges on (a 1-phase EV on a 3-phase EVSE draws on the first one); default all. */
    evPhases?: 1 | 2 | 3;
    /** The EV's own maximum, A per phase. */
    maxA?: number;
    /** The EV's minimum charging rate, A per phase. */
    minA?: number;
    /** Higher first when not every minimum fits; default 0. */
    priority?: number;
    /** When the EV leaves, s from now, and the energy it still needs, Wh: with both, it is served by urgency. */
    departureS?: number;
    energyWh?: number;
  };
}

export interface GroupNode {
  kind: 'group';
  id: string;
  /** A per phase: one value for every phase, or one per phase [L1, L2, L3]. */
  limitA?: number | [number, number, number];
  /** Total power over all phases. */
  limitW?: number;
  children: TreeNode[];
}

export type TreeNode = GroupNode | EvseNode;

export interface Site {
  root: GroupNode;
  /** Nominal phase-to-neutral voltage: W = A × V × phases. */
  voltageV: number;
  /** Limits on phasor magnitudes, |Σ coef · current · e^{i·angle}| ≤ limitA, over EVSEs by id (lib/allocation/phasor.ts). */
  phasor?: Array<{ id: string; limitA: number; members: Record<string, number> }>;
}

/** A linear constraint of the compiled tree: Σ coef × current ≤ limit over its members. */
export interface Constraint {
  /** `group/L1` for a phase, `group/W` for the total power. */
  id: string;
  limit: number;
  members: Array<{ evse: number; coef: number }>;
}

export interface CompiledEvse {
  id: string;
  /** Grid phases it draws on with its session (none without one). */
  phases: Phase[];
  floorA: number;
  capA: number;
  priority: number;
  /** Radians, when the site has phasor limits. */
  angle?: number;
  /** What it needs by when: s to departure, and the remaining energy in A·s per phase. */
  deadline?: { leftS: number; needAs: number };
  /** The constraints it appears in, as indexes. */
  constraints: number[];
  coefs: number[];
}

export interface CompiledTree {
  evses: CompiledEvse[];
  constraints: Constraint[];
  phasor: PhasorConstraint[];
  voltageV: number;
}

import type { PhasorConstraint } from './phasor';

const PHASES: Phase[] = [1, 2, 3];

export class TreeError extends Error {}

/** Checks the tree (unique ids, limits, wiring) and turns it into constraints; throws TreeError with the reason. */
export function compileTree(site: Site): CompiledTree {
  if (!(site.voltageV > 0)) throw new TreeError(`the site voltage must be above 0 V, got ${String(site.voltageV)}`);
  const evses: CompiledEvse[] = [];
  const constraints: Constraint[] = [];
  const seen = new Set<string>();
  const visit = (node: TreeNode): number[] => {
    if (seen.has(node.id)) throw new TreeError(`${node.id} appears twice in the tree`);
    seen.add(node.id);
    if (node.kind === 'evse') return [addEvse(node)];
    const under = node.children.flatMap(visit);
    const limits = node.limitA === undefined ? undefined : typeof node.limitA === 'number' ? [node.limitA, node.limitA, node.limitA] : node.limitA;
    if (limits) {
      limits.forEach((limit, i) => {
        if (!(limit >= 0)) throw new TreeError(`${node.id}: the limit of L${i + 1} must be 0 A or more, got ${String(limit)}`);
        const phase = PHASES[i];
        const members = under.filter((e) => evses[e].phases.includes(phase)).map((e) => ({ evse: e, coef: 1 }));
        constraints.push({ id: `${node.id}/L${phase}`, limit, members });
      });
    }
    if (node.limitW !== undefined) {
      if (!(node.limitW >= 0)) throw new TreeError(`${node.id}: the power limit must be 0 W or more, got ${String(node.limitW)}`);
      const members = under.filter((e) => evses[e].phases.length > 0).map((e) => ({ evse: e, coef: site.voltageV * evses[e].phases.length }));
      constraints.push({ id: `${node.id}/W`, limit: node.limitW, members });
    }
    return under;
  };
  const addEvse = (e: EvseNode): number => {
    if (e.gridPhases.length === 0 || e.gridPhases.some((p) => !PHASES.includes(p)) || new Set(e.gridPhases).size !== e.gridPhases.length) {
      throw new TreeError(`${e.id}: wired to ${JSON.stringify(e.gridPhases)}; give distinct phases among 1, 2, 3`);
    }
    if (!(e.maxA >= 0) || !(e.minA >= 0)) throw new TreeError(`${e.id}: the minimum and maximum currents must be 0 A or more`);
    const s = e.session;
    const phases = s ? e.gridPhases.slice(0, Math.min(e.gridPhases.length, s.evPhases ?? 3)) : [];
    const capA = s ? Math.min(e.maxA, s.maxA ?? Infinity) : 0;
    const floorA = s ? Math.min(Math.max(e.minA, s.minA ?? 0), capA) : 0;
    const deadline = s?.departureS !== undefined && s.energyWh !== undefined && phases.length > 0
      ? { leftS: Math.max(0, s.departureS), needAs: (Math.max(0, s.energyWh) * 3600) / (site.voltageV * phases.length) }
      : undefined;
    if (e.angleDeg !== undefined && !Number.isFinite(e.angleDeg)) throw new TreeError(`${e.id}: the angle must be a number of degrees`);
    evses.push({
      id: e.id, phases, floorA, capA, priority: s?.priority ?? 0, ...(e.angleDeg !== undefined ? { angle: (e.angleDeg * Math.PI) / 180 } : {}),
      ...(deadline ? { deadline } : {}), constraints: [], coefs: [],
    });
    return evses.length - 1;
  };
  visit(site.root);
  constraints.forEach((c, ci) => {
    for (const m of c.members) {
      evses[m.evse].constraints.push(ci);
      evses[m.evse].coefs.push(m.coef);
    }
  });
  return { evses, constraints, phasor: compilePhasor(site, evses), voltageV: site.voltageV };
}

function compilePhasor(site: Site, evses: CompiledEvse[]): PhasorConstraint[] {
  const index = new Map(evses.map((e, i) => [e.id, i]));
  return (site.phasor ?? []).map((c) => {
    if (!(c.limitA >= 0)) throw new TreeError(`${c.id}: the limit must be 0 A or more, got ${String(c.limitA)}`);
    const members = Object.entries(c.members).map(([id, coef]) => {
      const evse = index.get(id);
      if (evse === undefined) throw new TreeError(`${c.id}: no EVSE ${id} in the tree`);
      if (evses[evse].angle === undefined) throw new TreeError(`${c.id}: ${id} has no angle`);
      if (!Number.isFinite(coef)) throw new TreeError(`${c.id}: the coefficient of ${id} must be a number`);
      return { evse, coef };
    }).filter((m) => m.coef !== 0);
    return { id: c.id, limit: c.limitA, members };
  });
}

/**
 * The site tree as people write it (in the editor, a file or a msg): groups have `children`, EVSEs name their
 * `station` (and `evse`, 1 by default); wiring and currents have the usual defaults (3 phases, 6 to 32 A).
 */
import { EvseNode, GroupNode, Phase, Site, TreeError, TreeNode } from './tree';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function numberOr(v: unknown, fallback: number | undefined, what: string): number | undefined {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TreeError(`${what} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function nodeOf(raw: unknown, path: string): TreeNode {
  if (!isRecord(raw)) throw new TreeError(`${path} must be an object`);
  const id = raw.id ?? (typeof raw.station === 'string' ? `${raw.station}/${String(raw.evse ?? 1)}` : undefined);
  if (typeof id !== 'string' || id === '') throw new TreeError(`${path} needs an id`);
  if (Array.isArray(raw.children)) {
    let limitA: GroupNode['limitA'];
    if (Array.isArray(raw.limitA)) {
      if (raw.limitA.length !== 3) throw new TreeError(`${id}: limitA per phase needs three values [L1, L2, L3]`);
      limitA = raw.limitA.map((x, i) => numberOr(x, undefined, `${id}: limitA[${i}]`)) as [number, number, number];
    } else limitA = numberOr(raw.limitA, undefined, `${id}: limitA`);
    const group: GroupNode = { kind: 'group', id, children: raw.children.map((c, i) => nodeOf(c, `${id}.children[${i}]`)) };
    if (limitA !== undefined) group.limitA = limitA;
    const limitW = numberOr(raw.limitW, undefined, `${id}: limitW`);
    if (limitW !== undefined) group.limitW = limitW;
    return group;
  }
  if (typeof raw.station !== 'string' || raw.station === '') throw new TreeError(`${id} has neither children (a group) nor a station (an EVSE)`);
  const evse = numberOr(raw.evse, 1, `${id}: evse`)!;
  if (!Number.isInteger(evse) || evse < 1) throw new TreeError(`${id}: evse must be an EVSE number from 1`);
  const phases = raw.phases ?? [1, 2, 3];
  if (!Array.isArray(phases)) throw new TreeError(`${id}: phases must be a list such as [1, 2, 3] or [2]`);
  const node: EvseNode = {
    kind: 'evse', id, station: { id: raw.station, evse }, gridPhases: phases as Phase[],
    maxA: numberOr(raw.maxA, 32, `${id}: maxA`)!, minA: numberOr(raw.minA, 6, `${id}: minA`)!,
  };
  const angleDeg = numberOr(raw.angleDeg, undefined, `${id}: angleDeg`);
  if (angleDeg !== undefined) node.angleDeg = angleDeg;
  return node;
}

/** Reads a site from JSON text or an object; throws TreeError saying what is wrong and where. */
export function siteFromJson(input: unknown): Site {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (err) {
      throw new TreeError(`the site tree is not JSON: ${(err as Error).message}`);
    }
  }
  if (!isRecord(raw)) throw new TreeError('the site tree must be an object {voltageV, root}');
  const root = nodeOf(raw.root, 'root');
  if (root.kind !== 'group') throw new TreeError('the root of the site tree is a group, with children');
  const site: Site = { root, voltageV: numberOr(raw.voltageV, 230, 'voltageV')! };
  if (raw.phasor !== undefined) site.phasor = phasorOf(raw.phasor);
  return site;
}

/** `[{id, limitA, members: {evseId: coefficient}}]`: limits on phasor magnitudes (lib/allocation/phasor.ts). */
function phasorOf(raw: unknown): NonNullable<Site['phasor']> {
  if (!Array.isArray(raw)) throw new TreeError('phasor must be a list of {id, limitA, members}');
  return raw.map((c, i) => {
    if (!isRecord(c) || typeof c.id !== 'string' || !isRecord(c.members)) throw new TreeError(`phasor[${i}] must be {id, limitA, members: {evseId: coefficient}}`);
    const members: Record<string, number> = {};
    for (const [evse, coef] of Object.entries(c.members)) members[evse] = numberOr(coef, undefined, `${c.id}: the coefficient of ${evse}`)!;
    return { id: c.id, limitA: numberOr(c.limitA, undefined, `${c.id}: limitA`)!, members };
  });
}

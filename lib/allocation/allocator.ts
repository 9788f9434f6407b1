/**
 * The allocator between recomputations: it keeps the tree, the live limits flows send (a site meter's headroom, a
 * BMS set-point, a grid operator's capacity), what each EV really draws, and what each EVSE was last told. Each
 * recomputation allocates the current, then says which EVSEs must be told a new limit: every decrease (a group
 * could otherwise be exceeded), and an increase only when it is worth a message (`thresholdA`).
 */
import { compileTree, EvseNode, GroupNode, Site, TreeNode } from './tree';
import { allocate, Allocation } from './waterfill';
import { DEFAULT_DEADLINE_OPTIONS, DeadlineOptions } from './deadline';
import type { LpSolver } from './lp';

/** What the CSMS knows of an EVSE's session at a recomputation: the EV's side as the tree takes it, and more. */
export interface LiveSession extends NonNullable<EvseNode['session']> {
  transactionId?: string;
  /** The current the EV draws now, A per phase (its highest phase). */
  measuredA?: number;
}

export interface AllocatorOptions {
  /** An increase smaller than this is not sent (a decrease always is). Default 1 A. */
  thresholdA?: number;
  /**
   * An EV that draws this much less than its limit is taking less (tapering, or full): its share is lowered to what it
   * draws plus this margin and the rest goes to the others; each time it draws near its limit again, the limit rises by
   * the margin. Default 1 A, as ACN-Sim's ramp-down.
   */
  rampMarginA?: number;
  /** How sessions that know their departure are served (deadline.ts). */
  deadlines?: Partial<DeadlineOptions>;
}

export interface LimitChange {
  /** The EVSE's id in the tree. */
  evse: string;
  transactionId?: string;
  /** The new limit, A per phase, and the same in W over the phases the EV charges on. */
  limitA: number;
  limitW: number;
  /** Sent before any increase, so no group is over its limit in between. */
  decrease: boolean;
}

export interface GroupLoad {
  /** `group/L1`..., `group/W`. */
  id: string;
  limit: number;
  load: number;
  headroom: number;
}

export interface Recomputation {
  allocation: Allocation;
  /** Per EVSE of the tree: the limit it is given (A per phase) and what it draws. */
  evses: Array<{ id: string; limitA: number; limitW: number; measuredA?: number }>;
  groups: GroupLoad[];
  /** Decreases first. */
  changes: LimitChange[];
}

export class PowerAllocator {
  private readonly options: Required<Omit<AllocatorOptions, 'deadlines'>> & { deadlines: DeadlineOptions };
  private readonly external = new Map<string, { limitA?: GroupNode['limitA']; limitW?: number }>();
  private readonly sent = new Map<string, { limitA: number; transactionId?: string }>();
  /** Lowered maxima of EVs that draw less than they are given. */
  private readonly ramped = new Map<string, number>();
  /** For a site with phasor limits (lib/allocation/phasor.ts). */
  private solver?: LpSolver;

  constructor(private readonly site: Site, options: AllocatorOptions = {}) {
    this.options = {
      thresholdA: options.thresholdA ?? 1, rampMarginA: options.rampMarginA ?? 1, deadlines: { ...DEFAULT_DEADLINE_OPTIONS, ...options.deadlines },
    };
    compileTree(site); // a tree it cannot read fails here, not at the first recomputation
  }

  useSolver(solver: LpSolver): void {
    this.solver = solver;
  }

  /** A live limit on a group, tighter than its own (the lower of the two applies); undefined values lift it. */
  setExternalLimit(group: string, limit: { limitA?: GroupNode['limitA']; limitW?: number }): void {
    if (!findGroup(this.site.root, group)) throw new Error(`no group ${group} in the site tree`);
    this.external.set(group, limit);
  }

  recompute(live: ReadonlyMap<string, LiveSession>): Recomputation {
    const site = { ...this.site, root: this.withLive(this.site.root, live) as GroupNode };
    const tree = compileTree(site);
    const allocation = allocate(tree, this.options.deadlines, this.solver);
    const evses = tree.evses.map((e, i) => ({
      id: e.id, limitA: allocation.currentA[i], limitW: allocation.currentA[i] * tree.voltageV * e.phases.length, measuredA: live.get(e.id)?.measuredA,
    }));
    const groups = tree.constraints.map((c) => {
      const load = c.members.reduce((sum, m) => sum + m.coef * allocation.currentA[m.evse], 0);
      return { id: c.id, limit: c.limit, load, headroom: c.limit - load };
    });
    return { allocation, evses, groups, changes: this.changes(evses, live) };
  }

  /** What to tell each EVSE with a session; remembered as sent. */
  private changes(evses: Recomputation['evses'], live: ReadonlyMap<string, LiveSession>): LimitChange[] {
    const out: LimitChange[] = [];
    for (const e of evses) {
      const session = live.get(e.id);
      if (!session) {
        this.sent.delete(e.id);
        this.ramped.delete(e.id);
        continue;
      }
      const last = this.sent.get(e.id);
      const newSession = !last || last.transactionId !== session.transactionId;
      const decrease = !newSession && e.limitA < last.limitA - 1e-6;
      const increase = !newSession && e.limitA >= last.limitA + this.options.thresholdA;
      if (!newSession && !decrease && !increase) continue;
      this.sent.set(e.id, { limitA: e.limitA, transactionId: session.transactionId });
      out.push({ evse: e.id, transactionId: session.transactionId, limitA: e.limitA, limitW: e.limitW, decrease: decrease || (newSession && e.limitA === 0) });
    }
    return out.sort((a, b) => Number(b.decrease) - Number(a.decrease));
  }

  /** The tree with this recomputation's sessions and live limits in it. */
  private withLive(node: TreeNode, live: ReadonlyMap<string, LiveSession>): TreeNode {
    if (node.kind === 'evse') return this.evseWithSession(node, live.get(node.id));
    const external = this.external.get(node.id);
    return {
      ...node,
      limitA: tighter(node.limitA, external?.limitA),
      limitW: external?.limitW === undefined ? node.limitW : Math.min(node.limitW ?? Infinity, external.limitW),
      children: node.children.map((child) => this.withLive(child, live)),
    };
  }

  private evseWithSession(node: EvseNode, session: LiveSession | undefined): EvseNode {
    if (!session) return { ...node, session: undefined };
    const given = this.sent.get(node.id)?.limitA;
    let maxA = session.maxA;
    // Drawing well below what it was given: it gets what it draws plus the margin, until it draws near that again.
    if (given !== undefined && session.measuredA !== undefined) {
      const margin = this.options.rampMarginA;
      const ramped = this.ramped.get(node.id);
      if (session.measuredA < given - margin) this.ramped.set(node.id, session.measuredA + margin);
      else if (ramped !== undefined) this.ramped.set(node.id, ramped + margin);
    }
    const ramped = this.ramped.get(node.id);
    if (ramped !== undefined) maxA = Math.min(maxA ?? Infinity, Math.max(ramped, node.minA));
    const { transactionId: _tx, measuredA: _measured, ...ev } = session;
    return { ...node, session: { ...ev, maxA } };
  }
}

function tighter(own: GroupNode['limitA'], live: GroupNode['limitA']): GroupNode['limitA'] {
  if (live === undefined) return own;
  if (own === undefined) return live;
  const a = typeof own === 'number' ? [own, own, own] : own;
  const b = typeof live === 'number' ? [live, live, live] : live;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.min(a[2], b[2])];
}

function findGroup(node: TreeNode, id: string): GroupNode | undefined {
  if (node.kind === 'evse') return undefined;
  if (node.id === id) return node;
  for (const child of node.children) {
    const found = findGroup(child, id);
    if (found) return found;
  }
  return undefined;
}

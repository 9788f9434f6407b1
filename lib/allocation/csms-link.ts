/**
 * The allocator beside a CSMS: the sessions come from the stations' live state (an open transaction on the EVSE,
 * the current it draws), and each limit goes out as a charging profile in the station's own version.
 */
import type { NeutralCommand } from '../ocpp/commands';
import type { StationSnapshot } from '../stations/types';
import type { LimitChange, LiveSession } from './allocator';
import type { NeedStore } from './needs';
import type { EvseNode, GroupNode, Site, TreeNode } from './tree';

export interface ProfileSettings {
  /** The unit the stations are regulated in: A per phase or W in total. */
  unit: 'A' | 'W';
  /** Above the TxDefault profiles a site may set by hand (stack level 0). */
  stackLevel: number;
  /** Ids from here on, one per EVSE. */
  firstProfileId: number;
}

export const DEFAULT_PROFILE_SETTINGS: ProfileSettings = { unit: 'A', stackLevel: 5, firstProfileId: 5000 };

function evses(node: TreeNode): EvseNode[] {
  return node.kind === 'evse' ? [node] : (node as GroupNode).children.flatMap(evses);
}

/** Each EVSE of a site by id, with its place in the tree (which numbers its profile), found once per site. */
const places = new WeakMap<Site, Map<string, { evse: EvseNode; place: number }>>();
function placeOf(site: Site, id: string): { evse: EvseNode; place: number } | undefined {
  let index = places.get(site);
  if (!index) places.set(site, (index = new Map(evses(site.root).map((evse, place) => [evse.id, { evse, place }]))));
  return index.get(id);
}

/** The tree's EVSE on a station's EVSE (1.6 connector). */
export function evseAt(site: Site, stationId: string, evse: number): EvseNode | undefined {
  return evses(site.root).find((e) => e.station?.id === stationId && e.station.evse === evse);
}

/**
 * The sessions of the tree's EVSEs that the stations report: an open transaction on the EVSE of a connected station,
 * with what it needs by when where that is known.
 */
export function liveSessions(site: Site, stations: readonly StationSnapshot[], needs?: NeedStore, nowMs = Date.now()): Map<string, LiveSession> {
  const byId = new Map(stations.map((s) => [s.identity, s]));
  const live = new Map<string, LiveSession>();
  for (const e of evses(site.root)) {
    if (!e.station) continue;
    const s = byId.get(e.station.id);
    if (!s?.connected) continue;
    const tx = s.transactions.find((t) => (t.evseId ?? t.connectorId) === e.station!.evse);
    if (!tx) continue;
    const meter = s.meter[String(e.station.evse)];
    const phases = e.gridPhases.length;
    // What it draws: the measured current, or the power spread over its phases.
    const measuredA = meter?.currentA ?? (tx.powerW !== undefined ? tx.powerW / (site.voltageV * phases) : undefined);
    const need = needs?.read(e.id, tx, nowMs);
    live.set(e.id, {
      transactionId: tx.transactionId, ...(measuredA !== undefined ? { measuredA } : {}),
      ...(need ? { departureS: need.departureS, energyWh: need.energyWh } : {}),
      ...(need?.floorW !== undefined ? { minA: need.floorW / (site.voltageV * phases) } : {}),
    });
  }
  return live;
}

/** The station and the command that carries a new limit: a Tx profile for the transaction, from its start. */
export function limitCommand(site: Site, change: LimitChange, settings: ProfileSettings = DEFAULT_PROFILE_SETTINGS): { stationId: string; command: NeutralCommand } | undefined {
  const found = placeOf(site, change.evse);
  const station = found?.evse.station;
  if (!found || !station) return undefined;
  // Rounded down to the tenth the profiles carry, so the station never gets more than was allocated.
  const limit = Math.floor((settings.unit === 'A' ? change.limitA : change.limitW) * 10 + 1e-9) / 10;
  const profile = {
    id: settings.firstProfileId + found.place, stackLevel: settings.stackLevel,
    purpose: change.transactionId === undefined ? 'TxDefault' : 'Tx', kind: 'Relative',
    ...(change.transactionId !== undefined ? { transactionId: change.transactionId } : {}),
    schedule: { unit: settings.unit, periods: [{ start: 0, limit }] },
  };
  return { stationId: station.id, command: { command: 'setChargingProfile', evseId: station.evse, profile } };
}

/**
 * Builds reporting records from what the CSMS keeps: closed transactions as the archive stores them, and
 * connector statuses as OCPP 1.6 and 2.0.1 name them.
 */
import type { TransactionRow } from '../archive/backend';
import type { EtatPdc, EtatPrise, OccupationPdc, PointStatus, ReportRecord, SessionRecord, StatusRecord } from './model';
import type { PointMapper } from './ids';

export interface BuiltSession {
  record: SessionRecord;
  /** Set when the row cannot be reported truthfully (no stop, no energy): journaled as failed, never sent. */
  problem?: string;
}

export function sessionId(stationId: string, transactionId: string): string {
  return `${stationId}/${transactionId}`;
}

function iso(value: string | null): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** A closed transaction as a session record; open or incomplete rows come back with a problem. */
export function sessionFromRow(row: TransactionRow, mapper: PointMapper): BuiltSession {
  const start = iso(row.startedAt);
  const end = iso(row.stoppedAt);
  const meterStartWh = row.meterStartWh ?? undefined;
  const meterStopWh = row.meterStopWh ?? undefined;
  // The archive's energy column wins; the meter difference is the fallback for rows written before it existed.
  const energyWh = row.energyWh ?? (meterStartWh !== undefined && meterStopWh !== undefined ? meterStopWh - meterStartWh : undefined);
  const record: SessionRecord = {
    kind: 'session',
    id: sessionId(row.stationId, row.transactionId),
    stationId: row.stationId,
    evseId: row.evseId,
    transactionId: row.transactionId,
    idPdc: mapper.idPdc(row.stationId, row.evseId),
    start: start ?? '',
    end: end ?? '',
    energyWh: energyWh ?? 0,
    ...(meterStartWh !== undefined ? { meterStartWh } : {}),
    ...(meterStopWh !== undefined ? { meterStopWh } : {}),
  };
  const problem = !start ? `no valid start time (${row.startedAt ?? 'none'})`
    : !end ? `no valid stop time (${row.stoppedAt ?? 'none'})`
    : energyWh === undefined ? 'no energy: neither an energy value nor both meter readings'
    : energyWh < 0 ? `negative energy (${energyWh} Wh)`
    : Date.parse(end) < Date.parse(start) ? 'stopped before it started'
    : undefined;
  return problem ? { record, problem } : { record };
}

/**
 * OCPP connector status to QualiCharge's pair. Every state of a session in progress (1.6 Preparing … Finishing,
 * 2.0.1 Occupied) is `occupe`, since QualiCharge expects a session to open on `occupe` and close on `libre`.
 * Unavailable and Faulted say nothing reliable about occupancy, and QualiCharge forbids `occupe` with
 * `hors_service` (its rule 37), so occupancy becomes `inconnu` there.
 */
export function mapOcppStatus(ocppStatus: string): { etatPdc: EtatPdc; occupationPdc: OccupationPdc } {
  switch (ocppStatus) {
    case 'Available':
      return { etatPdc: 'en_service', occupationPdc: 'libre' };
    case 'Preparing':
    case 'Charging':
    case 'SuspendedEV':
    case 'SuspendedEVSE':
    case 'Finishing':
    case 'Occupied':
      return { etatPdc: 'en_service', occupationPdc: 'occupe' };
    case 'Reserved':
      return { etatPdc: 'en_service', occupationPdc: 'reserve' };
    case 'Unavailable':
    case 'Faulted':
      return { etatPdc: 'hors_service', occupationPdc: 'inconnu' };
    default:
      return { etatPdc: 'inconnu', occupationPdc: 'inconnu' };
  }
}

const PLUG_STATE: Record<EtatPdc, EtatPrise> = { en_service: 'fonctionnel', hors_service: 'hors_service', inconnu: 'inconnu' };

export interface StatusInput {
  stationId: string;
  evseId: number | null;
  /** OCPP 1.6 ChargePointStatus or 2.0.1 ConnectorStatus. */
  status: string;
  /** When the station saw it (its StatusNotification timestamp), ISO or epoch ms. */
  at: string | number;
}

export function statusFromOcpp(input: StatusInput, mapper: PointMapper): StatusRecord {
  const at = new Date(input.at).toISOString();
  const idPdc = mapper.idPdc(input.stationId, input.evseId);
  const pair = mapOcppStatus(input.status);
  const plugs = mapper.plugs(input.stationId, input.evseId);
  const status: PointStatus = plugs.length
    ? { ...pair, plugs: Object.fromEntries(plugs.map((p) => [p, PLUG_STATE[pair.etatPdc]])) }
    : pair;
  return { kind: 'status', id: `${idPdc}@${at}`, stationId: input.stationId, evseId: input.evseId, idPdc, ocppStatus: input.status, status, at };
}

/** What no receiver can take, whatever it is: checked before any sink's own rules, and again on every retry. */
export function basicCheck(record: ReportRecord): string | undefined {
  if (record.kind === 'status') return Number.isFinite(Date.parse(record.at)) ? undefined : 'timestamp is not a date';
  const start = Date.parse(record.start);
  const end = Date.parse(record.end);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return 'start or end is not a date';
  if (end < start) return 'stopped before it started';
  if (!Number.isFinite(record.energyWh) || record.energyWh < 0) return `energy ${record.energyWh} Wh is not a reading`;
  return undefined;
}

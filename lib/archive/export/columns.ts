/**
 * The columns of the Transaction History export as data: the CSV and the xlsx writers both read this one list, so
 * the two formats cannot drift apart. The first six follow the reference product's view, in its order.
 */
import type { TransactionRow } from '../backend';

export type Language = 'en' | 'fr';
export type CellType = 'text' | 'number' | 'date';

/** What the writers read: an array, or pages fetched one after the other from the archive. */
export type Rows<Row> = Iterable<Row> | AsyncIterable<Row>;

/** Date cells carry the archive's timestamp text: each format decides how to write an instant. */
export type CellValue = string | number | null;

export interface Column<Row> {
  key: string;
  label: Readonly<Record<Language, string>>;
  type: CellType;
  /** xlsx width in characters; the streaming writer fixes widths before it sees any data. */
  width: number;
  /** xlsx totals row (optional): what the column adds up to. */
  total?: 'count' | 'sum';
  value(row: Row): CellValue;
}

/** One decimal at most: stations report SoC as integers or tenths, and float noise would leak into the text. */
function percent(value: number | null): string {
  return value === null ? '' : `${Math.round(value * 10) / 10}%`;
}

/** "30.7% - 32.1%"; an unknown side stays empty (" - 32.1%") so the known one keeps its place. */
export function socText(start: number | null, stop: number | null): string | null {
  if (start === null && stop === null) return null;
  return `${percent(start)} - ${percent(stop)}`;
}

/** "evse/connector"; the EVSE alone when the connector adds nothing (1.6 stations, one connector per EVSE). */
export function connectorText(evseId: number | null, connectorId: number | null): string | null {
  if (connectorId === null || connectorId === evseId) return evseId === null ? null : String(evseId);
  return `${evseId ?? ''}/${connectorId}`;
}

export const TRANSACTION_COLUMNS: readonly Column<TransactionRow>[] = [
  { key: 'startedAt', type: 'date', width: 20, label: { en: 'Start', fr: 'Démarrage' }, value: (r) => r.startedAt },
  { key: 'stoppedAt', type: 'date', width: 20, label: { en: 'Stop', fr: 'Arrêt' }, value: (r) => r.stoppedAt },
  // Text: ids may be long digit strings a number cell would round.
  { key: 'transactionId', type: 'text', width: 16, total: 'count', label: { en: 'Transaction ID', fr: 'ID de transaction' }, value: (r) => r.transactionId },
  { key: 'soc', type: 'text', width: 15, label: { en: 'SoC', fr: 'SoC' }, value: (r) => socText(r.socStartPercent, r.socStopPercent) },
  { key: 'stopReason', type: 'text', width: 16, label: { en: 'Stop reason', fr: "Raison d'arrêt" }, value: (r) => r.stopReason },
  { key: 'energyWh', type: 'number', width: 12, total: 'sum', label: { en: 'Energy (Wh)', fr: 'Énergie (Wh)' }, value: (r) => r.energyWh },
  { key: 'idTag', type: 'text', width: 20, label: { en: 'Tag', fr: 'Badge' }, value: (r) => r.idTag },
  { key: 'stationId', type: 'text', width: 20, label: { en: 'Station', fr: 'Station' }, value: (r) => r.stationId },
  { key: 'connector', type: 'text', width: 10, label: { en: 'Connector', fr: 'Connecteur' }, value: (r) => connectorText(r.evseId, r.connectorId) },
  { key: 'userGroup', type: 'text', width: 16, label: { en: 'User group', fr: 'Groupe' }, value: (r) => r.userGroup },
  { key: 'durationS', type: 'number', width: 10, label: { en: 'Duration (s)', fr: 'Durée (s)' }, value: (r) => r.durationS },
  { key: 'maxPowerW', type: 'number', width: 12, label: { en: 'Max power (W)', fr: 'Puissance max (W)' }, value: (r) => r.maxPowerW },
  { key: 'meterStartWh', type: 'number', width: 14, label: { en: 'Meter start (Wh)', fr: 'Index début (Wh)' }, value: (r) => r.meterStartWh },
  { key: 'meterStopWh', type: 'number', width: 14, label: { en: 'Meter stop (Wh)', fr: 'Index fin (Wh)' }, value: (r) => r.meterStopWh },
];

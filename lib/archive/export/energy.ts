/**
 * The monthly energy export behind benefits-in-kind billing: one line per month and badge (or user group), through
 * the same CSV and xlsx writers as the transactions.
 */
import type { Writable } from 'node:stream';
import type { EnergyQuery, EnergyRow } from '../backend';
import type { Column, Rows } from './columns';
import { toCsv, writeCsv, type CsvOptions } from './csv';
import { toXlsx, writeXlsx, type XlsxOptions } from './xlsx';

/** Which key the rows were grouped by (`EnergyQuery.by`): it names the second column. */
export type EnergyKey = EnergyQuery['by'];

export function energyColumns(by: EnergyKey): readonly Column<EnergyRow>[] {
  return [
    // Text, not a date: a month is a period, and "2026-11" sorts and filters as it reads.
    { key: 'month', type: 'text', width: 10, label: { en: 'Month', fr: 'Mois' }, value: (r) => r.month },
    by === 'tag'
      ? { key: 'tag', type: 'text', width: 20, label: { en: 'Tag', fr: 'Badge' }, value: (r) => r.key }
      : { key: 'group', type: 'text', width: 20, label: { en: 'User group', fr: 'Groupe' }, value: (r) => r.key },
    { key: 'transactions', type: 'number', width: 12, total: 'sum', label: { en: 'Transactions', fr: 'Transactions' }, value: (r) => r.transactions },
    { key: 'energyWh', type: 'number', width: 14, total: 'sum', label: { en: 'Energy (Wh)', fr: 'Énergie (Wh)' }, value: (r) => r.energyWh },
  ];
}

export function energyCsv(rows: Rows<EnergyRow>, by: EnergyKey, options?: CsvOptions): Promise<string> {
  return toCsv(energyColumns(by), rows, options);
}

export function writeEnergyCsv(rows: Rows<EnergyRow>, by: EnergyKey, out: Writable, options?: CsvOptions): Promise<void> {
  return writeCsv(energyColumns(by), rows, out, options);
}

const ENERGY_SHEET = { en: 'Energy', fr: 'Énergie' } as const;

export function energyXlsx(rows: Rows<EnergyRow>, by: EnergyKey, options: XlsxOptions = {}): Promise<Buffer> {
  return toXlsx(energyColumns(by), rows, { ...options, sheetName: options.sheetName ?? ENERGY_SHEET[options.language ?? 'en'] });
}

export function writeEnergyXlsx(rows: Rows<EnergyRow>, by: EnergyKey, out: Writable, options: XlsxOptions = {}): Promise<void> {
  return writeXlsx(energyColumns(by), rows, out, { ...options, sheetName: options.sheetName ?? ENERGY_SHEET[options.language ?? 'en'] });
}

/**
 * What the badge import understands: the column titles people give a badge list (English and French, as the
 * exports label theirs) and the cell values, as text from a CSV or as typed cells from a workbook.
 */
import type { Language } from '../archive/export/columns';
import { formatTimestamp, parseTimestamp } from '../ocpp/time';

export interface TagValues {
  owner: string | null;
  userGroup: string | null;
  validUntil: string | null;
  blocked: boolean;
  parentId: string | null;
  email: string | null;
}

export type { TagUpdate } from './requests';
export type Field = 'idTag' | keyof TagValues;

/** A cell as the readers give it; workbooks add numbers, booleans and dates to the CSV's text. */
export type Cell = string | number | boolean | Date | undefined;

/** A value the row cannot be imported with; the message follows "row N: <column title>: ". */
export class RowError extends Error {}

interface ImportColumn {
  key: Field;
  /** The titles a template would carry; the transaction export uses the same for the badge and the group. */
  label: Readonly<Record<Language, string>>;
  also: readonly string[];
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: 'idTag', label: { en: 'Tag', fr: 'Badge' }, also: ['id tag', 'badge number', 'badge id', 'numéro de badge', 'n° de badge', 'carte', 'numéro de carte', 'card', 'card number', 'idToken', 'rfid'] },
  { key: 'owner', label: { en: 'Owner', fr: 'Titulaire' }, also: ['name', 'holder', 'nom', 'user', 'utilisateur'] },
  { key: 'userGroup', label: { en: 'User group', fr: 'Groupe' }, also: ['group', 'category', 'user category', 'catégorie', "catégorie d'utilisateur"] },
  { key: 'validUntil', label: { en: 'Valid until', fr: "Valable jusqu'au" }, also: ['expiry', 'expires', 'expiry date', 'expiration', 'expiration date', "date d'expiration", 'valid to', 'fin de validité'] },
  { key: 'blocked', label: { en: 'Blocked', fr: 'Bloqué' }, also: ['status', 'statut'] },
  { key: 'parentId', label: { en: 'Parent badge', fr: 'Badge parent' }, also: ['parent', 'parent id', 'parentIdTag', 'group badge', 'badge de groupe'] },
  { key: 'email', label: { en: 'E-mail', fr: 'Courriel' }, also: ['mail', 'e-mail address', 'email address', 'adresse e-mail', 'adresse mail', 'adresse électronique'] },
];

/** Case, accents, spaces and punctuation do not count: "Numéro de badge", "NUMERO_DE_BADGE" and "numérodebadge" match. */
export function plain(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

const BY_TITLE = new Map(IMPORT_COLUMNS.flatMap((c) => [c.key, c.label.en, c.label.fr, ...c.also].map((t) => [plain(t), c.key] as const)));

export function fieldOf(title: string): Field | undefined {
  return BY_TITLE.get(plain(title));
}

/** A file's text quoted for a message, and cut short: a garbage header must not flood the problem list. */
export function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

export function isEmpty(cell: Cell): boolean {
  return cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function textOf(cell: Cell): string {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : formatTimestamp(cell);
  return String(cell ?? '').trim();
}

/** An OCPP 2.0.1 IdToken (up to 36 characters); the 1.6 limit of 20 is the importer's warning, not a refusal. */
export function badgeOf(cell: Cell): string {
  // Excel keeps 15 significant digits: a longer badge typed into a number cell has already lost the rest.
  if (typeof cell === 'number' && !(Number.isSafeInteger(cell) && Math.abs(cell) < 1e15)) {
    throw new RowError(`${cell} is stored as a number and has lost digits: format the column as text`);
  }
  if (typeof cell === 'boolean' || cell instanceof Date) throw new RowError(`${shown(textOf(cell))} is not a badge number`);
  const badge = textOf(cell);
  if (/\s/.test(badge)) throw new RowError(`${shown(badge)} contains spaces`);
  if (badge.length > 36) throw new RowError(`${shown(badge)} is longer than 36 characters`);
  return badge;
}

const YES = new Set(['true', 'yes', 'oui', 'vrai', '1', 'x', 'blocked', 'bloque', 'bloquee']);
const NO = new Set(['false', 'no', 'non', 'faux', '0', 'active', 'actif']);

/** Yes/no in either language (French Excel writes VRAI/FAUX), or a status column's blocked/active. */
export function blockedOf(cell: Cell): boolean {
  if (typeof cell === 'boolean') return cell;
  const word = plain(textOf(cell));
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  throw new RowError(`${shown(textOf(cell))} is not yes/no, oui/non, true/false, 1/0, x, blocked or active`);
}

const DAY_MS = 86_400_000;

/**
 * A bare day means the end of that day, UTC: a badge valid until the 30th must work all of the 30th, and UTC puts
 * the end an hour or two late in Europe rather than cutting the day short. Undefined for a day that does not exist.
 */
function endOfDay(year: number, month: number, day: number): string | undefined {
  const start = new Date(Date.UTC(year, month - 1, day));
  return start.getUTCMonth() === month - 1 && start.getUTCDate() === day ? formatTimestamp(start.getTime() + DAY_MS - 1) : undefined;
}

/** An ISO day or instant, a French dd/mm/yyyy day, or a workbook date cell, as an ISO instant. */
export function validUntilOf(cell: Cell): string {
  // exceljs gives a date cell as the UTC instant of its wall clock: midnight is a bare day.
  if (cell instanceof Date && !Number.isNaN(cell.getTime())) {
    return formatTimestamp(cell.getTime() % DAY_MS === 0 ? cell.getTime() + DAY_MS - 1 : cell.getTime());
  }
  const text = textOf(cell);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const instant = typeof cell === 'string' ? parseTimestamp(text) : undefined;
  const result = iso ? endOfDay(+iso[1], +iso[2], +iso[3]) : french ? endOfDay(+french[3], +french[2], +french[1]) : instant === undefined ? undefined : formatTimestamp(instant);
  if (result === undefined) throw new RowError(`${shown(text)} is not a date (write 2026-12-31 or 31/12/2026)`);
  return result;
}

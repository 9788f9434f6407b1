/**
 * Monthly energy statements for benefits in kind and compensation: the archive's energy per badge for one month,
 * summed per holder (a holder may carry several badges) and per user group, valued at a price per kWh, with an
 * e-mail to each holder whose badge has an address, shaped for node-red-node-email (to, topic, payload).
 */
import type { EnergyRow } from '../archive/backend';
import { keyOf, Tag } from './tags';

export interface HolderStatement {
  month: string;
  holder: string;
  email?: string;
  userGroup?: string;
  tags: string[];
  transactions: number;
  energyKwh: number;
  /** energyKwh × the price, when one is set. */
  value?: number;
}

export interface GroupTotal {
  month: string;
  userGroup: string | null;
  holders: number;
  transactions: number;
  energyKwh: number;
  value?: number;
}

export interface StatementOptions {
  pricePerKwh?: number;
  currency?: string;
  language: 'en' | 'fr';
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** `rows`: energy by badge for the month; `tags`: who holds each badge. Badges nobody holds are their own holder. */
export function monthlyStatements(month: string, rows: readonly EnergyRow[], tags: readonly Tag[], options: StatementOptions): { holders: HolderStatement[]; groups: GroupTotal[] } {
  const byKey = new Map(tags.map((t) => [keyOf(t.idTag), t]));
  const holders = new Map<string, HolderStatement>();
  for (const row of rows) {
    if (row.month !== month || row.key === null) continue;
    const tag = byKey.get(keyOf(row.key));
    const holder = tag?.owner ?? row.key;
    const id = `${holder}\u0000${tag?.email ?? ''}`;
    const s = holders.get(id) ?? { month, holder, ...(tag?.email ? { email: tag.email } : {}), ...(tag?.userGroup ? { userGroup: tag.userGroup } : {}), tags: [], transactions: 0, energyKwh: 0 };
    s.tags.push(row.key);
    s.transactions += row.transactions;
    s.energyKwh += row.energyWh / 1000;
    holders.set(id, s);
  }
  const price = options.pricePerKwh;
  const list = [...holders.values()].map((s) => ({ ...s, energyKwh: round(s.energyKwh, 3), ...(price !== undefined ? { value: round(s.energyKwh * price, 2) } : {}) }))
    .sort((a, b) => a.holder.localeCompare(b.holder));
  const groups = new Map<string | null, GroupTotal>();
  for (const s of list) {
    const g = groups.get(s.userGroup ?? null) ?? { month, userGroup: s.userGroup ?? null, holders: 0, transactions: 0, energyKwh: 0 };
    g.holders += 1;
    g.transactions += s.transactions;
    g.energyKwh = round(g.energyKwh + s.energyKwh, 3);
    if (s.value !== undefined) g.value = round((g.value ?? 0) + s.value, 2);
    groups.set(g.userGroup, g);
  }
  return { holders: list, groups: [...groups.values()] };
}

/** The holder's e-mail, for node-red-node-email; none without an address. */
export function statementMail(s: HolderStatement, options: StatementOptions): { to: string; topic: string; payload: string } | undefined {
  if (!s.email) return undefined;
  const fr = options.language === 'fr';
  const kwh = s.energyKwh.toLocaleString(fr ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 });
  const value = s.value !== undefined ? `${s.value.toLocaleString(fr ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${options.currency ?? 'EUR'}` : undefined;
  const badges = s.tags.join(', ');
  const lines = fr
    ? [`Bonjour ${s.holder},`, '', `En ${s.month}, vos badges (${badges}) ont chargé ${kwh} kWh en ${s.transactions} session(s).`,
      ...(value ? [`Valeur au titre de l'avantage en nature : ${value}.`] : []), '', 'Message envoyé par EV Charge.']
    : [`Hello ${s.holder},`, '', `In ${s.month}, your badges (${badges}) charged ${kwh} kWh in ${s.transactions} session(s).`,
      ...(value ? [`Value as a benefit in kind: ${value}.`] : []), '', 'Sent by EV Charge.'];
  return { to: s.email, topic: fr ? `Recharge ${s.month} : ${kwh} kWh` : `Charging in ${s.month}: ${kwh} kWh`, payload: lines.join('\n') };
}

/** The first and last instants of a month YYYY-MM (UTC), for the archive's query; undefined when not a month. */
export function monthRange(month: string): { from: string; to: string } | undefined {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { from: new Date(Date.UTC(y, mo - 1, 1)).toISOString(), to: new Date(Date.UTC(y, mo, 1)).toISOString() };
}

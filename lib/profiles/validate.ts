/**
 * What the specs forbid in a charging profile (1.6 §3.13 and §7.8-7.14; 2.0.1 K01 requirements), and profiles
 * that contradict each other on one station. Each problem names the profile, the field and the rule, so a user
 * who filled in a form or a flow that built one knows what to change.
 */
import type { OcppVersion } from '../ocpp/errors';
import type { Profile } from './types';

export interface ProfileProblem {
  profileId: number;
  /** The field at fault (`periods[2].startPeriod`), when there is one. */
  field?: string;
  message: string;
}

export interface StationFacts {
  version: OcppVersion;
  /** EVSEs (1.6 connectors) the station has; unknown when absent. */
  evses?: number;
  /** The ids of the transaction running on each EVSE, when known: a Tx profile needs one. */
  transactions?: ReadonlyMap<number, ReadonlyArray<string>>;
}

const PURPOSE_NAMES = { StationMax: 'station maximum', TxDefault: 'TxDefault', Tx: 'Tx', ExternalConstraints: 'external constraints' } as const;

/** Has at most one decimal, as limits and minimum rates must (1.6 §7.13). */
const oneDecimal = (x: number): boolean => Math.abs(x * 10 - Math.round(x * 10)) < 1e-9;

export function profileProblems(p: Profile, station: StationFacts): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const add = (message: string, field?: string) => problems.push({ profileId: p.id, ...(field ? { field } : {}), message });
  const purpose = PURPOSE_NAMES[p.purpose];
  if (!Number.isInteger(p.id)) add('the id must be an integer', 'id');
  if (!Number.isInteger(p.stackLevel) || p.stackLevel < 0) add('the stack level must be an integer of 0 or more', 'stackLevel');
  if (!Number.isInteger(p.evseId) || p.evseId < 0) add('the EVSE must be 0 (the station) or a positive integer', 'evseId');
  else if (station.evses !== undefined && p.evseId > station.evses) add(`the station has ${station.evses} EVSE(s), not ${p.evseId}`, 'evseId');

  switch (p.purpose) {
    case 'ExternalConstraints':
      add('external constraints are set by an energy management system or the grid operator, never by the CSMS', 'purpose');
      break;
    case 'StationMax':
      if (p.evseId !== 0) add('a station maximum profile applies to the whole station: EVSE 0 only', 'evseId');
      if (p.kind === 'Relative') add('a station maximum profile cannot be Relative: it has no transaction to start from (K01.FR.03, K01.FR.38)', 'kind');
      break;
    case 'Tx': {
      if (p.evseId === 0) add('a Tx profile belongs to one transaction on one EVSE, not to EVSE 0', 'evseId');
      if (station.version === '2.0.1' && p.transactionId === undefined) add('a Tx profile names its transaction on OCPP 2.0.1', 'transactionId');
      if (station.version === '1.6' && p.transactionId !== undefined && !/^-?\d+$/.test(p.transactionId)) {
        add(`a 1.6 transaction id is an integer, not ${JSON.stringify(p.transactionId)}`, 'transactionId');
      }
      const running = station.transactions?.get(p.evseId);
      if (station.transactions && (!running || running.length === 0)) add(`no transaction is running on EVSE ${p.evseId}: the station rejects a Tx profile then`, 'evseId');
      else if (running && p.transactionId !== undefined && !running.includes(p.transactionId)) {
        add(`transaction ${p.transactionId} is not the one running on EVSE ${p.evseId} (${running.join(', ')})`, 'transactionId');
      }
      break;
    }
    default:
      if (p.transactionId !== undefined) add(`only a Tx profile names a transaction, not a ${purpose} profile`, 'transactionId');
  }

  if (p.kind === 'Absolute' && p.startSchedule === undefined) add('an Absolute profile needs a schedule start (K01.FR.40)', 'startSchedule');
  if (p.kind === 'Relative' && p.startSchedule !== undefined) add('a Relative profile starts with its transaction and has no schedule start (K01.FR.41)', 'startSchedule');
  if (p.kind === 'Recurring') {
    if (!p.recurrency) add('a Recurring profile needs its recurrency, Daily or Weekly', 'recurrency');
    if (p.startSchedule === undefined) add('a Recurring profile needs a schedule start: its repetitions are counted from it', 'startSchedule');
  } else if (p.recurrency) add(`only a Recurring profile has a recurrency, not a ${p.kind} one`, 'recurrency');
  if (p.validFrom !== undefined && p.validTo !== undefined && p.validFrom >= p.validTo) add('the end of validity must come after its start', 'validTo');
  if (p.duration !== undefined && (!Number.isInteger(p.duration) || p.duration <= 0)) add('the duration is a whole number of seconds above 0', 'duration');
  if (p.unit !== 'A' && p.unit !== 'W') add('the unit is A (per phase) or W (in total)', 'unit');
  if (p.minChargingRate !== undefined && (p.minChargingRate < 0 || !oneDecimal(p.minChargingRate))) {
    add('the minimum charging rate is 0 or more, with at most one decimal', 'minChargingRate');
  }

  if (p.periods.length === 0) add('a schedule needs at least one period', 'periods');
  p.periods.forEach((period, i) => {
    const at = `periods[${i}]`;
    if (i === 0 && period.startPeriod !== 0) add('the first period starts at 0 s (K01.FR.31)', `${at}.startPeriod`);
    if (i > 0 && period.startPeriod <= p.periods[i - 1].startPeriod) add('periods start in increasing order (K01.FR.35)', `${at}.startPeriod`);
    if (p.duration !== undefined && period.startPeriod >= p.duration) add(`the period starts after the schedule ends (${p.duration} s)`, `${at}.startPeriod`);
    if (!(period.limit >= 0) || !oneDecimal(period.limit)) add('a limit is 0 or more, with at most one decimal', `${at}.limit`);
    if (period.numberPhases !== undefined && ![1, 2, 3].includes(period.numberPhases)) add('the number of phases is 1, 2 or 3', `${at}.numberPhases`);
    if (period.phaseToUse !== undefined) {
      if (station.version === '1.6') add('OCPP 1.6 has no phase to use', `${at}.phaseToUse`);
      else if (period.numberPhases !== 1) add('a phase to use needs a single-phase period (numberPhases 1)', `${at}.phaseToUse`);
      else if (![1, 2, 3].includes(period.phaseToUse)) add('the phase to use is 1, 2 or 3', `${at}.phaseToUse`);
    }
  });
  return problems;
}

/** When two profiles are both valid: [from, to), open ends as ±Infinity; undefined when never. */
function overlap(a: Profile, b: Profile): [number, number] | undefined {
  const from = Math.max(a.validFrom ?? -Infinity, b.validFrom ?? -Infinity);
  const to = Math.min(a.validTo ?? Infinity, b.validTo ?? Infinity);
  return from < to ? [from, to] : undefined;
}

const when = (t: number, open: string): string => (Number.isFinite(t) ? new Date(t).toISOString() : open);

/**
 * Profiles of one purpose and stack level on one EVSE that are valid at the same time (2.0.1 K01.FR.39 forbids it;
 * on 1.6 the newer silently replaces the older, which is rarely what was meant). Tx profiles of different
 * transactions never meet.
 */
export function profileConflicts(profiles: readonly Profile[]): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  for (let i = 0; i < profiles.length; i++) {
    for (let j = i + 1; j < profiles.length; j++) {
      const [a, b] = [profiles[i], profiles[j]];
      if (a.id === b.id || a.purpose !== b.purpose || a.stackLevel !== b.stackLevel || a.evseId !== b.evseId) continue;
      if (a.purpose === 'Tx' && a.transactionId !== undefined && b.transactionId !== undefined && a.transactionId !== b.transactionId) continue;
      const both = overlap(a, b);
      if (!both) continue;
      problems.push({
        profileId: b.id,
        message: `profiles ${a.id} and ${b.id} (${PURPOSE_NAMES[a.purpose]}, stack level ${a.stackLevel}, EVSE ${a.evseId}) are both valid `
          + `from ${when(both[0], 'the start')} to ${when(both[1], 'the end')}: give one another stack level or validity (K01.FR.39)`,
      });
    }
  }
  return problems;
}

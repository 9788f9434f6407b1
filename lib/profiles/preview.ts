/**
 * A template's schedule as the steps a chart draws, in seconds from the start of the schedule (the transaction's
 * start for a Relative profile, startSchedule otherwise). The editor's preview is drawn from this, through the
 * node's admin endpoint, so the form shows what the runtime will send.
 */
import type { RateUnit } from './types';
import type { ProfileTemplate } from './template';

export interface ScheduleStep {
  /** Seconds from the start of the schedule. */
  from: number;
  to: number;
  limit: number;
  unit: RateUnit;
  numberPhases?: number;
}

export interface SchedulePreview {
  /** The span shown: one cycle of a Recurring profile, else the duration, else a day. */
  horizonS: number;
  /** Where no step covers the horizon, this profile sets no limit. */
  steps: ScheduleStep[];
}

const DAY_S = 86_400;

export function previewSchedule(t: ProfileTemplate): SchedulePreview {
  const cycle = t.kind === 'Recurring' ? (t.recurrency === 'Weekly' ? 7 * DAY_S : DAY_S) : undefined;
  const horizonS = cycle ?? (t.duration !== undefined && t.duration > 0 ? t.duration : DAY_S);
  // A schedule shorter than its cycle leaves the rest of the cycle without a limit from this profile.
  const end = Math.min(horizonS, t.duration !== undefined && t.duration > 0 ? t.duration : Infinity);
  // The checks report periods out of order; the chart still shows them where they fall.
  const periods = t.periods.filter((p) => Number.isFinite(p.startPeriod) && p.startPeriod >= 0).sort((a, b) => a.startPeriod - b.startPeriod);
  const steps: ScheduleStep[] = [];
  periods.forEach((p, i) => {
    const to = Math.min(i + 1 < periods.length ? periods[i + 1].startPeriod : end, end);
    if (p.startPeriod >= to) return;
    steps.push({ from: p.startPeriod, to, limit: p.limit, unit: t.unit, ...(p.numberPhases !== undefined ? { numberPhases: p.numberPhases } : {}) });
  });
  return { horizonS, steps };
}

/**
 * Alarm conditions in what flows pass to the alarm router: a condition of their own, what evc-continuity did about
 * a stalled session, an evc-planner plan (a vehicle at risk of leaving short is an alarm until it is not), or an
 * evc-power-allocator recomputation (an EVSE whose minimum does not fit under the limits is an alarm until it does).
 */
import type { AlarmCondition, AlarmPriority } from './model';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The conditions a message carries (none when it is none of these); the reason when it is a malformed condition. */
export function conditionsOfMessage(p: Obj): AlarmCondition[] | string {
  if (typeof p.type === 'string' && p.type.startsWith('stall.')) return stallConditions(p);
  if (Array.isArray(p.vehicles) && typeof p.objective === 'string') return planConditions(p);
  if (Array.isArray(p.leftOut) && Array.isArray(p.evses)) return allocationConditions(p);
  if (typeof p.type === 'string' && typeof p.active === 'boolean') return flowCondition(p);
  return [];
}

function flowCondition(p: Obj): AlarmCondition[] | string {
  const problems: string[] = [];
  const text = (key: string) => {
    if (p[key] !== undefined && typeof p[key] !== 'string') problems.push(`${key} must be a string`);
  };
  ['stationId', 'code', 'message', 'errorCode', 'info', 'vendorErrorCode', 'site', 'at'].forEach(text);
  if (p.type === '') problems.push('type must not be empty');
  if (p.evseId !== undefined && !(Number.isInteger(p.evseId) && (p.evseId as number) >= 0)) problems.push('evseId must be a whole number, 0 or more');
  if (p.priority !== undefined && ![1, 2, 3, 4].includes(p.priority as number)) problems.push('priority must be 1 (critical), 2, 3 or 4 (low)');
  if (p.at !== undefined && Number.isNaN(Date.parse(String(p.at)))) problems.push('at must be an ISO 8601 date-time');
  if (problems.length) return `the alarm condition is not valid: ${problems.join('; ')}`;
  const c: AlarmCondition = { type: p.type as string, active: p.active as boolean };
  for (const key of ['stationId', 'evseId', 'connectorId', 'code', 'message', 'errorCode', 'info', 'vendorErrorCode', 'site', 'at', 'momentary'] as const) {
    if (p[key] !== undefined) (c as unknown as Obj)[key] = p[key];
  }
  if (p.priority !== undefined) c.priority = p.priority as AlarmPriority;
  return [c];
}

/** evc-continuity's actions: a stalled session is an alarm until it recovers; a failed recovery is one more. */
function stallConditions(p: Obj): AlarmCondition[] {
  const where = {
    stationId: String(p.stationId), ...(typeof p.evseId === 'number' ? { evseId: p.evseId } : {}), code: String(p.transactionId),
    ...(typeof p.timestamp === 'string' ? { at: p.timestamp } : {}),
  };
  switch (p.type) {
    case 'stall.detected':
      return [{ ...where, type: 'stalled', active: true, message: `transaction ${where.code} stalled: an EV is plugged in but no energy flows` }];
    case 'stall.recovered':
      return [{ ...where, type: 'stalled', active: false }];
    case 'stall.recoveryFailed':
      return [{ ...where, type: 'recovery', active: true, message: `stalled transaction ${where.code} not recovered: ${String(p.error ?? '')}`.trim() }];
    default:
      return [];
  }
}

/** Every vehicle of a plan: at risk is an alarm (what it misses and why), planned again ends it. */
function planConditions(p: Obj): AlarmCondition[] {
  return (p.vehicles as unknown[]).filter(isObj).map((v) => {
    const atRisk = v.lifecycle === 'at risk' || (v.lifecycle === undefined && v.status === 'at risk');
    return {
      type: 'planning', code: String(v.id), active: atRisk,
      ...(atRisk ? { message: `vehicle ${String(v.id)} will leave ${String(v.shortfallKwh)} kWh short${v.reason ? `: ${String(v.reason)}` : ''}` } : {}),
    };
  });
}

/** Every EVSE of a recomputation: left out (its minimum does not fit) is an alarm, given power again ends it. */
function allocationConditions(p: Obj): AlarmCondition[] {
  const left = new Map((p.leftOut as unknown[]).filter(isObj).map((l) => [String(l.id), String(l.reason ?? '')]));
  const ids = new Set([...(p.evses as unknown[]).filter(isObj).map((e) => String(e.id)), ...left.keys()]);
  return [...ids].map((id) => {
    const reason = left.get(id);
    return {
      type: 'allocation', code: id, active: reason !== undefined,
      ...(reason !== undefined ? { message: `EVSE ${id} left without power${reason ? `: ${reason}` : ''}` } : {}),
    };
  });
}

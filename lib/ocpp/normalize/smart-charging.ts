/** 2.0.1 smart-charging reports from the station: external limits and the EV's charging needs (ISO 15118). */
import type { OcppEvent } from '../events';
import type { NormalizeInput } from './types';
import { makeEvent } from './build';
import { bool, isoTime, list, num, obj, str } from './read';

/** A limit set (Notify) or lifted (Cleared) by a source outside the CSMS, e.g. the grid operator or a local EMS. */
export function chargingLimit(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  const where = { evseId: num(req.evseId) };
  if (input.action === 'ClearedChargingLimit') {
    return [makeEvent(input, 'charging.limit', undefined, where, { source: str(req.chargingLimitSource), cleared: true })];
  }
  const limit = obj(req.chargingLimit);
  return [makeEvent(input, 'charging.limit', undefined, where, {
    source: str(limit?.chargingLimitSource),
    isGridCritical: bool(limit?.isGridCritical),
    cleared: false,
    schedules: list(req.chargingSchedule),
  })];
}

/**
 * The EV's needs (flattened, unit in the name, as in meter samples) or the schedule it chose; `action` says which.
 * AC and DC parameters share names where they mean the same thing.
 */
export function chargingNeeds(input: NormalizeInput): OcppEvent[] {
  const req = input.request;
  const where = { evseId: num(req.evseId) };
  if (input.action === 'NotifyEVChargingSchedule') {
    return [makeEvent(input, 'charging.needs', undefined, where, {
      action: input.action,
      timeBase: isoTime(req.timeBase),
      schedule: obj(req.chargingSchedule),
    })];
  }
  const needs = obj(req.chargingNeeds);
  const ac = obj(needs?.acChargingParameters);
  const dc = obj(needs?.dcChargingParameters);
  return [makeEvent(input, 'charging.needs', undefined, where, {
    action: input.action,
    requestedEnergyTransfer: str(needs?.requestedEnergyTransfer),
    departureTime: isoTime(needs?.departureTime),
    maxScheduleTuples: num(req.maxScheduleTuples),
    energyAmountWh: num(ac?.energyAmount) ?? num(dc?.energyAmount),
    evMinCurrentA: num(ac?.evMinCurrent),
    evMaxCurrentA: num(ac?.evMaxCurrent) ?? num(dc?.evMaxCurrent),
    evMaxVoltageV: num(ac?.evMaxVoltage) ?? num(dc?.evMaxVoltage),
    evMaxPowerW: num(dc?.evMaxPower),
    socPercent: num(dc?.stateOfCharge),
    evEnergyCapacityWh: num(dc?.evEnergyCapacity),
    fullSoCPercent: num(dc?.fullSoC),
    bulkSoCPercent: num(dc?.bulkSoC),
  })];
}

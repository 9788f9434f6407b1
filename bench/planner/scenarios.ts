/**
 * Seeded depot scenarios for the planner benchmark: electric buses over one day from noon. Most pull in in the
 * evening (17:00 to 23:30) after a full block and pull out early (04:30 to 08:00); one in five works a split shift
 * and comes back mid-morning (09:00 to 10:30) for an hour or two. Daily blocks of 150 to 250 km at 1.0 to 1.4 kWh/km
 * on 400 kWh batteries, charged to 95 %; split-shift returns need 60 to 150 kWh. Chargers of 150 kW with two
 * connectors that share it, one for every two buses; the site connection carries every charger at full power, so
 * the as-soon-as-possible baseline is unmanaged charging. Energy at 0.22 per kWh, 0.10 off-peak (22:00 to 06:00),
 * and a demand charge of 0.40 per kW of the day's peak.
 */
import type { PlanInput, VehicleInput } from '../../lib/planning/problem';

export const SCENARIO_START = '2026-03-02T12:00:00Z';

/** A small linear congruential generator: the same seed gives the same depot on every machine. */
function random(seed: number): () => number {
  let s = (seed * 2_654_435_761) % 2 ** 31 || 1;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

export function depotScenario(vehicles: number, seed: number): PlanInput {
  const rand = random(seed);
  const between = (a: number, b: number) => a + rand() * (b - a);
  const at = (hours: number) => new Date(Date.parse(SCENARIO_START) + hours * 3_600_000).toISOString();
  const battery = 400;
  const list: VehicleInput[] = Array.from({ length: vehicles }, (_x, i) => {
    const split = rand() < 0.2;
    const arrivalH = split ? between(21, 22.5) : between(5, 11.5);
    const departureH = split ? arrivalH + between(1, 2) : between(16.5, 20);
    const needKwh = split ? between(60, 150) : between(150, 250) * between(1.0, 1.4);
    const targetSocPercent = 95;
    const socPercent = Math.max(10, targetSocPercent - (needKwh / battery) * 100);
    return { id: `bus-${i + 1}`, batteryKwh: battery, socPercent, targetSocPercent, arrival: at(arrivalH), departure: at(departureH), maxKw: 150 };
  });
  const chargers = Array.from({ length: Math.ceil(vehicles / 2) }, (_x, i) => ({ id: `charger-${i + 1}`, maxKw: 150, connectors: 2 }));
  return {
    start: SCENARIO_START, stepMin: 15, horizonH: 24, vehicles: list, chargers, capacityKw: chargers.length * 150,
    tariff: { timeZone: 'UTC', bands: [{ from: '06:00', pricePerKwh: 0.22 }, { from: '22:00', pricePerKwh: 0.1 }] }, demandChargePerKw: 0.4,
  };
}

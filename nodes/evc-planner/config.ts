/** Reads and checks the evc-planner configuration. */
import { PLAN_OBJECTIVES, PlanInput, PlanObjective } from '../../lib/planning/problem';
import type { FleetOptions } from '../../lib/planning/fleet';
import { readTariff } from '../../lib/planning/tariff';
import { ConfigProblem, configNumber } from '../shared/config-values';

export interface PlannerNodeConfig {
  csms?: string;
  objective?: string;
  stepMin?: string | number;
  horizonH?: string | number;
  budgetS?: string | number;
  /** Chargers, JSON: [{id, maxKw, connectors}]; flows may send others. */
  chargers?: string;
  capacityKw?: string | number;
  /** Tariff, JSON (a price, or bands); empty for none. */
  tariff?: string;
  demandChargePerKw?: string | number;
  stackLevel?: string | number;
}

export interface PlannerSettings {
  base: Omit<PlanInput, 'vehicles'>;
  fleet: FleetOptions;
}

function json(text: string | undefined, name: string): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigProblem(`${name} is not valid JSON: ${(err as Error).message}`);
  }
}

export function plannerSettings(config: PlannerNodeConfig): PlannerSettings {
  const objective = (config.objective || 'peak') as PlanObjective;
  if (!PLAN_OBJECTIVES.includes(objective)) throw new ConfigProblem(`the objective must be one of ${PLAN_OBJECTIVES.join(', ')}`);
  const chargers = json(config.chargers, 'chargers') ?? [];
  if (!Array.isArray(chargers)) throw new ConfigProblem('chargers must be a JSON list of {id, maxKw, connectors}');
  const tariff = json(config.tariff, 'tariff');
  const tariffErrors: string[] = [];
  readTariff(tariff, tariffErrors);
  if (tariffErrors.length) throw new ConfigProblem(tariffErrors.join('; '));
  const base: Omit<PlanInput, 'vehicles'> = {
    objective, chargers, tariff: tariff as PlanInput['tariff'],
    stepMin: configNumber(config.stepMin, 'step', 1, 60, 15, true),
    horizonH: configNumber(config.horizonH, 'horizon', 1, 168, 24, true),
    capacityKw: configNumber(config.capacityKw, 'site capacity', 0, 1e6, 1000),
    demandChargePerKw: configNumber(config.demandChargePerKw, 'demand charge', 0, 1e6, 0),
  };
  const fleet: FleetOptions = {
    budgetMs: configNumber(config.budgetS, 'solver time', 0.1, 600, 2) * 1000,
    stackLevel: configNumber(config.stackLevel, 'stack level', 0, 100, 6, true),
    firstProfileId: 6000,
  };
  return { base, fleet };
}

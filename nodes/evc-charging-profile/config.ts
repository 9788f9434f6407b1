/** Reads and checks the evc-charging-profile configuration: the form's profile, the categories and badge rules. */
import {
  BadgeBook, CategoryError, ProfileTemplate, TemplateError, Wiring, describeProblems, readBadgeRules, readCategories, readTemplate, templateProblems,
} from '../../lib/profiles';
import { ConfigProblem, configNumber } from '../shared/config-values';

export interface ChargingProfileNodeConfig {
  csms?: string;
  purpose?: string;
  kind?: string;
  /** Kept while another kind is chosen, so switching back restores it; read only for a Recurring profile. */
  recurrency?: string;
  profileId?: string | number;
  stackLevel?: string | number;
  unit?: string;
  periods?: unknown;
  minChargingRate?: string | number;
  duration?: string | number;
  startSchedule?: string;
  validFrom?: string;
  validTo?: string;
  categories?: unknown;
  badges?: unknown;
  /** A category's profile on EVSE n has this id + n. */
  categoryFirstId?: string | number;
  voltage?: string | number;
  phases?: string | number;
}

export interface ChargingProfileSettings {
  /** What msg {action: "set"} sends when it carries no profile. */
  template: ProfileTemplate;
  book: BadgeBook;
  categoryFirstId: number;
  wiring: Wiring;
}

export { ConfigProblem };

/** The form's profile fields in the shape a msg profile has. */
export function formTemplateInput(config: ChargingProfileNodeConfig): Record<string, unknown> {
  let periods = config.periods;
  if (typeof periods === 'string') {
    try {
      periods = JSON.parse(periods);
    } catch {
      throw new ConfigProblem('the periods are not valid JSON');
    }
  }
  return {
    id: config.profileId, stackLevel: config.stackLevel, purpose: config.purpose, kind: config.kind,
    recurrency: config.kind === 'Recurring' ? config.recurrency : undefined, unit: config.unit, periods,
    minChargingRate: config.minChargingRate, duration: config.duration, startSchedule: config.startSchedule,
    validFrom: config.validFrom, validTo: config.validTo,
  };
}

export function chargingProfileSettings(config: ChargingProfileNodeConfig): ChargingProfileSettings {
  let template: ProfileTemplate;
  try {
    template = readTemplate(formTemplateInput(config));
  } catch (err) {
    if (err instanceof TemplateError) throw new ConfigProblem(`the profile: ${err.message}`);
    throw err;
  }
  const problems = templateProblems(template);
  if (problems.length > 0) throw new ConfigProblem(`the profile: ${describeProblems(problems)}`);
  let book: BadgeBook;
  try {
    const categories = readCategories(config.categories);
    book = new BadgeBook(categories, readBadgeRules(config.badges, categories));
  } catch (err) {
    if (err instanceof CategoryError) throw new ConfigProblem(err.message);
    throw err;
  }
  return {
    template,
    book,
    categoryFirstId: configNumber(config.categoryFirstId, 'category profile ids', 0, 2_000_000_000, 9000, true),
    wiring: { voltageV: configNumber(config.voltage, 'voltage', 100, 1000, 230), phases: configNumber(config.phases, 'phases', 1, 3, 3, true) },
  };
}

/**
 * User categories: a profile per kind of driver (sales, technicians, ...) and badge rules that say which badge
 * belongs to which category. The profile is a Tx profile for the badge's transaction, Relative unless the category
 * says otherwise.
 */
import { ProfileTemplate, TemplateError, readTemplate } from './template';
import { describeProblems, templateProblems } from './builder';

export interface Category {
  name: string;
  template: ProfileTemplate;
}

export interface BadgeRule {
  /** An exact badge, or a prefix ending with `*` (`*` alone: every badge). */
  idTag: string;
  category: string;
}

export class CategoryError extends Error {}

/** What a category's template says when it leaves it out. Its id is set per EVSE when it is sent. */
export const CATEGORY_DEFAULTS: Partial<ProfileTemplate> = { id: 0, purpose: 'Tx', kind: 'Relative', stackLevel: 1, unit: 'A' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the categories; throws CategoryError naming the category at fault. */
export function readCategories(input: unknown): Category[] {
  if (input === undefined || input === null || input === '') return [];
  if (!Array.isArray(input)) throw new CategoryError('the categories must be a list');
  const seen = new Set<string>();
  return input.map((item, i) => {
    if (!isRecord(item)) throw new CategoryError(`category ${i + 1} must be an object with a name and a profile`);
    const name = typeof item.name === 'string' ? item.name.trim() : '';
    if (!name) throw new CategoryError(`category ${i + 1} has no name`);
    if (seen.has(name.toLowerCase())) throw new CategoryError(`two categories are called ${name}`);
    seen.add(name.toLowerCase());
    let profile = item.profile;
    if (typeof profile === 'string') {
      try {
        profile = JSON.parse(profile);
      } catch {
        throw new CategoryError(`category ${name}: its profile is not valid JSON`);
      }
    }
    let template: ProfileTemplate;
    try {
      template = readTemplate(profile, CATEGORY_DEFAULTS);
    } catch (err) {
      throw new CategoryError(`category ${name}: ${(err as TemplateError).message}`);
    }
    if (template.purpose !== 'Tx') throw new CategoryError(`category ${name}: its profile is a Tx profile for the badge's transaction, not ${template.purpose}`);
    const problems = templateProblems(template);
    if (problems.length > 0) throw new CategoryError(`category ${name}: ${describeProblems(problems)}`);
    return { name, template };
  });
}

// An OCPP 2.0.1 idToken has up to 36 characters (1.6: 20); a rule may end with `*` beyond that.
const RULE = /^[^*\s]{0,36}\*?$/;

/** Reads badge rules; each must name a known category. Throws CategoryError naming the rule at fault. */
export function readBadgeRules(input: unknown, categories: readonly Category[]): BadgeRule[] {
  if (input === undefined || input === null || input === '') return [];
  if (!Array.isArray(input)) throw new CategoryError('the badge rules must be a list');
  return input.map((item, i) => {
    if (!isRecord(item)) throw new CategoryError(`badge rule ${i + 1} must be an object with an idTag and a category`);
    return checkedRule(item.idTag, item.category, categories, `badge rule ${i + 1}`);
  });
}

/** One rule, its category spelled as declared; `where` names it in the message. */
export function checkedRule(idTag: unknown, category: unknown, categories: readonly Category[], where = 'the badge rule'): BadgeRule {
  const tag = typeof idTag === 'string' ? idTag.trim() : typeof idTag === 'number' ? String(idTag) : '';
  if (!tag || !RULE.test(tag)) throw new CategoryError(`${where}: the badge must be an idTag of up to 36 characters without spaces, or a prefix ending with *`);
  const wanted = typeof category === 'string' ? category.trim().toLowerCase() : '';
  const found = categories.find((c) => c.name.toLowerCase() === wanted);
  if (!found) throw new CategoryError(`${where}: no category ${JSON.stringify(category)} (known: ${categories.map((c) => c.name).join(', ') || 'none'})`);
  return { idTag: tag, category: found.name };
}

/**
 * The rule for a badge: an exact rule first, else the longest matching prefix. Badges are compared without regard
 * to case, as both OCPP versions define idTag/idToken.
 */
export function ruleForBadge(idTag: string, rules: readonly BadgeRule[]): BadgeRule | undefined {
  const tag = idTag.toLowerCase();
  let best: BadgeRule | undefined;
  for (const rule of rules) {
    const pattern = rule.idTag.toLowerCase();
    if (!pattern.endsWith('*')) {
      if (pattern === tag) return rule;
      continue;
    }
    const prefix = pattern.slice(0, -1);
    if (tag.startsWith(prefix) && (!best || prefix.length > best.idTag.length - 1)) best = rule;
  }
  return best;
}

/** The categories and the rules, with rules added while the flow runs. */
export class BadgeBook {
  private rules: BadgeRule[];

  constructor(readonly categories: readonly Category[], rules: readonly BadgeRule[]) {
    this.rules = [...rules];
  }

  get size(): number {
    return this.rules.length;
  }

  list(): readonly BadgeRule[] {
    return this.rules;
  }

  /** Adds a rule, replacing the one for the same badge pattern; throws CategoryError when it is not valid. */
  add(idTag: unknown, category: unknown): BadgeRule {
    const rule = checkedRule(idTag, category, this.categories);
    this.rules = [...this.rules.filter((r) => r.idTag.toLowerCase() !== rule.idTag.toLowerCase()), rule];
    return rule;
  }

  /** The badge's category, and the rule that chose it. */
  lookup(idTag: string): { rule: BadgeRule; category: Category } | undefined {
    const rule = ruleForBadge(idTag, this.rules);
    const category = rule && this.categories.find((c) => c.name === rule.category);
    return rule && category ? { rule, category } : undefined;
  }
}
